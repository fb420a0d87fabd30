package org.opentriage.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.LanguageReport;
import org.opentriage.protocol.LoadReport;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProtocolLoader;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code triage validate [--strict] [--require-lang LANG] [--max-problems N] [PATH...]}: prints the problems of the protocols, one a line;
 * with {@code --strict}, the design-rule warnings too, and any warning fails.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {
                "Checks protocol files and prints each problem as FILE:LINE:COLUMN: CODE SEVERITY: MESSAGE, then the "
                        + "number of errors and warnings.",
                "Without PATH, checks the bundled protocols. Exit 0 when there are no errors, 1 when there are (with "
                        + "--strict, also when there is any warning), 4 when a PATH does not exist or holds no protocol file."})
final class ValidateCommand implements Callable<Integer> {
    private static final String PROTOCOL_FILES = "*.protocol.yaml, *.protocol.yml or *.protocol.json";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Protocol files (" + PROTOCOL_FILES + ") or directories holding them; each is checked "
                    + "within its library (the nearest directory above it holding dispositions.yaml).")
    List<Path> paths = List.of();

    @Option(names = "--strict",
            description = "Also check the clinical design rules a machine can check (warnings TRIAGE-0101 and up: compound "
                    + "questions, red flags first, shared questions, readings, advice and call-back items; see "
                    + "docs/protocol-format.md), for protocols that load without errors, and exit 1 when any warning is "
                    + "found, as for an error.")
    boolean strict;

    @Option(names = "--require-lang", paramLabel = "LANG", split = ",",
            description = "Also report every caller-facing text (titles, questions, answer options, checklist items, care "
                    + "advice, call-back lines, disposition labels) without this language (a BCP-47 tag such as es; "
                    + "repeatable or comma-separated) as an error TRIAGE-0055, and print each language's coverage. "
                    + "Definitions, background, rationales and references are clinical documentation and are not "
                    + "required. The shared questions, scale and modifiers are checked with the library.")
    List<String> requireLanguages = List.of();

    @Option(names = "--max-problems", paramLabel = "N", defaultValue = "100",
            description = "Print at most N problems (default: ${DEFAULT-VALUE}), then how many more there are; the "
                    + "error and warning counts always cover every problem.")
    int maxProblems;

    @Override
    public Integer call() {
        if (maxProblems < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-problems must be 0 or more, not " + maxProblems);
        }
        paths.forEach(ValidateCommand::requireProtocolFiles);
        List<Problem> problems = new ArrayList<>(paths.isEmpty() ? bundledProblems() : ProtocolLoader.checkPaths(paths, strict).problems());
        var out = spec.commandLine().getOut();
        Optional<LanguageReport> languages = Optional.empty();
        if (!requireLanguages.isEmpty()) {
            requireLanguages.forEach(this::requireLanguageTag);
            languages = Optional.of(ProtocolLoader.checkLanguages(paths, new LinkedHashSet<>(requireLanguages)));
            problems.addAll(languages.get().problems());
        }
        problems.stream().limit(maxProblems).map(Problem::format).map(Visible::text).forEach(out::println);
        if (problems.size() > maxProblems) {
            out.println("... and " + (problems.size() - maxProblems) + " more problem(s) not shown (--max-problems N shows more)");
        }
        long errors = problems.stream().filter(Problem::isError).count();
        long warnings = problems.size() - errors;
        languages.ifPresent(report -> requireLanguages.forEach(language -> out.println(String.format(Locale.ROOT,
                "%s: %d of %d caller-facing texts (%.1f %%)", language, report.byLanguage().getOrDefault(language, 0),
                report.texts(), 100 * report.coverage(language)))));
        out.println(errors + " error(s), " + warnings + " warning(s)");
        if (strict && errors > 0) {
            out.println("design rules are checked once the protocols load without errors");
        }
        return errors == 0 && (!strict || warnings == 0) ? ExitCode.OK : ExitCode.PROBLEMS_FOUND;
    }

    /** The bundled library's problems, and with --strict its design-rule warnings when it loads. */
    private List<Problem> bundledProblems() {
        LoadReport report = ProtocolLoader.checkBundled();
        if (!strict || report.library().isEmpty()) {
            return report.problems();
        }
        List<Problem> problems = new ArrayList<>(report.problems());
        problems.addAll(report.library().get().designWarnings());
        return problems;
    }

    private void requireLanguageTag(String language) {
        if (!LocalizedText.isLanguageTag(language)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--require-lang needs a BCP-47 language tag such as es or es-MX, not '" + language + "'");
        }
    }

    /** A path to validate must be a protocol file or a directory with one somewhere below it. */
    private static void requireProtocolFiles(Path path) {
        if (!Files.exists(path)) {
            throw new CommandFailure(ExitCode.BAD_INPUT, path + ": no such file or directory");
        }
        if (Files.isDirectory(path)) {
            boolean found;
            try (Stream<Path> files = Files.walk(path)) {
                found = files.anyMatch(ProtocolLoader::isProtocolFile);
            } catch (IOException e) {
                throw CommandFailure.cannotRead(path, "directory", e);
            } catch (UncheckedIOException e) {
                throw CommandFailure.cannotRead(path, "directory", e.getCause());
            }
            if (!found) {
                throw new CommandFailure(ExitCode.BAD_INPUT, path + ": no protocol file (" + PROTOCOL_FILES + ") found there");
            }
        } else if (!ProtocolLoader.isProtocolFile(path)) {
            throw new CommandFailure(ExitCode.BAD_INPUT, path + ": not a protocol file (" + PROTOCOL_FILES + ")");
        }
    }
}

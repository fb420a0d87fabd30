package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: output, problem lines and exit codes, captured through injected writers. */
class TriageCommandTest {
    private static final Path LIBRARY = Path.of("..", "protocols", "library");
    /** The design-rule fixtures of triage-core: protocols that each break, or keep, one design rule. */
    private static final Path DESIGN_RULES = Path.of("..", "triage-core", "src", "test", "resources", "design-rules", "library");

    @Test
    void validate_withoutPaths_checksTheBundledLibraryAndExitsZero() {
        Cli.Run run = triage("validate");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).endsWith("0 error(s), 0 warning(s)" + System.lineSeparator());
    }

    @Test
    void validate_requireSpanish_everyCallerFacingTextOfTheBundledLibraryHasIt() {
        Cli.Run run = triage("validate", "--require-lang", "es");

        assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).containsPattern("es: ([0-9]+) of \\1 caller-facing texts \\(100.0 %\\)");
    }

    @Test
    void validate_requireSpanish_reportsATextWithoutItAtItsLine_andExitsOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("headache-adult.protocol.yaml");
        String text = Files.readString(LIBRARY.resolve("adult/headache-adult.protocol.yaml"))
                .replaceFirst("\ntitle: \\{en: \"([^\"]*)\", es: \"[^\"]*\"}", "\ntitle: {en: \"$1\"}");
        Files.writeString(file, text);
        int line = (int) text.lines().takeWhile(l -> !l.startsWith("title:")).count() + 1;

        Cli.Run run = triage("validate", "--require-lang", "es", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.PROBLEMS_FOUND);
        assertThat(run.out()).startsWith(file + ":" + line + ":8: TRIAGE-0055 error: text has no 'es': \"Headache (adult)\"")
                .contains("1 error(s)");
    }

    @Test
    void validate_aFileWithAnUnknownKey_printsFileLineColumnCodeAndExitsOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.protocol.yaml");
        String text = Files.readString(LIBRARY.resolve("adult/headache-adult.protocol.yaml"))
                .replaceFirst("\ntitle:", "\ncolour: red\ntitle:");
        Files.writeString(file, text);
        int line = (int) text.lines().takeWhile(l -> !l.startsWith("colour:")).count() + 1;

        Cli.Run run = triage("validate", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.PROBLEMS_FOUND);
        assertThat(run.out()).startsWith(file + ":" + line + ":1: TRIAGE-0010 error: unknown key 'colour'");
        assertThat(run.out()).contains("1 error(s)");
    }

    @Test
    void validate_aProblemQuotingAnEscapeSequence_printsItVisibly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.protocol.yaml");
        Files.writeString(file, Files.readString(LIBRARY.resolve("adult/headache-adult.protocol.yaml"))
                .replace("\ntitle:", "\n\"colour\\e[2J\": red\ntitle:"));

        Cli.Run run = triage("validate", file.toString());

        assertThat(run.out()).doesNotContain("\u001b").contains("unknown key 'colour\\u001b[2J'");
    }

    @Test
    void validateStrict_aFileBreakingADesignRule_printsEachWarningLocatedAndExitsOne() {
        Path file = DESIGN_RULES.resolve("compound-questions.protocol.yaml");

        Cli.Run run = triage("validate", "--strict", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.PROBLEMS_FOUND);
        assertThat(run.out().lines().filter(l -> l.contains(" TRIAGE-0101 warning: ")).toList())
                .hasSize(3)
                .allSatisfy(l -> assertThat(l).endsWith("(compound-questions@0.1.0)"))
                .anySatisfy(l -> assertThat(l).contains("compound-questions.protocol.yaml:25:15: TRIAGE-0101 warning: question"
                        + " 'faint-or-confused'").contains("checklist"));
        assertThat(run.out()).endsWith("0 error(s), 3 warning(s)" + System.lineSeparator());
    }

    @Test
    void validate_withoutStrict_aFileBreakingADesignRule_reportsNothingAndExitsZero() {
        Cli.Run run = triage("validate", DESIGN_RULES.resolve("compound-questions.protocol.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEqualTo("0 error(s), 0 warning(s)" + System.lineSeparator());
    }

    @Test
    void validateStrict_aFileKeepingTheDesignRules_exitsZero() {
        Cli.Run run = triage("validate", "--strict", DESIGN_RULES.resolve("one-finding-questions.protocol.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEqualTo("0 error(s), 0 warning(s)" + System.lineSeparator());
    }

    @Test
    void validateStrict_aFileWithErrors_reportsThemAndSaysTheDesignRulesWait(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.protocol.yaml");
        Files.writeString(file, Files.readString(DESIGN_RULES.resolve("compound-questions.protocol.yaml"))
                .replaceFirst("\ntitle:", "\ncolour: red\ntitle:"));

        Cli.Run run = triage("validate", "--strict", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.PROBLEMS_FOUND);
        assertThat(run.out()).contains("TRIAGE-0010 error").doesNotContain("TRIAGE-0101")
                .contains("design rules are checked once the protocols load without errors");
    }

    @Test
    void validateStrict_theBundledLibrary_printsOnlyDesignWarnings_andExitsOneWhenThereAreAny() {
        Cli.Run run = triage("validate", "--strict", "--max-problems", "100000");

        java.util.List<String> problems = run.out().lines().filter(l -> l.contains(": TRIAGE-")).toList();
        assertThat(problems).allSatisfy(l -> assertThat(l).containsPattern(": TRIAGE-01\\d\\d warning: "));
        assertThat(run.out()).endsWith("0 error(s), " + problems.size() + " warning(s)" + System.lineSeparator());
        assertThat(run.exitCode()).isEqualTo(problems.isEmpty() ? ExitCode.OK : ExitCode.PROBLEMS_FOUND);
    }

    @Test
    void validate_aDirectoryOfTheLibrary_resolvesItsScaleAndRedirects() {
        Cli.Run run = triage("validate", LIBRARY.resolve("adult").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void validate_aMissingPath_exitsBadInputNamingIt() {
        Cli.Run run = triage("validate", LIBRARY.resolve("adult").toString(), "no/such/file.protocol.yaml");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("no/such/file.protocol.yaml: no such file or directory");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void validate_aDirectoryWithoutProtocolFiles_exitsBadInputSayingSo(@TempDir Path dir) throws IOException {
        Files.copy(LIBRARY.resolve("dispositions.yaml"), dir.resolve("dispositions.yaml"));
        Files.writeString(dir.resolve("notes.yaml"), "format: opentriage/protocol/v1\n");

        Cli.Run run = triage("validate", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(dir + ": no protocol file");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void validate_aFileNotNamedAsAProtocol_exitsBadInputSayingSo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.yaml"), "format: opentriage/protocol/v1\n");

        Cli.Run run = triage("validate", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(file + ": not a protocol file");
    }

    @Test
    void validate_withMoreProblemsThanTheCap_printsTheFirstThenHowManyMore_andCountsThemAll(@TempDir Path dir)
            throws IOException {
        Path file = fileWithUnknownKeys(dir, 7);

        Cli.Run run = triage("validate", "--max-problems", "3", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.PROBLEMS_FOUND);
        assertThat(run.out().lines().toList()).hasSize(5).satisfies(lines -> {
            assertThat(lines.subList(0, 3)).allSatisfy(line -> assertThat(line).startsWith(file + ":").contains("TRIAGE-0010"));
            assertThat(lines.get(3)).contains("4 more problem(s)");
            assertThat(lines.get(4)).isEqualTo("7 error(s), 0 warning(s)");
        });
    }

    @Test
    void validate_printsAtMostAHundredProblemsByDefault(@TempDir Path dir) throws IOException {
        Path file = fileWithUnknownKeys(dir, 130);

        Cli.Run run = triage("validate", file.toString());

        assertThat(run.out().lines().filter(line -> line.startsWith(file + ":"))).hasSize(100);
        assertThat(run.out()).contains("30 more problem(s)").endsWith("130 error(s), 0 warning(s)" + System.lineSeparator());
    }

    @Test
    void validate_withANegativeCap_isAUsageError() {
        Cli.Run run = triage("validate", "--max-problems", "-1");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--max-problems");
    }

    /** A copy of a bundled protocol with {@code count} unknown top-level keys, each an error of its own. */
    private static Path fileWithUnknownKeys(Path dir, int count) throws IOException {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < count; i++) {
            keys.append("colour-").append(i).append(": red\n");
        }
        String text = Files.readString(LIBRARY.resolve("adult/headache-adult.protocol.yaml"))
                .replaceFirst("\ntitle:", "\n" + keys + "title:");
        return Files.writeString(dir.resolve("bad.protocol.yaml"), text);
    }

    @Test
    void list_withSearchAndAge_putsTheMatchingProtocolFirst() {
        Cli.Run run = triage("list", "--search", "my chest hurts", "--age", "54");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out().lines().skip(1).findFirst()).hasValueSatisfying(first -> assertThat(first)
                .startsWith("chest-pain-adult").contains("0.2.0").contains("18 y and over")
                .contains("draft, NOT clinically validated"));
    }

    @Test
    void list_withAnInfantAge_showsOnlyProtocolsForThatAge() {
        Cli.Run run = triage("list", "--age", "3 mo");

        assertThat(run.out()).contains("fever-child").doesNotContain("chest-pain-adult");
    }

    @Test
    void badAge_isAUsageError_namingTheValue() {
        Cli.Run run = triage("list", "--age", "old");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("'old' is not an age");
    }

    @Test
    void misspelledCommand_suggestsTheRightOne() {
        Cli.Run run = triage("valdate");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("validate");
    }

    @Test
    void list_ofABrokenLibrary_exitsWithLoadFailed(@TempDir Path dir) throws IOException {
        Files.copy(LIBRARY.resolve("dispositions.yaml"), dir.resolve("dispositions.yaml"));
        Files.writeString(dir.resolve("broken.protocol.yaml"), "format: opentriage/protocol/v1\n");

        Cli.Run run = triage("list", "--library", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.LOAD_FAILED);
        assertThat(run.err()).contains("TRIAGE-0012");
    }
}

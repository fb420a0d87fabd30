package org.opentriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.ProtocolLoader;
import org.opentriage.protocol.Sex;
import org.opentriage.triage.Answer;
import org.opentriage.triage.Patient;
import org.opentriage.triage.TriageEngine;
import org.opentriage.verify.ProtocolVerifier;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code triage verify [PATH...] [--grid default|full] [--out DIR]}: the safety invariants of every answer path
 * ({@link ProtocolVerifier}), protocol by protocol, with each violation on a path written out as a case file
 * that fails until the protocol is fixed.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Walks every answer path of each protocol, for every patient of a grid (ages where a guard "
                + "changes, sex, pregnancy), through the engine, and checks the safety invariants: every walk ends in one "
                + "disposition with care advice; modifiers never lower; 'yes' never lower than 'no', 'don't know' never "
                + "lower than 'yes'; a red flag (a checklist item) reaches at least its level; on the full grid, every group can "
                + "decide and every question can be asked; with --trails, the walks' audit trail verifies and replays. "
                + "Without PATH, the bundled library.",
                "Each violation on a path is written to --out as a case file (the counterexample: the patient and the "
                        + "answers, expecting the level the invariant requires), which 'triage test FILE' runs (against "
                        + "the bundled library, or the protocol's own once the file is copied next to it).",
                "Prints one line per protocol, then walks, violations and walks a second. Exit 0 when no invariant is "
                        + "violated, 6 when any is."})
final class VerifyCommand implements Callable<Integer> {
    private static final String PROTOCOL_SUFFIX = ".protocol.";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Protocol files or directories holding them; each is verified within its library (the nearest "
                    + "directory above it holding dispositions.yaml), of which only the protocols named and those they "
                    + "suggest are read.")
    List<Path> paths = List.of();

    @Option(names = "--grid", paramLabel = "GRID", defaultValue = "default",
            description = "default: both sexes at the youngest age of the population and the last age where a guard "
                    + "changes; full: male, female pregnant and not pregnant, and sex unknown at the youngest age, at every "
                    + "age a guard compares with and a day below it, and at the oldest age (default: ${DEFAULT-VALUE}).")
    String grid;

    @Option(names = "--trails",
            description = "On the full grid, also verify and replay the audit trail of the walks of the default grid's "
                    + "patients, as the default grid always does (about as costly again as walking them).")
    boolean trails;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "counterexamples",
            description = "Where counterexample case files are written, one per violation on a path (default: "
                    + "${DEFAULT-VALUE}; created only when there is one).")
    Path out;

    @Option(names = "--threads", paramLabel = "N",
            description = "Protocols verified at once (default: the processors available).")
    Integer threads;

    private record Target(ProtocolLibrary library, TriageEngine engine, Protocol protocol) {
    }

    @Override
    public Integer call() throws InterruptedException {
        ProtocolVerifier.Grid chosen = switch (grid.toLowerCase(Locale.ROOT)) {
            case "default" -> ProtocolVerifier.Grid.DEFAULT;
            case "full" -> ProtocolVerifier.Grid.FULL;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--grid must be default or full, not " + grid);
        };
        int parallel = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (parallel < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be 1 or more, not " + parallel);
        }
        List<Target> targets = targets();
        PrintWriter print = spec.commandLine().getOut();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "triage-verify");
            t.setDaemon(true);
            return t;
        });
        Map<Target, Future<ProtocolVerifier.Report>> submitted = new java.util.IdentityHashMap<>();
        Map<ProtocolLibrary, ProtocolVerifier> verifiers = new LinkedHashMap<>();
        // The largest protocols first (by questions, which go with the walks), so that no large one is left to walk
        // alone at the end while the other threads wait; reported in the order given.
        for (Target target : targets.stream().sorted(java.util.Comparator.comparingLong(
                (Target t) -> t.protocol().questions().count()).reversed()).toList()) {
            ProtocolVerifier verifier = verifiers.computeIfAbsent(target.library(), l -> new ProtocolVerifier(target.engine(), l));
            submitted.put(target, pool.submit(() -> verifier.verify(target.protocol(), chosen, trails)));
        }
        List<Future<ProtocolVerifier.Report>> reports = targets.stream().map(submitted::get).toList();
        long walks = 0;
        long run = 0;
        int violations = 0;
        int failing = 0;
        Set<String> written = new LinkedHashSet<>();
        try {
            for (Future<ProtocolVerifier.Report> future : reports) {
                ProtocolVerifier.Report report = future.get();
                walks += report.walks();
                run += report.walksRun();
                violations += report.violations().size();
                if (report.violations().isEmpty()) {
                    print.println(Visible.text("ok    " + report.protocol().ref() + ": " + report.walks() + " walks ("
                            + report.walksRun() + " in the engine), " + report.patients().size() + " patients"));
                    continue;
                }
                failing++;
                print.println(Visible.text("FAIL  " + report.protocol().ref() + ": " + report.violations().size() + " violation(s) in "
                        + report.walks() + " walks"));
                int n = 0;
                for (ProtocolVerifier.Violation v : report.violations()) {
                    n++;
                    String where = v.patient().map(VerifyCommand::describe).map(p -> " [" + p + "]").orElse("");
                    print.println(Visible.text("  " + v.invariant().code() + ": " + v.message() + where));
                    if (!v.questions().isEmpty()) {
                        Path file = out.resolve(report.protocol().id() + "." + v.invariant().code() + "." + n + CaseFiles.CASES_SUFFIX);
                        write(file, report.protocol(), v);
                        written.add(file.toString());
                        print.println(Visible.text("    counterexample: " + file));
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("verification failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        print.println(String.format(Locale.ROOT, "%d protocols (%s grid), %d walks (%d walked in the engine, the rest repeating a "
                        + "future already walked), %d violation(s) in %d protocol(s), %.1f s, %.0f walks/s",
                targets.size(), grid.toLowerCase(Locale.ROOT), walks, run, violations, failing, seconds, walks / Math.max(seconds, 1e-9)));
        if (!written.isEmpty()) {
            print.println(Visible.text(written.size() + " counterexample(s) in " + out + paths.stream().findAny()
                    .map(p -> "; copied next to the protocol, 'triage test FILE' runs each").orElse("; 'triage test " + out + "' runs them")));
        }
        return violations == 0 ? ExitCode.OK : ExitCode.NOT_AS_EXPECTED;
    }

    /** The protocols to verify: every protocol of the bundled library, or those of the files under PATH. */
    private List<Target> targets() {
        if (paths.isEmpty()) {
            ProtocolLibrary library = Engines.library();
            TriageEngine engine = Engines.engine().withoutGeneralAssessment();
            return library.latest(java.util.Optional.empty(), ProtocolLibrary.Resolution.ANY_STATUS).stream()
                    .map(p -> new Target(library, engine, p)).toList();
        }
        List<Target> targets = new ArrayList<>();
        protocolFilesByLibrary(paths).forEach((root, files) -> {
            // Only the protocols named and those they suggest: a walk runs one protocol's rules, and the rest of a
            // library can take longer to read than a protocol to verify.
            ProtocolLibrary library = Engines.directory(root, files.keySet());
            TriageEngine engine = TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
                    .generalAssessment(false).build();
            for (String id : files.keySet()) {
                targets.add(new Target(library, engine, resolve(library, root, id)));
            }
        });
        return targets;
    }

    /**
     * The protocol files of the given paths (files, or directories walked for them), by the library each is in (the
     * nearest directory above it holding the disposition scale), each by its protocol's id.
     *
     * @throws CommandFailure {@link ExitCode#BAD_INPUT} for a path that does not exist, holds no protocol file, or is
     *                        not inside a library
     */
    static Map<Path, Map<String, Path>> protocolFilesByLibrary(List<Path> paths) {
        Map<Path, Map<String, Path>> byLibrary = new LinkedHashMap<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new CommandFailure(ExitCode.BAD_INPUT, path + ": no such file or directory");
            }
            Path absolute = path.toAbsolutePath().normalize();
            Path root = root(absolute);
            List<Path> files = protocolFiles(absolute);
            if (files.isEmpty()) {
                throw new CommandFailure(ExitCode.BAD_INPUT, path + " holds no protocol file");
            }
            Map<String, Path> ids = byLibrary.computeIfAbsent(root, k -> new LinkedHashMap<>());
            files.forEach(file -> ids.putIfAbsent(idOf(file), file));
        }
        return byLibrary;
    }

    /** The protocol of a file's id in the library in {@code root} (a file's name is its protocol's id). */
    static Protocol resolve(ProtocolLibrary library, Path root, String id) {
        return library.resolve(id, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow(() -> new CommandFailure(
                ExitCode.BAD_INPUT, "no protocol '" + id + "' in the library in " + root + " (a file's name is its protocol's id)"));
    }

    private static Path root(Path path) {
        return CaseFiles.libraryRoot(path).orElseThrow(() -> new CommandFailure(ExitCode.BAD_INPUT, path
                + " is not inside a protocol library (no " + ProtocolLoader.SCALE_FILE + " above it)"));
    }

    private static List<Path> protocolFiles(Path path) {
        if (Files.isRegularFile(path)) {
            return path.getFileName().toString().contains(PROTOCOL_SUFFIX) ? List.of(path) : List.of();
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(p -> p.getFileName() != null && p.getFileName().toString().contains(PROTOCOL_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.indexOf(PROTOCOL_SUFFIX));
    }

    private static String describe(Patient patient) {
        return patient.age().value().toPlainString() + " d, " + patient.sex().map(Sex::word).orElse("sex unknown")
                + patient.pregnant().filter(p -> p).map(p -> ", pregnant").orElse("");
    }

    /** The violation as a case file: the patient, the answers of the path, the level the invariant requires. */
    private static void write(Path file, Protocol protocol, ProtocolVerifier.Violation v) {
        Patient patient = v.patient().orElseThrow();
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Counterexample found by 'triage verify': ").append(v.invariant().code()).append(".\n");
        yaml.append("# ").append(v.message().replace("\n", " ")).append('\n');
        yaml.append("# It fails until the protocol is fixed; then keep it as a test of the fix.\n");
        yaml.append("format: ").append(CallScript.CASES_FORMAT).append('\n');
        yaml.append("protocol: ").append(protocol.id()).append('\n');
        yaml.append("cases:\n");
        yaml.append("  - name: \"").append(v.invariant().code()).append(" for ").append(describe(patient))
                .append(" after ").append(v.questions().size()).append(" answers\"\n");
        yaml.append("    patient: {age: ").append(patient.age().value().toPlainString()).append(" d, sex: ")
                .append(patient.sex().map(Sex::word).orElse("unknown"));
        patient.pregnant().ifPresent(p -> yaml.append(", pregnant: ").append(p ? "yes" : "no"));
        yaml.append("}\n    answers:\n");
        for (int i = 0; i < v.questions().size(); i++) {
            yaml.append("      ").append(v.questions().get(i)).append(": ").append(text(v.answers().get(i))).append('\n');
        }
        v.atLeast().ifPresent(d -> yaml.append("    expect: {disposition: ").append(d.id()).append("}\n"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.BAD_INPUT, file + ": cannot write the counterexample: " + e.getMessage());
        }
    }

    /** An answer as a case file writes it. */
    static String text(Answer answer) {
        if (answer instanceof Answer.YesNo yesNo) {
            return yesNo.value() ? "yes" : "no";
        }
        if (answer instanceof Answer.Unknown) {
            return "unknown";
        }
        if (answer instanceof Answer.Choice choice) {
            return choice.code();
        }
        if (answer instanceof Answer.Items items) {
            return items.codes().isEmpty() ? "none" : "\"" + items.codes().stream().sorted().collect(Collectors.joining(", ")) + "\"";
        }
        Answer.Number number = (Answer.Number) answer;
        return "{value: " + number.value() + ", confirmed: true}";
    }
}

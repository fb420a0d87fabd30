package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code triage verify}: bundled protocols keep the invariants; a protocol with seeded defects fails, naming
 * each, and its counterexample is a case that {@code triage test} runs and fails until the protocol is fixed.
 */
class VerifyCommandTest {
    private static final Path LIBRARY = Path.of("..", "protocols", "library");
    private static final Path SEEDED = Path.of("src", "test", "resources", "verify", "library");

    @Test
    void bundledProtocols_keepEveryInvariant(@TempDir Path out) {
        Cli.Run run = Cli.triage("verify", LIBRARY.resolve("adult/hives-adult.protocol.yaml").toString(),
                LIBRARY.resolve("pediatric/fever-child.protocol.yaml").toString(),
                // A question asked only of women, first, above answers read by no later condition: the futures below it
                // were walked for the men before, and it is asked all the same.
                LIBRARY.resolve("adult/hay-fever-adult.protocol.yaml").toString(), "--grid", "full", "--out", out.toString());

        List<String> lines = run.out().lines().toList();
        assertThat(lines).anyMatch(l -> l.matches("ok    hives-adult@\\S+: [1-9][0-9]* walks \\([0-9]+ in the engine\\), [1-9][0-9]* patients"));
        assertThat(lines).anyMatch(l -> l.startsWith("ok    fever-child@"));
        assertThat(lines).anyMatch(l -> l.startsWith("ok    hay-fever-adult@"));
        assertThat(lines.get(lines.size() - 1)).matches("3 protocols \\(full grid\\), [1-9][0-9]* walks \\([0-9]+ walked in the engine, "
                + "the rest repeating a future already walked\\), 0 violation\\(s\\) in 0 protocol\\(s\\), [0-9.]+ s, [0-9]+ walks/s");
        assertThat(out).isEmptyDirectory();
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void seededDefects_areEachNamed_andTheCounterexampleFailsAsACase(@TempDir Path dir) throws IOException {
        Path library = seededLibrary(dir);
        Path out = dir.resolve("counterexamples");

        Cli.Run run = Cli.triage("verify", library.toString(), "--grid", "full", "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_AS_EXPECTED);
        assertThat(run.out()).contains("FAIL  walking-test@0.1.0")
                .contains("yes-not-below-no: yes to pain-on-walking can lead to within-24h, but no to it can lead to call-911")
                .contains("question-askable: no path of any patient of the grid asks limp-after-standing");
        List<Path> counterexamples;
        try (Stream<Path> files = Files.list(out)) {
            counterexamples = files.filter(f -> f.getFileName().toString().startsWith("walking-test.yes-not-below-no.")).toList();
        }
        assertThat(counterexamples).isNotEmpty();
        String text = Files.readString(counterexamples.get(0));
        assertThat(text).contains("protocol: walking-test").contains("pain-on-walking: yes").contains("expect: {disposition: call-911}");

        // Next to its protocol, the counterexample runs as a case, and fails until the protocol is fixed.
        Path asCase = library.resolve("walking-test.cases.yaml");
        Files.copy(counterexamples.get(0), asCase);
        Cli.Run test = Cli.triage("test", asCase.toString());
        assertThat(test.out()).contains("FAIL walking-test").contains("expected call-911, got within-24h");
        assertThat(test.exitCode()).isEqualTo(ExitCode.NOT_AS_EXPECTED);

        // Fixed (the emergency item asked first, in a group of its own; the unaskable question gone): it passes.
        Path protocol = library.resolve("walking-test.protocol.yaml");
        String fixedText = Files.readString(protocol)
                .replace("          - {code: blue-lips, text: {en: Blue or grey lips}, disposition: call-911}\n",
                        "          - {code: graze, text: {en: A graze}}\n")
                .replace("      - id: limp-after-standing\n        type: yesno\n        text: {en: Does the patient limp since trying to stand?}\n"
                        + "        askIf: cannot-stand\n", "")
                .replace("triage:\n", "triage:\n  - disposition: call-911\n    questions:\n      - id: blue-lips\n        type: yesno\n"
                        + "        text: {en: Are the patient's lips blue or grey?}\n");
        assertThat(fixedText).doesNotContain("limp-after-standing").contains("id: blue-lips");
        Files.writeString(protocol, fixedText);
        Files.delete(asCase);
        Cli.Run fixed = Cli.triage("verify", library.toString(), "--grid", "full", "--out", out.toString());
        assertThat(fixed.out()).contains("ok    walking-test@0.1.0");
        assertThat(fixed.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void protocolFiles_areVerifiedWithoutReadingTheRestOfTheirLibrary(@TempDir Path dir) throws IOException {
        Path library = seededLibrary(dir);
        // Another protocol of the library, half written: a file the walk of walking-test never reads.
        Files.writeString(library.resolve("half-written.protocol.yaml"), "id: half-written\nversion: [\n");
        Path out = dir.resolve("counterexamples");

        Cli.Run one = Cli.triage("verify", library.resolve("walking-test.protocol.yaml").toString(), "--out", out.toString());

        assertThat(one.out()).contains("FAIL  walking-test@0.1.0");
        assertThat(one.exitCode()).isEqualTo(ExitCode.NOT_AS_EXPECTED);
        Cli.Run all = Cli.triage("verify", library.toString(), "--out", out.toString());
        assertThat(all.err()).contains("half-written.protocol.yaml");
        assertThat(all.exitCode()).isEqualTo(ExitCode.LOAD_FAILED);
    }

    /** A copy of the library with seeded defects, in {@code dir}/library. */
    private static Path seededLibrary(Path dir) throws IOException {
        Path library = Files.createDirectories(dir.resolve("library"));
        try (Stream<Path> files = Files.list(SEEDED)) {
            for (Path f : files.toList()) {
                Files.copy(f, library.resolve(f.getFileName()));
            }
        }
        return library;
    }

    @Test
    void wrongGrid_isAUsageError() {
        Cli.Run run = Cli.triage("verify", "--grid", "everything");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--grid must be default or full, not everything");
    }
}

package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code triage list --benchmark}: the search benchmark's figures, its details and its ratchet. */
class SearchBenchmarkTest {
    private static final Path PHRASES = Path.of("..", "acceptance", "search", "phrases.yaml");
    /** A second blind set, written from the list of protocol ids and titles only, after the first set had been seen. */
    private static final Path PHRASES_2 = Path.of("..", "acceptance", "search", "phrases-2.yaml");

    /** The repository's blind phrases keep the figures their ratchet records: CI fails on a regression only. */
    @Test
    void repositoryPhrases_doNotFallBelowTheirRatchet() {
        assertNoRegression(PHRASES);
    }

    @Test
    void secondBlindSet_doesNotFallBelowItsRatchet() {
        assertNoRegression(PHRASES_2);
    }

    private static void assertNoRegression(Path phrases) {
        Cli.Run run = Cli.triage("list", "--benchmark", phrases.toString(), "--check");

        assertThat(run.out()).doesNotContain("REGRESSION");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
    }

    @Test
    void figures_countFirstAndTopThree_overPhrasesWithAProtocol(@TempDir Path dir) throws IOException {
        Path file = phrases(dir, """
                  - {phrase: "crushing pain in my chest", age: 60 y, expect: chest-pain-adult}
                  - {phrase: "crushing pain in my chest", age: 60 y, expect: headache-adult}
                  - {phrase: "fever and a cough", age: 40 y, expect: fever-adult}
                  - {phrase: "my tooth is killing me", age: 30 y, expect: none}
                """, "");

        Cli.Run run = Cli.triage("list", "--benchmark", file.toString(), "--details");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("search benchmark: 4 phrases, 3 with a protocol, 1 for none")
                .contains("first:       1 of 3 (33.3 %)")
                .contains("top three:   2 of 3 (66.7 %)")
                .contains("not first, by expected protocol: headache-adult 1, fever-adult 1")
                .contains("miss   \"crushing pain in my chest\" (60 y): expected headache-adult, got chest-pain-adult")
                .contains("#2     \"fever and a cough\" (40 y): expected fever-adult, got cough-adult, fever-adult")
                .contains("none   \"my tooth is killing me\"");
    }

    @Test
    void check_failsNamingTheFigure_whenItFallsBelowTheRatchet(@TempDir Path dir) throws IOException {
        Path file = phrases(dir, """
                  - {phrase: "crushing pain in my chest", age: 60 y, expect: chest-pain-adult}
                  - {phrase: "crushing pain in my chest", age: 60 y, expect: headache-adult}
                """, "ratchet: {first: 0.75, topThree: 0.5}\n");

        Cli.Run run = Cli.triage("list", "--benchmark", file.toString(), "--check");

        assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_AS_EXPECTED);
        assertThat(run.out()).contains("REGRESSION: first 0.500 is below the ratchet 0.750").doesNotContain("top three 0.");
    }

    @Test
    void phraseExpectingAnUnknownProtocol_isRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path file = phrases(dir, """
                  - {phrase: "sore tooth", age: 30 y, expect: toothache-adult}
                """, "");

        Cli.Run run = Cli.triage("list", "--benchmark", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("expects 'toothache-adult', which is not a protocol of the library");
    }

    private static Path phrases(Path dir, String items, String tail) throws IOException {
        Path file = dir.resolve("phrases.yaml");
        Files.writeString(file, "format: opentriage/search-phrases/v1\nwriter: test\nphrases:\n" + items + tail);
        return file;
    }
}

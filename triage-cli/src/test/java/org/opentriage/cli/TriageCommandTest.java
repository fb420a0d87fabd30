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

    @Test
    void validate_withoutPaths_checksTheBundledLibraryAndExitsZero() {
        Cli.Run run = triage("validate");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).endsWith("0 error(s), 0 warning(s)" + System.lineSeparator());
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
    void validate_aDirectoryOfTheLibrary_resolvesItsScaleAndRedirects() {
        Cli.Run run = triage("validate", LIBRARY.resolve("adult").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void validate_aMissingPath_exitsOneNamingIt() {
        Cli.Run run = triage("validate", "no/such/file.protocol.yaml");

        assertThat(run.exitCode()).isEqualTo(ExitCode.PROBLEMS_FOUND);
        assertThat(run.out()).contains("no/such/file.protocol.yaml:0:0: TRIAGE-0062 error");
    }

    @Test
    void list_withSearchAndAge_putsTheMatchingProtocolFirst() {
        Cli.Run run = triage("list", "--search", "my chest hurts", "--age", "54");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out().lines().skip(1).findFirst()).hasValueSatisfying(first -> assertThat(first)
                .startsWith("chest-pain-adult").contains("0.1.0").contains("18 y and over")
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

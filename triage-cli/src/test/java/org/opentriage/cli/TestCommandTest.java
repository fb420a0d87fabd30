package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code triage test}: the bundled library's cases all pass; a failing case is reported with both sides. */
class TestCommandTest {
    private static final Path LIBRARY = Path.of("..", "protocols", "library");

    @Test
    void bundledLibrary_everyCasePasses() {
        Cli.Run run = Cli.triage("test");

        List<String> lines = run.out().lines().toList();
        assertThat(lines).noneMatch(line -> line.startsWith("FAIL"));
        assertThat(lines.get(lines.size() - 1)).matches("[1-9][0-9]* passed, 0 failed");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void sourceLibrary_everyCasePasses_andMatchesTheBundledCount() {
        Cli.Run bundled = Cli.triage("test");
        Cli.Run source = Cli.triage("test", LIBRARY.toString());

        assertThat(source.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(last(source)).isEqualTo(last(bundled));
    }

    @Test
    void failingCase_isPrintedWithProtocolCaseExpectedAndActual(@TempDir Path dir) throws IOException {
        Files.copy(LIBRARY.resolve("dispositions.yaml"), dir.resolve("dispositions.yaml"));
        copyChestPainAlone(dir);
        Files.writeString(dir.resolve("chest-pain-adult.cases.yaml"), """
                format: opentriage/cases/v1
                protocol: chest-pain-adult
                cases:
                  - name: collapse is an emergency
                    patient: {age: 54 y, sex: male}
                    answers: {pain-now: yes, last-episode: last-hour, pain-severity: moderate, heart-history: no,
                              collapse-or-confusion: yes}
                    expect: {disposition: call-911, trigger: collapse-or-confusion}
                  - name: deliberately wrong expectation
                    patient: {age: 54 y, sex: male}
                    answers: {pain-now: yes, last-episode: last-hour, pain-severity: moderate, heart-history: no,
                              collapse-or-confusion: yes}
                    expect: {disposition: home-care, trigger: none}
                  - name: an answer too few
                    patient: {age: 54 y, sex: male}
                    answers: {pain-now: yes}
                    expect: {disposition: home-care}
                """);

        Cli.Run run = Cli.triage("test", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_AS_EXPECTED);
        assertThat(run.out()).contains("FAIL chest-pain-adult \"deliberately wrong expectation\"")
                .contains("expected home-care (trigger none), got call-911 (trigger collapse-or-confusion)")
                .contains("FAIL chest-pain-adult \"an answer too few\"").contains("is asked but the case does not answer it");
        assertThat(last(run)).isEqualTo("1 passed, 2 failed");
    }

    @Test
    void caseWithoutSex_forAProtocolThatDependsOnIt_failsNamingTheKey(@TempDir Path dir) throws IOException {
        Files.copy(LIBRARY.resolve("dispositions.yaml"), dir.resolve("dispositions.yaml"));
        copyChestPainAlone(dir);
        Files.writeString(dir.resolve("chest-pain-adult.cases.yaml"), """
                format: opentriage/cases/v1
                protocol: chest-pain-adult
                cases:
                  - name: sex left out
                    patient: {age: 54 y}
                    answers: {pain-now: yes, last-episode: last-hour, pain-severity: moderate, heart-history: no,
                              collapse-or-confusion: yes}
                    expect: {disposition: call-911, trigger: collapse-or-confusion}
                  - name: sex not known
                    patient: {age: 54 y, sex: unknown}
                    answers: {pain-now: yes, last-episode: last-hour, pain-severity: moderate, heart-history: no,
                              collapse-or-confusion: yes}
                    expect: {disposition: call-911, trigger: collapse-or-confusion}
                """);

        Cli.Run run = Cli.triage("test", dir.toString());

        assertThat(run.out()).contains("FAIL chest-pain-adult \"sex left out\" (chest-pain-adult.cases.yaml): patient.sex: missing; "
                + "protocol chest-pain-adult depends on the patient's sex: give female, male or unknown");
        assertThat(last(run)).isEqualTo("1 passed, 1 failed");
    }

    @Test
    void failingCase_withAnEscapeSequenceInItsName_isPrintedVisibly(@TempDir Path dir) throws IOException {
        Files.copy(LIBRARY.resolve("dispositions.yaml"), dir.resolve("dispositions.yaml"));
        copyChestPainAlone(dir);
        Files.writeString(dir.resolve("chest-pain-adult.cases.yaml"), """
                format: opentriage/cases/v1
                protocol: chest-pain-adult
                cases:
                  - name: "\\e[8mhidden"
                    patient: {age: 54 y, sex: male}
                    answers: {pain-now: yes}
                    expect: {disposition: home-care}
                """);

        Cli.Run run = Cli.triage("test", dir.toString());

        assertThat(run.out()).doesNotContain("\u001b").contains("FAIL chest-pain-adult \"\\u001b[8mhidden\"");
    }

    private static String last(Cli.Run run) {
        List<String> lines = run.out().lines().toList();
        return lines.get(lines.size() - 1);
    }

    /** chest-pain-adult in a library of its own: without its suggestions, which name protocols outside it. */
    private static void copyChestPainAlone(Path dir) throws IOException {
        Files.writeString(dir.resolve("chest-pain-adult.protocol.yaml"),
                Files.readString(LIBRARY.resolve("adult/chest-pain-adult.protocol.yaml")).replaceAll("(?m)^ *suggests: .*\n", ""));
    }
}

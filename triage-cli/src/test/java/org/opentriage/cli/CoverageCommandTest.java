package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code triage coverage}: on a fixture library whose case file leaves out, on purpose, the red flag {@code collapsed},
 * the question {@code clicking} (asked from 60 years only), the checklist item {@code bruise}, the groups call-911 and
 * within-3d, and the advice read only from 65 years; its acceptance suite has one call, of a woman of 70, which
 * asks {@code clicking}, answered yes: within-3d decides, and the call-back line from 65 years is read.
 */
class CoverageCommandTest {
    private static final Path FIXTURE = Path.of("src", "test", "resources", "coverage");
    private static final Path LIBRARY = FIXTURE.resolve("library");
    private static final Path SUITE = FIXTURE.resolve("suite");
    private static final String PROTOCOL = "knee-pain-adult.protocol.yaml";

    @Test
    void casesOnly_countsEachKindExactly_andListsTheUndecidedRedFlagFirst() {
        Cli.Run run = Cli.triage("coverage", LIBRARY.resolve(PROTOCOL).toString(), "--cases-only");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("Coverage of the protocols given, in ")
                .endsWith(" by 4 cases (4 run to an outcome) and no acceptance calls (--cases-only)");
        assertThat(lines.subList(1, lines.size())).containsExactly(
                "",
                "knee-pain-adult@0.1.0 (4 cases, 0 calls): red flags 2/3, questions 5/6, checklist items 2/3, "
                        + "advice lines 5/9, groups 3/5, triage questions positive 2/5",
                "  red flags never decided (1): collapsed",
                "  questions never asked (1): clicking",
                "  checklist items never chosen (1): knee-signs: bruise",
                "  care advice never reached (2): call-911 (1 line), within-3d (1 line)",
                "  advice and call-back lines never read (2):",
                "    home-care, conditional: \"Ask someone to help at home while the knee is sore.\"",
                "    call-back, conditional: \"Call back if you cannot manage at home.\"",
                "  groups never deciding (2): call-911, within-3d",
                "  triage questions never positive (3): collapsed, swelling-over-week, clicking",
                "",
                "Red flags never decided in 1 protocol(s): knee-pain-adult (1)",
                "Library: 1 protocols; red flags 2/3 (66.7 %), questions 5/6 (83.3 %), checklist items 2/3 (66.7 %), "
                        + "advice lines 5/9 (55.6 %), groups 3/5 (60.0 %), triage questions positive 2/5 (40.0 %)");
    }

    @Test
    void aCaseThatAnswersTheRedFlagYes_movesItToCovered(@TempDir Path dir) throws IOException {
        Path library = copyOfLibrary(dir);
        Files.writeString(library.resolve("knee-pain-adult.cases.yaml"), """
                  - name: collapsed
                    patient: {age: 40 y, sex: male}
                    answers: {which-knee: left, collapsed: yes}
                    expect: {disposition: call-911, trigger: collapsed}
                """, StandardOpenOption.APPEND);

        Cli.Run run = Cli.triage("coverage", library.toString(), "--cases-only");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("knee-pain-adult@0.1.0 (5 cases, 0 calls): red flags 3/3, questions 5/6, "
                        + "checklist items 2/3, advice lines 6/9, groups 4/5, triage questions positive 3/5")
                .doesNotContain("red flags never decided").doesNotContain("Red flags never decided")
                .contains("  care advice never reached (1): within-3d (1 line)")
                .contains("  groups never deciding (1): within-3d")
                .contains("Library: 1 protocols; red flags 3/3 (100.0 %)");
    }

    @Test
    void theSuitesCalls_countWithTheCases() {
        Cli.Run run = Cli.triage("coverage", LIBRARY.toString(), "--suite", SUITE.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).endsWith(" by 4 cases (4 run to an outcome) and 1 acceptance calls in " + SUITE
                + " (1 replayed to an outcome)");
        assertThat(lines).contains("knee-pain-adult@0.1.0 (4 cases, 1 calls): red flags 2/3, questions 6/6, "
                        + "checklist items 2/3, advice lines 7/9, groups 4/5, triage questions positive 3/5",
                "  red flags never decided (1): collapsed",
                "  care advice never reached (1): call-911 (1 line)",
                "    home-care, conditional: \"Ask someone to help at home while the knee is sore.\"",
                "  groups never deciding (1): call-911",
                "  triage questions never positive (2): collapsed, swelling-over-week");
        assertThat(run.out()).doesNotContain("questions never asked").doesNotContain("call-back, conditional");
    }

    @Test
    void json_givesCountsAndTheUncoveredItemsForTools() throws IOException {
        Cli.Run run = Cli.triage("coverage", LIBRARY.toString(), "--cases-only", "--json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        JsonNode report = new ObjectMapper().readTree(run.out());
        JsonNode protocol = report.get("protocols").get(0);
        assertThat(protocol.get("ref").asText()).isEqualTo("knee-pain-adult@0.1.0");
        assertThat(protocol.get("cases").asInt()).isEqualTo(4);
        assertThat(protocol.at("/counts/redFlags/covered").asInt()).isEqualTo(2);
        assertThat(protocol.at("/counts/redFlags/total").asInt()).isEqualTo(3);
        assertThat(protocol.at("/uncovered/redFlags/0/id").asText()).isEqualTo("collapsed");
        assertThat(protocol.at("/uncovered/redFlags/0/text").asText()).isEqualTo("Has the patient collapsed?");
        assertThat(protocol.at("/uncovered/advice/0/id").asText()).isEqualTo("advice:call-911:0");
        assertThat(ids(protocol.get("adviceNeverReached"))).containsExactly("call-911", "within-3d");
        assertThat(report.at("/summary/redFlags/percent").decimalValue()).isEqualByComparingTo("66.7");
        assertThat(report.at("/cases/total").asInt()).isEqualTo(4);
        assertThat(report.at("/calls/suite").isNull()).isTrue();
    }

    @Test
    void aPathThatDoesNotExist_isBadInput() {
        Cli.Run run = Cli.triage("coverage", "no-such-protocol.protocol.yaml", "--cases-only");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("no-such-protocol.protocol.yaml: no such file or directory");
    }

    @Test
    void suiteAndCasesOnlyTogether_isAUsageError() {
        Cli.Run run = Cli.triage("coverage", LIBRARY.toString(), "--cases-only", "--suite", SUITE.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("give --suite or --cases-only, not both");
    }

    private static Path copyOfLibrary(Path dir) throws IOException {
        Path library = dir.resolve("library");
        Files.createDirectories(library);
        try (var files = Files.list(LIBRARY)) {
            for (Path file : files.toList()) {
                Files.copy(file, library.resolve(file.getFileName()));
            }
        }
        return library;
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.asText()));
        return ids;
    }
}

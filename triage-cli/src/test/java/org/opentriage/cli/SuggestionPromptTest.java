package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;
import static org.opentriage.cli.Cli.triageWithInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code triage run} asks, as soon as an answer suggests another protocol, whether to add it to the call: yes adds it
 * and its questions follow, no declines it; a call script decides under {@code suggestions}, and one that does not
 * decide a suggestion ends the call as incomplete, naming it.
 */
class SuggestionPromptTest {
    /** The general assessment, then chest pain up to fever-with-cough, answered yes (a man of 45). */
    private static final String UP_TO_FEVER_WITH_COUGH = Cli.GENERAL + "y\nlast-3-days\nmild\n" + "n\n".repeat(12) + "y\n";
    private static final String PROMPT = "The answer suggests Cough (adult) (cough-adult): add it to the call? (y/n)";
    private static final Path DECLINING = Cli.EXAMPLE_CALLS.resolve("chest-pain-adult-within-4h.call.yaml");

    @Test
    void interactive_yesToTheSuggestion_addsItsProtocol_whoseQuestionsFollow(@TempDir Path dir) {
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triageWithInput(UP_TO_FEVER_WITH_COUGH + "y\n", "run", "chest-pain-adult", "--age", "45", "--sex", "male",
                "--audit", trail.toString());

        assertThat(run.out()).contains(PROMPT + System.lineSeparator() + "> y" + System.lineSeparator()
                + "Protocol cough-adult@0.2.1 added: Cough (adult)").contains("[cough-adult@0.2.1 cough-duration]");
        assertThat(String.join("\n", Cli.lines(trail))).contains("\"suggested\":\"cough-adult\",\"type\":\"SuggestionOffered\"",
                "\"type\":\"ProtocolAdded\"");
        // The input ends at the cough protocol's first question.
        assertThat(run.exitCode()).isEqualTo(ExitCode.CALL_INCOMPLETE);
    }

    @Test
    void interactive_noToTheSuggestion_declinesIt_andTheOutcomeSaysSo(@TempDir Path dir) {
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triageWithInput(UP_TO_FEVER_WITH_COUGH + "perhaps\nn\n", "run", "chest-pain-adult", "--age", "45",
                "--sex", "male", "--audit", trail.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains(PROMPT, "> perhaps" + System.lineSeparator()
                        + "  Please answer y to add cough-adult to the call, or n to decline it")
                .contains("Suggestion declined: Cough (adult) (cough-adult), by chest-pain-adult fever-with-cough: yes")
                .doesNotContain("[cough-adult@0.2.1");
        assertThat(Cli.lines(trail)).anySatisfy(line -> assertThat(line).contains("\"type\":\"SuggestionDeclined\""));
        assertThat(triage("audit", "replay", trail.toString()).out()).contains("reproduced: within-4h");
    }

    @Test
    void script_thatDoesNotDecideASuggestion_abandonsTheCallNamingIt(@TempDir Path dir) throws IOException {
        Path script = edited(dir, "  cough-adult: decline\n", "");
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triage("run", "--answers", script.toString(), "--audit", trail.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CALL_INCOMPLETE);
        assertThat(run.err()).contains("does not decide the suggestion of protocol cough-adult (add 'cough-adult: add' or "
                + "'cough-adult: decline' under suggestions)");
        assertThat(Cli.lines(trail).get(Cli.lines(trail).size() - 1)).contains("\"type\":\"CallAbandoned\"");
    }

    @Test
    void script_decisionOtherThanAddOrDecline_isBadInput(@TempDir Path dir) throws IOException {
        Path script = edited(dir, "cough-adult: decline", "cough-adult: later");

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("suggestions.cough-adult: expected add or decline, not 'later'");
    }

    @Test
    void script_decidingASuggestionNeverOffered_isWarnedOf(@TempDir Path dir) throws IOException {
        Path script = edited(dir, "  cough-adult: decline\n", "  cough-adult: decline\n  rash-adult: add\n");

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).contains("suggestions never offered: rash-adult");
    }

    private static Path edited(Path dir, String text, String replacement) throws IOException {
        String script = Files.readString(DECLINING);
        assertThat(script).contains(text);
        return Files.writeString(dir.resolve("edited.call.yaml"), script.replace(text, replacement));
    }
}

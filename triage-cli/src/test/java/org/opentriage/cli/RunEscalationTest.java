package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code triage run --escalate-command}: the on-call clinician paged through a host command, and what the nurse sees. */
class RunEscalationTest {
    private static final Path PROVIDER_NOW = Cli.EXAMPLE_CALLS.resolve("chest-pain-adult-call-provider-now.call.yaml");
    private static final Path WITHIN_4H = Cli.EXAMPLE_CALLS.resolve("chest-pain-adult-within-4h.call.yaml");

    @BeforeAll
    static void onAUnixLikeSystem() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh, cat, false, sleep");
    }

    @Test
    void aCallAtTheThreshold_runsTheCommand_withTheEscalationAsJsonOnItsInput(@TempDir Path dir) throws IOException {
        Path received = dir.resolve("page.json");
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triage("run", "--answers", PROVIDER_NOW.toString(), "--rn", "rn-7", "--audit", trail.toString(),
                "--escalate-command", "sh -c 'cat > \"$0\"' " + received);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("Escalated to on-call (call-provider-now): sent", "As expected: call-provider-now");
        JsonNode page = new ObjectMapper().readTree(received.toFile());
        assertThat(page.path("format").asText()).isEqualTo("opentriage/escalation/v1");
        assertThat(page.path("reason").asText()).isEqualTo("reached-level");
        assertThat(page.path("disposition").path("id").asText()).isEqualTo("call-provider-now");
        assertThat(page.path("disposition").path("label").asText()).isNotBlank();
        assertThat(page.path("disposition").path("acuity").asInt()).isEqualTo(70);
        assertThat(page.path("patient").asText()).isEqualTo("demo-cp-provider");
        assertThat(page.path("nurse").asText()).isEqualTo("rn-7");
        assertThat(page.has("callbackNumber")).isTrue();
        assertThat(page.path("callbackNumber").isNull()).isTrue();
        assertThat(page.path("protocols").findValuesAsText("ref")).contains("chest-pain-adult@0.2.0");
        assertThat(page.path("basis").findValuesAsText("trigger")).contains("earlier-heart-type-pain");
        assertThat(run.out()).contains("Call " + page.path("call").asText() + " closed: call-provider-now");

        List<String> lines = Cli.lines(trail);
        assertThat(lines.get(lines.size() - 1)).contains("\"type\":\"EscalationDelivery\"", "\"outcome\":\"sent\"",
                "\"call\":\"" + page.path("call").asText() + "\"");
        assertThat(triage("audit", "verify", trail.toString()).exitCode()).isEqualTo(ExitCode.OK);
        Cli.Run replay = triage("audit", "replay", trail.toString());
        assertThat(replay.exitCode()).as(replay.out() + replay.err()).isEqualTo(ExitCode.OK);
    }

    @Test
    void aCommandThatFails_isTriedAgain_andTheNurseIsToldToPhone(@TempDir Path dir) {
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triage("run", "--answers", PROVIDER_NOW.toString(), "--rn", "rn-7", "--audit", trail.toString(),
                "--escalate-command", "false", "--escalate-attempts", "2");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("As expected: call-provider-now",
                "Escalation to on-call (call-provider-now) FAILED after 2 attempts: IOException: the command exited with "
                        + "code 1. Phone the on-call clinician now.");
        assertThat(String.join("\n", Cli.lines(trail))).contains("\"attempts\":2", "\"outcome\":\"failed\"");
        assertThat(triage("audit", "verify", trail.toString()).exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void aCommandThatHangs_isKilledAtItsTimeout(@TempDir Path dir) {
        Cli.Run run = triage("run", "--answers", PROVIDER_NOW.toString(), "--rn", "rn-7", "--escalate-command", "sleep 60",
                "--escalate-timeout", "300ms", "--escalate-attempts", "1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("As expected: call-provider-now",
                "FAILED after 1 attempt: IOException: the command did not exit within 300 ms (killed)");
    }

    @Test
    void aCallBelowTheThreshold_runsNoCommand(@TempDir Path dir) {
        Path received = dir.resolve("page.json");

        Cli.Run run = triage("run", "--answers", WITHIN_4H.toString(), "--rn", "rn-7",
                "--escalate-command", "sh -c 'cat > \"$0\"' " + received);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("As expected: within-4h").doesNotContain("scalat");
        assertThat(received).doesNotExist();
    }

    @Test
    void escalateAt_setsTheThreshold_andIsChecked(@TempDir Path dir) {
        Path received = dir.resolve("page.json");

        Cli.Run lower = triage("run", "--answers", WITHIN_4H.toString(), "--rn", "rn-7", "--escalate-at", "within-4h",
                "--escalate-command", "sh -c 'cat > \"$0\"' " + received);
        assertThat(lower.out()).contains("Escalated to on-call (within-4h): sent");
        assertThat(received).exists();

        Cli.Run unknown = triage("run", "--answers", WITHIN_4H.toString(), "--escalate-at", "soon", "--escalate-command", "true");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("--escalate-at", "'soon' is not in the disposition scale");

        Cli.Run alone = triage("run", "--answers", WITHIN_4H.toString(), "--escalate-at", "ed-now");
        assertThat(alone.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(alone.err()).contains("need --escalate-command");
    }

    @Test
    void theCommand_isSplitAsShWouldSplitIt_withoutAShell() {
        assertThat(EscalationCommand.split("sh -c 'cat > \"$0\"' /tmp/a\\ b")).containsExactly("sh", "-c", "cat > \"$0\"", "/tmp/a b");
        assertThat(EscalationCommand.split("  pager  --to \"on call\" ")).containsExactly("pager", "--to", "on call");
    }
}

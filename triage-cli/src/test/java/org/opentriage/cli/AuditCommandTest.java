package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentriage.internal.engine.AuditChain;
import org.opentriage.internal.engine.CanonicalJson;

/** {@code triage audit verify|replay}: intact, changed and rewritten trails. */
class AuditCommandTest {
    @TempDir
    static Path dir;
    private static Path trail;

    @BeforeAll
    static void recordACall() {
        trail = dir.resolve("call.jsonl");
        Cli.Run run = triage("run", "--answers", Cli.EXAMPLE_CALLS.resolve("chest-pain-adult-ed-now.call.yaml").toString(),
                "--audit", trail.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    }

    @Test
    void verify_aTrailWithAByteThatIsNotUtf8_namesTheLineWithoutAStackTrace() throws IOException {
        byte[] bytes = Files.readAllBytes(trail);
        int secondLine = new String(bytes, StandardCharsets.UTF_8).indexOf('\n') + 1;
        bytes[secondLine + 10] = (byte) 0xFF;
        Path changed = Files.write(dir.resolve("not-utf8.jsonl"), bytes);

        Cli.Run run = triage("audit", "verify", changed.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.TRAIL_BROKEN);
        assertThat(run.err()).isEqualTo("triage: " + changed + ": broken: line 2: not UTF-8 text (byte 0xFF at offset "
                + (secondLine + 10) + "): the file was changed" + System.lineSeparator());
    }

    @Test
    void verify_aTrailWithARecordMissing_namesTheGap() throws IOException {
        List<String> lines = new ArrayList<>(Cli.lines(trail));
        lines.remove(3);
        Path cut = Files.write(dir.resolve("cut.jsonl"), lines);

        Cli.Run run = triage("audit", "verify", cut.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.TRAIL_BROKEN);
        assertThat(run.err()).contains("line 4: call ", "expected event 4 but found event 5 (events missing)");
    }

    @Test
    void verify_aMissingFile_isBadInput() {
        Cli.Run run = triage("audit", "verify", dir.resolve("none.jsonl").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("none.jsonl: cannot read the audit trail: no such file");
    }

    @Test
    void replay_aTrailRewrittenWithoutTheKey_passesTheHashChainButIsNotReproduced() throws IOException {
        Path forged = Files.write(dir.resolve("forged.jsonl"), forgeAnswer(Cli.lines(trail), "clot-risk"));

        Cli.Run verify = triage("audit", "verify", forged.toString());
        Cli.Run replay = triage("audit", "replay", forged.toString());

        assertThat(verify.exitCode()).as("the chain was re-sealed, and there is no HMAC").isEqualTo(ExitCode.OK);
        assertThat(replay.exitCode()).isEqualTo(ExitCode.NOT_REPRODUCED);
        assertThat(replay.out()).contains(": NOT reproduced: recorded ed-now, replayed ")
                .contains("  - the replay could not follow the recorded call");
    }

    @Test
    void replay_withoutASubcommand_isAUsageError() {
        assertThat(triage("audit").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    /**
     * The trail with the yes answer to {@code question} turned into no, every record re-sealed from there on, as
     * someone rewriting the file without the HMAC key could.
     */
    private static List<String> forgeAnswer(List<String> lines, String question) throws IOException {
        List<String> forged = new ArrayList<>();
        String prev = null;
        for (String line : lines) {
            ObjectNode record = (ObjectNode) CanonicalJson.MAPPER.readTree(line);
            ObjectNode data = (ObjectNode) record.get("data");
            if (record.get("type").asText().equals("AnswerGiven") && data.get("question").asText().equals(question)) {
                ((ObjectNode) data.get("answer")).put("value", false);
            }
            if (prev != null) {
                record.put("prev", prev);
            }
            record.remove("hash");
            String sealed = AuditChain.seal(record, Optional.empty());
            prev = record.get("hash").asText();
            forged.add(sealed);
        }
        return forged;
    }
}

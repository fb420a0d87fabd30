package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentriage.internal.engine.AuditChain;
import org.opentriage.internal.engine.CanonicalJson;

/** {@code triage audit verify|replay|recover}: intact, changed, rewritten, signed and interrupted trails. */
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
    void verify_anIntactTrail_printsItsCountsAndHead() {
        Cli.Run run = triage("audit", "verify", trail.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).startsWith("intact: " + Cli.lines(trail).size() + " records, 1 calls")
                .containsPattern("head: [0-9a-f]{64} ");
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
                + (secondLine + 10) + " of the file): the file was changed" + System.lineSeparator());
    }

    @Test
    void verify_aTrailWithARecordMissing_namesTheGap() throws IOException {
        List<String> lines = new ArrayList<>(Cli.lines(trail));
        lines.remove(3);
        Path cut = Files.write(dir.resolve("cut.jsonl"), lines);

        Cli.Run run = triage("audit", "verify", cut.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.TRAIL_BROKEN);
        assertThat(run.err()).contains("line 4: call ", "expected record 3 but found 4 (records missing)");
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
        assertThat(replay.out()).contains(": NOT reproduced: recorded ed-now, replayed ");
    }

    @Test
    void verify_aSignedTrailWithoutItsKey_isNotCalledIntact() throws IOException {
        Path key = dir.resolve("key");
        Files.writeString(key, "a key of at least sixteen bytes");
        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
        Path signed = dir.resolve("signed.jsonl");
        assertThat(triage("run", "--answers", Cli.EXAMPLE_CALLS.resolve("chest-pain-adult-ed-now.call.yaml").toString(),
                "--audit", signed.toString(), "--hmac-key-file", key.toString()).exitCode()).isEqualTo(ExitCode.OK);

        Cli.Run withoutKey = triage("audit", "verify", signed.toString());
        Cli.Run withKey = triage("audit", "verify", signed.toString(), "--hmac-key-file", key.toString());

        assertThat(withoutKey.exitCode()).isEqualTo(ExitCode.NOT_AUTHENTICATED);
        assertThat(withoutKey.out()).contains("NOT authenticated").doesNotContain("intact");
        assertThat(withKey.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(withKey.out()).contains("intact: ", "authenticated with the HMAC key");
    }

    @Test
    void anInterruptedTrail_isReportedApart_andRecoverCloses_it() throws IOException {
        List<String> lines = Cli.lines(trail);
        Path interrupted = Files.write(dir.resolve("interrupted.jsonl"), lines.subList(0, 6));
        Files.writeString(interrupted, lines.get(6).substring(0, 40), StandardOpenOption.APPEND);

        Cli.Run verify = triage("audit", "verify", interrupted.toString());
        Cli.Run recover = triage("audit", "recover", interrupted.toString());
        Cli.Run after = triage("audit", "verify", interrupted.toString());

        assertThat(verify.exitCode()).isEqualTo(ExitCode.TRAIL_INTERRUPTED);
        assertThat(verify.out()).contains("interrupted, not changed", "calls left open", "an incomplete last record of 40 bytes",
                "triage audit recover");
        assertThat(recover.exitCode()).as(recover.err()).isEqualTo(ExitCode.OK);
        assertThat(recover.out()).contains("removed an incomplete last record of 40 bytes; closed 1 call(s) as interrupted");
        assertThat(after.exitCode()).as(after.out() + after.err()).isEqualTo(ExitCode.OK);
        assertThat(Cli.lines(interrupted).get(6)).contains("\"type\":\"TrailRecovered\"", "\"tornBytes\":40");
        assertThat(Cli.lines(interrupted).get(7)).contains("\"type\":\"CallInterrupted\"");
    }

    @Test
    void anEmptyTrail_isInterruptedBeforeItsHeader_andRecoverWritesTheHeader() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));

        Cli.Run verify = triage("audit", "verify", empty.toString());
        Cli.Run recover = triage("audit", "recover", empty.toString());
        Cli.Run after = triage("audit", "verify", empty.toString());

        assertThat(verify.exitCode()).isEqualTo(ExitCode.TRAIL_INTERRUPTED);
        assertThat(verify.out()).contains("interrupted, not changed: 0 records, 0 calls intact; no header (the writer stopped");
        assertThat(recover.exitCode()).as(recover.err()).isEqualTo(ExitCode.OK);
        assertThat(recover.out()).contains("recovered: wrote the trail's header");
        assertThat(after.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(after.out()).startsWith("intact: 2 records, 0 calls");
    }

    @Test
    void recover_aBrokenTrail_isRefused() throws IOException {
        List<String> lines = new ArrayList<>(Cli.lines(trail));
        lines.remove(3);
        Path cut = Files.write(dir.resolve("cut-recover.jsonl"), lines);

        Cli.Run run = triage("audit", "recover", cut.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.TRAIL_BROKEN);
        assertThat(run.err()).contains("not recovered", "broken, not interrupted");
    }

    @Test
    void audit_withoutASubcommand_isAUsageError() {
        assertThat(triage("audit").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    /**
     * The trail with the yes answer to {@code question} turned into no, every record re-sealed from there on, as
     * someone rewriting the file without the HMAC key could.
     */
    private static List<String> forgeAnswer(List<String> lines, String question) throws IOException {
        List<String> forged = new ArrayList<>();
        String prev = AuditChain.GENESIS;
        for (String line : lines) {
            ObjectNode record = (ObjectNode) CanonicalJson.MAPPER.readTree(line);
            for (var event : (ArrayNode) record.get("events")) {
                if (event.path("type").asText().equals("AnswerGiven") && event.path("question").asText().equals(question)) {
                    ((ObjectNode) event).put("answer", false);
                }
            }
            record.remove("hash");
            String hash = AuditChain.hash(AuditChain.body(record, prev));
            record.put("hash", hash);
            forged.add(CanonicalJson.write(record));
            prev = hash;
        }
        return forged;
    }
}

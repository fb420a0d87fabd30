package org.opentriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.opentriage.triage.AuditTrail;
import org.opentriage.triage.Replay.Result;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code triage audit verify|replay FILE}: checks an audit trail written by {@code triage run --audit}. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Checks audit trails (JSON Lines) written by 'triage run --audit' or a host application.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Replay.class})
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {
                    "Checks every record of an audit trail: canonical JSON, its hash, the link to the previous record, "
                            + "sequence numbers, the HMAC (with --hmac-key-file), and that every call ends.",
                    "Prints 'intact: N records', or the first problem and its line."})
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The audit trail.")
        Path file;

        @Mixin
        HmacKeyOption hmac;

        @Override
        public Integer call() {
            List<String> lines = intactLines(file, hmac.key(), "");
            spec.commandLine().getOut().println("intact: " + lines.size() + " records");
            return ExitCode.OK;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {
                    "Verifies an audit trail, then re-runs each of its calls on the protocol versions it recorded (checked "
                            + "by content hash) and compares every event with the recorded one.",
                    "Prints each call's id and disposition; for a call not reproduced, the differences."})
    static final class Replay implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The audit trail.")
        Path file;

        @Mixin
        HmacKeyOption hmac;

        @Override
        public Integer call() {
            List<String> lines = intactLines(file, hmac.key(), "; it is not replayed");
            PrintWriter out = spec.commandLine().getOut();
            boolean reproduced = true;
            for (Result result : Engines.engine().replay(lines)) {
                String disposition = result.recordedDisposition().orElse("no disposition");
                if (result.reproduced()) {
                    out.println("call " + result.callId() + ": reproduced: " + disposition);
                } else {
                    reproduced = false;
                    out.println("call " + result.callId() + ": NOT reproduced: recorded " + disposition + ", replayed "
                            + result.replayedDisposition().orElse("no disposition"));
                    result.differences().forEach(d -> out.println("  - " + d));
                }
            }
            return reproduced ? ExitCode.OK : ExitCode.NOT_REPRODUCED;
        }
    }

    /** The lines of an intact trail; fails with {@link ExitCode#TRAIL_BROKEN} naming the first problem. */
    private static List<String> intactLines(Path file, Optional<byte[]> hmacKey, String consequence) {
        List<String> lines;
        try {
            lines = AuditTrail.read(file);
        } catch (CharacterCodingException e) {
            throw new CommandFailure(ExitCode.TRAIL_BROKEN, file + ": broken: " + notUtf8(file) + consequence);
        } catch (IOException e) {
            throw CommandFailure.cannotRead(file, "audit trail", e);
        }
        AuditTrail.Verification verification = AuditTrail.verify(lines, hmacKey);
        verification.problem().ifPresent(problem -> {
            throw new CommandFailure(ExitCode.TRAIL_BROKEN, file + ": broken: " + problem + consequence);
        });
        return lines;
    }

    /** Where a file stops being UTF-8: a changed byte, by line and offset. */
    private static String notUtf8(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CommandFailure.cannotRead(file, "audit trail", e);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        StandardCharsets.UTF_8.newDecoder().decode(in, CharBuffer.allocate(bytes.length), true);
        int offset = in.position();
        long line = 1;
        for (int i = 0; i < offset; i++) {
            line += bytes[i] == '\n' ? 1 : 0;
        }
        return String.format(Locale.ROOT, "line %d: not UTF-8 text (byte 0x%02X at offset %d): the file was changed",
                line, bytes[Math.min(offset, bytes.length - 1)] & 0xFF, offset);
    }
}

package org.opentriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.opentriage.triage.AuditTrail;
import org.opentriage.triage.Replay.Result;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code triage audit verify|replay|recover FILE}: checks and closes audit trails written by {@code triage run --audit}. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Checks audit trails (JSON Lines) written by 'triage run --audit' or a host application.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Replay.class, AuditCommand.Recover.class})
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {
                    "Checks every record of an audit trail: canonical JSON, its hash and the link to the record before "
                            + "it, each call's records in order and nothing after a call's end, the HMAC (with "
                            + "--hmac-key-file). Reads the trail as a stream: any size, in little memory.",
                    "Prints 'intact: N records, M calls' and the trail's head; or that the trail was interrupted "
                            + "(calls left open by a crash, exit 10), is not authenticated (it carries HMACs but no key "
                            + "was given, exit 11), or is broken (the first problem and its line, exit 8)."})
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The audit trail.")
        Path file;

        @Mixin
        HmacKeyOption hmac;

        @Override
        public Integer call() {
            Optional<byte[]> key = hmac.key();
            AuditTrail.Verification v = verification(file, key, "");
            PrintWriter out = spec.commandLine().getOut();
            String counts = v.records() + " records, " + v.calls() + " calls";
            if (v.keyed() && !v.authenticated()) {
                out.println(file + ": NOT authenticated: the chain of " + counts + " holds, but the records carry HMACs "
                        + "and no key was given, so a rewrite of the whole trail cannot be told from the original; "
                        + "verify with --hmac-key-file");
                return ExitCode.NOT_AUTHENTICATED;
            }
            if (v.status() == AuditTrail.Status.INTERRUPTED) {
                out.println(file + ": interrupted, not changed: " + counts + " intact; " + interruption(v));
                out.println("Close it with 'triage audit recover " + file + "'.");
                return ExitCode.TRAIL_INTERRUPTED;
            }
            out.println("intact: " + counts + (v.authenticated() ? ", authenticated with the HMAC key" : ""));
            v.head().ifPresent(h -> out.println("head: " + h + " (keep it apart from the trail: a later truncation "
                    + "shows as a different head)"));
            return ExitCode.OK;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {
                    "Verifies an audit trail, then re-runs each of its calls on the protocol versions it recorded (checked "
                            + "by content hash) and compares every event with the recorded one. Reads the trail as a "
                            + "stream, one call at a time.",
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
            verification(file, hmac.key(), "; it is not replayed");
            PrintWriter out = spec.commandLine().getOut();
            boolean[] reproduced = {true};
            try (AuditTrail.RecordStream records = AuditTrail.records(file)) {
                Engines.engine().replay(records, result -> {
                    reproduced[0] &= result.reproduced();
                    print(out, result);
                });
            } catch (IOException | UncheckedIOException e) {
                throw new CommandFailure(ExitCode.BAD_INPUT, file + ": cannot read the audit trail: " + e.getMessage());
            }
            return reproduced[0] ? ExitCode.OK : ExitCode.NOT_REPRODUCED;
        }

        /** Prints a result; what came from the trail is shown with control characters made visible. */
        private static void print(PrintWriter out, Result result) {
            String disposition = Visible.text(result.recordedDisposition().orElse("no disposition"));
            String call = Visible.text(result.callId());
            if (result.reproduced()) {
                out.println("call " + call + ": reproduced: " + disposition);
            } else {
                out.println("call " + call + ": NOT reproduced: recorded " + disposition + ", replayed "
                        + result.replayedDisposition().orElse("no disposition"));
                result.differences().forEach(d -> out.println("  - " + Visible.text(d)));
            }
            out.flush();
        }
    }

    @Command(name = "recover", mixinStandardHelpOptions = true,
            description = {
                    "Closes an interrupted audit trail honestly: removes an incomplete last record (never acknowledged: "
                            + "its writer stopped mid-write) and appends, for each call left open, a record ending it as "
                            + "interrupted. A signed trail needs its key. A broken trail is refused (exit 8): recovery "
                            + "repairs an interruption, never a change."})
    static final class Recover implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The audit trail.")
        Path file;

        @Mixin
        HmacKeyOption hmac;

        @Override
        public Integer call() {
            AuditTrail.Recovery recovery;
            try {
                recovery = AuditTrail.recover(file, hmac.key(), Clock.systemUTC());
            } catch (IOException e) {
                throw CommandFailure.cannotRead(file, "audit trail", e);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(e.getMessage().contains("broken") ? ExitCode.TRAIL_BROKEN : ExitCode.BAD_INPUT,
                        file + ": not recovered: " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (recovery.interrupted().isEmpty() && recovery.tornBytes() == 0 && !recovery.headerWritten()) {
                out.println(file + ": nothing to recover: every call ended");
            } else {
                out.println(file + ": recovered: " + (recovery.tornBytes() > 0 ? "removed an incomplete last record of "
                        + recovery.tornBytes() + " bytes; " : "") + (recovery.headerWritten()
                        ? "wrote the trail's header, which its writer had not; " : "") + "closed " + recovery.interrupted().size()
                        + " call(s) as interrupted" + (recovery.interrupted().isEmpty() ? ""
                        : ": " + Visible.text(String.join(", ", recovery.interrupted()))));
            }
            return ExitCode.OK;
        }
    }

    /** Verifies a trail; a broken one fails with {@link ExitCode#TRAIL_BROKEN} naming the first problem. */
    static AuditTrail.Verification verification(Path file, Optional<byte[]> hmacKey, String consequence) {
        AuditTrail.Verification v;
        try {
            v = AuditTrail.verify(file, hmacKey);
        } catch (IOException e) {
            throw CommandFailure.cannotRead(file, "audit trail", e);
        }
        if (v.status() == AuditTrail.Status.BROKEN) {
            throw new CommandFailure(ExitCode.TRAIL_BROKEN, file + ": broken: " + v.problem().orElseThrow() + consequence);
        }
        return v;
    }

    private static String interruption(AuditTrail.Verification v) {
        String open = v.openCalls().isEmpty() ? "" : "calls left open: " + v.openCalls().stream()
                .map(c -> Visible.text(c.callId()) + " (after record " + c.lastSeq() + ")").collect(Collectors.joining(", "));
        String torn = v.tornBytes() == 0 ? "" : "an incomplete last record of " + v.tornBytes() + " bytes";
        String header = v.records() == 0 ? "no header" : "";
        return Stream.of(header, open, torn).filter(s -> !s.isEmpty()).collect(Collectors.joining("; "))
                + " (the writer stopped: a crash or power loss)";
    }
}

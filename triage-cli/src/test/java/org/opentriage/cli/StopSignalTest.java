package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentriage.triage.AuditEvent;
import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.AuditTrail;

/** {@code triage run} stopped by a signal while it waits for an answer abandons the call: its trail ends intact. */
class StopSignalTest {
    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void signalWhileWaitingForAnAnswer_abandonsTheCall_andTheTrailIsIntact(String signal, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Path.of("/bin/kill").toFile().canExecute(), "needs /bin/kill (POSIX)");
        // A shell starts a background job without job control with SIGINT ignored; the command started from this JVM
        // inherits that and cannot be stopped by it, which would say nothing of the command.
        Assumptions.assumeFalse(ignoredHere(signal), "SIG" + signal + " is ignored in this process (the build was started "
                + "in the background without job control), and a process started from it inherits that");
        Path trail = dir.resolve("call.jsonl");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process triage = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TriageCommand.class.getName(),
                "run", "chest-pain-adult", "--age", "54", "--sex", "male", "--audit", trail.toString())
                .redirectErrorStream(true).start();
        try {
            String untilPrompt = readUntil(triage.getInputStream(), "> ");
            assertThat(untilPrompt).contains("[general-assessment@");

            new ProcessBuilder("/bin/kill", "-" + signal, Long.toString(triage.pid())).inheritIO().start().waitFor();

            assertThat(triage.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String rest = new String(triage.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rest).contains("stopped: call ").contains("abandoned");
        } finally {
            triage.destroyForcibly();
        }
        AuditTrail.Verification verification = AuditTrail.verify(trail, Optional.empty());
        assertThat(verification.intact()).as(verification.problem().orElse("")).isTrue();
        List<AuditRecord> records = new java.util.ArrayList<>();
        try (AuditTrail.RecordStream stream = AuditTrail.records(trail)) {
            stream.forEachRemaining(records::add);
        }
        assertThat(records.get(records.size() - 1).event(AuditEvent.CallAbandoned.class))
                .hasValueSatisfying(e -> assertThat(e.reason()).contains("stopped"));
    }

    /** Whether this process ignores the signal, as Linux lists it in {@code /proc/self/status}; false where it cannot tell. */
    private static boolean ignoredHere(String signal) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!java.nio.file.Files.isReadable(status)) {
            return false;
        }
        int number = switch (signal) {
            case "INT" -> 2;
            case "TERM" -> 15;
            default -> throw new IllegalArgumentException(signal);
        };
        return java.nio.file.Files.readAllLines(status).stream().filter(line -> line.startsWith("SigIgn:"))
                .map(line -> new java.math.BigInteger(line.substring("SigIgn:".length()).strip(), 16))
                .anyMatch(mask -> mask.testBit(number - 1));
    }

    /** Reads the process's output until {@code marker}; fails if it ends first. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder text = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            text.append((char) b);
            if (text.toString().endsWith(marker)) {
                return text.toString();
            }
        }
        throw new AssertionError("the command ended before '" + marker + "': " + text);
    }
}

package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AnswerRejectedException;
import org.opentriage.triage.Call;
import org.opentriage.triage.CallState;
import org.opentriage.triage.JsonLinesAuditSink;
import org.opentriage.triage.Patient;
import org.opentriage.triage.Step;
import org.opentriage.triage.TriageEngine;

/**
 * {@code triage audit verify}, {@code replay} and {@code report} read a trail as a stream: a trail whose records, read
 * into memory, would be many times the heap verifies, replays and reports in a fresh JVM with a small heap: by default
 * 10 MiB verified and reported in 16 MB of heap and replayed in 48 MB (replay also holds the whole bundled library,
 * about 20 MB live with 104 protocols, and the rules of the protocols it runs; with 32 MB it spent most of its time
 * collecting garbage and ran out of heap once the library grew past 100 protocols), with
 * {@code ./mvnw verify -Pscale} 55 MiB in 64 MB for both (the figure in BENCHMARKS.md).
 * {@code -Dtriage.scale.trail=FILE} keeps the trail.
 */
class LargeTrailInSmallHeapTest {
    private static final long HANG_GUARD_MINUTES = 30;
    private static final long TRAIL_BYTES = Long.getLong("triage.scale.trailBytes", 10L << 20);
    private static final String HEAP = System.getProperty("triage.scale.heap", "16m");
    private static final String REPLAY_HEAP = System.getProperty("triage.scale.replayHeap", "48m");
    private static final List<String> PROTOCOLS = List.of("chest-pain-adult", "headache-adult", "fever-adult",
            "abdominal-pain-adult", "cough-adult", "back-pain-adult");
    /** Calls in flight at once: their records interleave, as a call centre's do. */
    private static final int CALLS_AT_ONCE = 8;

    @Test
    void aTrailManyTimesTheHeap_verifiesAndReplays_inAFreshJvm(@TempDir Path dir) throws Exception {
        Path trail = Path.of(System.getProperty("triage.scale.trail", dir.resolve("large.jsonl").toString()));
        Files.deleteIfExists(trail);
        long started = System.nanoTime();
        int calls = write(trail, TRAIL_BYTES, new Random(20261205L));
        long written = System.nanoTime();

        Triage verify = triage(dir, "-Xmx" + HEAP, "audit", "verify", trail.toString());
        Triage replay = triage(dir, "-Xmx" + REPLAY_HEAP, "audit", "replay", trail.toString());
        Triage report = triage(dir, "-Xmx" + HEAP, "report", "--json", trail.toString());

        System.err.printf("LargeTrailInSmallHeapTest: %,d bytes, %,d calls written in %.1f s; verify -Xmx%s %.1f s, replay -Xmx%s %.1f s, "
                + "report -Xmx%s %.1f s%n", Files.size(trail), calls, (written - started) / 1e9, HEAP, verify.seconds(), REPLAY_HEAP,
                replay.seconds(), HEAP, report.seconds());
        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(ExitCode.OK);
        assertThat(verify.out()).startsWith("intact: " + Files.lines(trail).count() + " records, " + calls + " calls");
        assertThat(replay.exitCode()).as(replay.err()).isEqualTo(ExitCode.OK);
        List<String> replayed = replay.out().lines().toList();
        assertThat(replayed).hasSize(calls).allSatisfy(line -> assertThat(line).matches("call [0-9a-f-]+: reproduced: [a-z0-9-]+"));
        assertThat(report.exitCode()).as(report.err()).isEqualTo(ExitCode.OK);
        assertThat(report.out()).contains("\"calls\" : " + calls + ",", "\"closed\" : " + calls + ",");
    }

    /** Writes calls through the engine until the trail holds {@code bytes}, records not forced one by one; returns the calls. */
    private static int write(Path trail, long bytes, Random random) throws IOException {
        int calls = 0;
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(trail, false)) {
            TriageEngine engine = Engines.engine().withAuditSink(sink);
            List<Call> inFlight = new ArrayList<>();
            while (!inFlight.isEmpty() || Files.size(trail) < bytes) {
                if (inFlight.size() < CALLS_AT_ONCE && Files.size(trail) < bytes) {
                    inFlight.add(start(engine, random));
                    calls++;
                }
                Call call = inFlight.get(random.nextInt(inFlight.size()));
                if (call.next() instanceof Step.Ask ask) {
                    answer(call, ask, random);
                } else {
                    call.close();
                    inFlight.remove(call);
                }
            }
        }
        return calls;
    }

    private static Call start(TriageEngine engine, Random random) {
        Patient patient = Patient.of("p-" + random.nextInt(100_000), Quantity.parse((18 + random.nextInt(70)) + " y").orElseThrow())
                .withSex(random.nextBoolean() ? Sex.FEMALE : Sex.MALE);
        List<String> protocols = new ArrayList<>(PROTOCOLS);
        java.util.Collections.shuffle(protocols, random);
        return engine.startCall("rn-" + random.nextInt(40), patient, protocols.subList(0, 1 + random.nextInt(2)));
    }

    private static void answer(Call call, Step.Ask ask, Random random) {
        AnswerType type = ask.question().type();
        Answer answer;
        if (type instanceof AnswerType.Choice choice) {
            answer = Answer.choice(choice.options().get(random.nextInt(choice.options().size())).code());
        } else if (type instanceof AnswerType.Number number) {
            answer = Answer.number(number.expected().orElse(number.plausible()).min());
        } else if (type instanceof AnswerType.Checklist checklist) {
            int draw = random.nextInt(10);
            answer = draw < 8 ? Answer.items() : draw < 9 ? Answer.items(checklist.items().get(0).code()) : Answer.unknown();
        } else {
            int draw = random.nextInt(10);
            answer = draw < 2 ? Answer.yes() : draw < 9 ? Answer.no() : Answer.unknown();
        }
        try {
            call.answer(answer);
        } catch (AnswerRejectedException e) {
            call.answer(Answer.no());
        }
    }

    private record Triage(int exitCode, String out, String err, double seconds) {
    }

    /** Runs {@code triage} in a fresh JVM with these JVM options before the command line. */
    private static Triage triage(Path dir, String jvmOption, String... args) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), jvmOption,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                TriageCommand.class.getName()));
        command.addAll(List.of(args));
        long started = System.nanoTime();
        Process triage = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        // A guard against a hang, not a time limit (timings are for BENCHMARKS.md): generous, as a loaded 2-core
        // machine takes minutes over what takes seconds on an idle one.
        if (!triage.waitFor(HANG_GUARD_MINUTES, TimeUnit.MINUTES)) {
            triage.destroyForcibly();
            throw new AssertionError("triage " + String.join(" ", args) + " still running after " + HANG_GUARD_MINUTES
                    + " minutes: it hangs");
        }
        return new Triage(triage.exitValue(), Files.readString(out), Files.readString(err), (System.nanoTime() - started) / 1e9);
    }
}

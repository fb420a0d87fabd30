package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's durability promise under {@code kill -9}: a process writing calls to a trail file is killed at a
 * random moment, again and again; the trail it leaves is never broken, holds every record the writer had
 * acknowledged, reports an incomplete last line instead of reading it as a record, and recovers to an intact
 * trail whose closed calls replay exactly.
 *
 * <p>A killed process's writes stay in the operating system's page cache, so this shows what the writer hands
 * to the kernel and when it acknowledges; forcing to disk (power loss) is beyond it. A record reaches the page
 * cache in one write, which a kill seldom cuts: an incomplete last line is checked whenever one occurs.
 */
class KilledWriterTest {
    private static final long SEED = 20261205L;
    /** Writers killed; {@code -Dtriage.killRuns=500} for a longer search. */
    private static final int RUNS = Integer.getInteger("triage.killRuns", 50);
    /** Every fifth writer is killed early: before its trail's header, or within the first records. */
    private static final int EARLY_EVERY = 5;
    private static final int CALLS_AT_ONCE = 4;
    private static final int WRITERS_AT_ONCE = 2;

    /** What one killed writer left, as checked. */
    private record Killed(boolean early, AuditTrail.Status status, boolean headerless, boolean torn, int acknowledged,
                          int closed) {
    }

    @Test
    void writerKilledAtAnyMoment_losesNoAcknowledgedRecord_andLeavesATrailThatRecoversAndReplays(@TempDir Path dir)
            throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS_AT_ONCE);
        List<Future<Killed>> runs = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            int n = run;
            runs.add(pool.submit(() -> killAndCheck(dir, n)));
        }
        List<Killed> killed = new ArrayList<>();
        try {
            for (Future<Killed> run : runs) {
                killed.add(run.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        long intact = killed.stream().filter(k -> k.status() == AuditTrail.Status.INTACT).count();
        int acknowledged = killed.stream().mapToInt(Killed::acknowledged).sum();
        System.err.printf("KilledWriterTest: %d writers killed (%d early), %d trails intact, %d interrupted (%d before "
                        + "their header), %d incomplete last lines reported, %d acknowledged records found, %d closed calls "
                        + "replayed, %.1f s%n",
                killed.size(), killed.stream().filter(Killed::early).count(), intact, killed.size() - intact,
                killed.stream().filter(Killed::headerless).count(), killed.stream().filter(Killed::torn).count(),
                acknowledged, killed.stream().mapToInt(Killed::closed).sum(), (System.nanoTime() - started) / 1e9);
        assertThat(acknowledged).as("acknowledged records checked").isGreaterThan(RUNS * 10);
    }

    /** Starts a writer, kills it at a moment drawn from the run's seed, and checks the trail it left. */
    private static Killed killAndCheck(Path dir, int run) throws Exception {
        Random random = new Random(SEED + run);
        boolean early = run % EARLY_EVERY == 0;
        int killAfterAcks = early ? random.nextInt(3) : 3 + random.nextInt(300);
        long thenWaitNanos = random.nextInt(early ? 1_000_000 : 500_000);
        Path trail = dir.resolve("trail-" + run + ".jsonl");
        Path stderr = dir.resolve("writer-" + run + ".err");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process writer = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), CallsUntilKilled.class.getName(),
                trail.toString(), Long.toString(SEED + run), Integer.toString(CALLS_AT_ONCE))
                .redirectError(stderr.toFile()).start();
        Told told = new Told();
        try (InputStream out = writer.getInputStream()) {
            while (!(told.ready && told.acknowledged.size() >= killAfterAcks)) {
                if (!told.read(out)) {
                    throw new AssertionError("writer " + run + " ended before it was killed: " + Files.readString(stderr));
                }
            }
            LockSupport.parkNanos(thenWaitNanos);
            assertThat(writer.isAlive()).as("writer %d alive until killed: %s", run, Files.readString(stderr)).isTrue();
            writer.toHandle().destroyForcibly();  // SIGKILL; Process.destroyForcibly would also close the pipe unread
            while (told.read(out)) {
                // what the writer told before it died
            }
            assertThat(writer.waitFor()).as("writer %d killed by SIGKILL", run).isEqualTo(137);
        } finally {
            writer.toHandle().destroyForcibly();  // a writer left alive by a failed check
        }
        return check(run, early, trail, told);
    }

    private static Killed check(int run, boolean early, Path trail, Told told) throws IOException {
        byte[] bytes = Files.readAllBytes(trail);
        int complete = lastLineEnd(bytes);
        String what = "writer " + run + " killed " + (early ? "early" : "after " + told.acknowledged.size() + " acknowledgements");

        AuditTrail.Verification verification = AuditTrail.verify(trail, Optional.empty());

        assertThat(verification.status()).as(what + ": " + verification.problem().orElse(""))
                .isIn(AuditTrail.Status.INTACT, AuditTrail.Status.INTERRUPTED);
        assertThat(verification.tornBytes()).as(what + ": the incomplete last line reported").isEqualTo(bytes.length - complete);
        Set<String> stored = new HashSet<>();
        try (AuditTrail.RecordStream records = AuditTrail.records(trail)) {
            records.forEachRemaining(r -> stored.add(r.hash()));
        }
        assertThat(verification.records()).isEqualTo(stored.size());
        assertThat(stored).as(what + ": every acknowledged record in the trail").containsAll(told.acknowledged);

        AuditTrail.recover(trail, Optional.empty(), Clock.systemUTC());

        AuditTrail.Verification recovered = AuditTrail.verify(trail, Optional.empty());
        assertThat(recovered.status()).as(what + ", recovered: " + recovered.problem().orElse("")).isEqualTo(AuditTrail.Status.INTACT);
        byte[] after = Files.readAllBytes(trail);
        assertThat(Arrays.equals(after, 0, complete, bytes, 0, complete)).as(what + ": recovery keeps every complete record").isTrue();
        Map<String, Replay.Result> replayed = new HashMap<>();
        try (AuditTrail.RecordStream records = AuditTrail.records(trail)) {
            Engines.BUNDLED.replay(records, r -> replayed.put(r.callId(), r));
        }
        for (String call : told.closed) {
            assertThat(replayed.get(call)).as(what + ": closed call " + call + " replayed").isNotNull()
                    .satisfies(r -> assertThat(r.differences()).isEmpty())
                    .satisfies(r -> assertThat(r.recordedDisposition()).isPresent());
        }
        assertThat(replayed.values()).allSatisfy(r -> assertThat(r.differences()).as(what + ": call " + r.callId()).isEmpty());
        return new Killed(early, verification.status(), verification.records() == 0, complete < bytes.length,
                told.acknowledged.size(), told.closed.size());
    }

    /** The end of the file's last complete line: 0 when it has none. */
    private static int lastLineEnd(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return end;
    }

    /** What a writer told its parent, line by line; an incomplete last line (the writer died writing it) is left out. */
    private static final class Told {
        boolean ready;
        final List<String> acknowledged = new ArrayList<>();
        final List<String> closed = new ArrayList<>();
        private final StringBuilder line = new StringBuilder();

        /** Reads one line; false at the end of the output. */
        boolean read(InputStream out) throws IOException {
            int b;
            while ((b = out.read()) >= 0) {
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                String told = line.toString();
                line.setLength(0);
                if (told.equals("ready")) {
                    ready = true;
                } else if (told.startsWith("ack ")) {
                    acknowledged.add(told.substring(4));
                } else if (told.startsWith("closed ")) {
                    closed.add(told.substring(7));
                } else {
                    throw new AssertionError("the writer told '" + told + "'");
                }
                return true;
            }
            return false;
        }
    }
}

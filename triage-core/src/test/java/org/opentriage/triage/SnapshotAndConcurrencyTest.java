package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * A call in flight resumes from its JSON snapshot in another engine instance with an identical
 * continuation, down to the audit records; many threads on one shared engine get exactly the results
 * of a sequential run.
 */
class SnapshotAndConcurrencyTest {
    private static final int WALKS = 300;

    @Test
    void snapshotAtAnyStep_resumesInAnotherEngine_withIdenticalContinuation() {
        MemoryAuditSink originalSink = new MemoryAuditSink();
        MemoryAuditSink resumedSink = new MemoryAuditSink();
        TriageEngine original = Engines.BUNDLED.withAuditSink(originalSink);
        TriageEngine other = Engines.builder().auditSink(resumedSink).build();
        int resumed = 0;
        for (long seed = 1; seed <= WALKS; seed++) {
            Random random = new Random(seed);
            Call call = RandomWalks.start(original, seed);
            int snapshotAt = random.nextInt(6);
            Call copy = null;
            Step step = call.next();
            int steps = 0;
            while (step instanceof Step.Ask ask) {
                if (steps++ == snapshotAt) {
                    copy = other.resume(call.snapshot());
                    assertThat(copy.next()).isEqualTo(step);
                    assertThat(copy.state()).isEqualTo(call.state());
                    resumed++;
                }
                Answer answer = RandomWalks.answer(ask, random);
                step = call.answer(answer);
                if (copy != null) {
                    assertThat(copy.answer(answer)).isEqualTo(step);
                }
            }
            call.close();
            if (copy != null) {
                copy.close();
                List<String> originalLines = originalSink.lines(call.id());
                List<String> resumedLines = resumedSink.lines(copy.id());
                assertThat(resumedLines).isNotEmpty();
                assertThat(originalLines.subList(originalLines.size() - resumedLines.size(), originalLines.size()))
                        .as("audit records after the snapshot, seed %d", seed).isEqualTo(resumedLines);
                List<String> whole = new ArrayList<>(originalLines.subList(0, originalLines.size() - resumedLines.size()));
                whole.addAll(resumedLines);
                assertThat(AuditTrail.verify(whole, java.util.Optional.empty()).intact()).isTrue();
            }
        }
        assertThat(resumed).isGreaterThan(WALKS / 3);
    }

    @Test
    void manyThreadsOnOneEngine_giveExactlyTheSequentialResults() throws Exception {
        List<String> sequential = new ArrayList<>();
        for (long seed = 1; seed <= WALKS; seed++) {
            sequential.add(walk(seed));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (long seed = 1; seed <= WALKS; seed++) {
                long s = seed;
                futures.add(pool.submit(() -> walk(s)));
            }
            List<String> parallel = new ArrayList<>();
            for (Future<String> f : futures) {
                parallel.add(f.get());
            }
            assertThat(parallel).isEqualTo(sequential);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One seeded walk on the shared engine: the questions asked and the outcome, as text. */
    private static String walk(long seed) {
        Random random = new Random(seed);
        Call call = RandomWalks.start(Engines.BUNDLED, seed);
        random.nextInt(6);
        StringBuilder transcript = new StringBuilder();
        Step step = call.next();
        while (step instanceof Step.Ask ask) {
            Answer answer = RandomWalks.answer(ask, random);
            transcript.append(ask.question().id()).append('=').append(answer.text()).append(' ');
            step = call.answer(answer);
        }
        Outcome outcome = ((Step.Done) step).outcome();
        call.close();
        return transcript + "-> " + outcome.recommended().id() + " " + outcome.protocols() + " " + outcome.modifiers();
    }
}

package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
                List<AuditEvent> originalEvents = Trails.events(originalSink, call.id());
                List<AuditEvent> continued = Trails.events(resumedSink, copy.id());
                assertThat(continued.get(0)).isInstanceOf(AuditEvent.CallResumed.class);
                List<AuditEvent> after = continued.subList(1, continued.size());
                assertThat(originalEvents.subList(originalEvents.size() - after.size(), originalEvents.size()))
                        .as("audit events after the snapshot, seed %d", seed).isEqualTo(after);
            }
        }
        assertThat(AuditTrail.verify(originalSink.lines(), Optional.empty()).intact()).isTrue();
        assertThat(AuditTrail.verify(resumedSink.lines(), Optional.empty()).intact()).isTrue();
        assertThat(resumed).isGreaterThan(WALKS / 3);
    }

    private static final Patient ADULT = Patient.of("p-1", org.opentriage.protocol.Quantity.parse("54 y").orElseThrow())
            .withSex(org.opentriage.protocol.Sex.MALE);

    @Test
    void resumedForAnotherNurse_theTrailNamesHer_andHerOverrideIsRecordedUnderHer_whileTheCallKeepsItsNurse() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = Engines.BUNDLED.withAuditSink(sink).startCall("rn-1", ADULT, List.of("headache-adult"));
        Calls.answerAll(call, Answer.no());
        String recommended = call.outcome().orElseThrow().recommended().id();

        Call byLead = Engines.BUNDLED.withAuditSink(sink).resume(call.snapshot(), "lead-7");
        byLead.override("call-911", "nurse-judgment", "lead listened in", Optional.empty());
        Call byItsNurse = Engines.BUNDLED.withAuditSink(sink).resume(byLead.snapshot(), "rn-1");
        byItsNurse.close();

        List<AuditEvent> events = Trails.events(sink, call.id());
        List<AuditEvent.CallResumed> resumed = events.stream().filter(AuditEvent.CallResumed.class::isInstance)
                .map(AuditEvent.CallResumed.class::cast).toList();
        assertThat(resumed).extracting(AuditEvent.CallResumed::by).containsExactly(Optional.of("lead-7"), Optional.empty());
        AuditEvent.OverrideApplied override = events.stream().filter(AuditEvent.OverrideApplied.class::isInstance)
                .map(AuditEvent.OverrideApplied.class::cast).findFirst().orElseThrow();
        assertThat(override.nurse()).isEqualTo("lead-7");
        assertThat(override.from()).isEqualTo(recommended);
        assertThat(byItsNurse.outcome().orElseThrow().overrides()).extracting(NurseOverride::nurse).containsExactly("lead-7");
        assertThat(AuditTrail.verify(sink.lines(), Optional.empty()).intact()).isTrue();
        assertThat(Trails.events(Trails.parse(sink.lines())).stream().filter(AuditEvent.CallResumed.class::isInstance).toList())
                .as("the acting nurse reads back from the written trail").isEqualTo(resumed);
        assertThatThrownBy(() -> Engines.BUNDLED.resume(call.snapshot(), "Jane Doe"))
                .isInstanceOf(ReferenceRefusedException.class);
    }

    @Test
    void snapshotAfterAnAddedProtocolsAnswerWasWithdrawn_resumesWithoutAnOutcome_asTheOriginal() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = Engines.BUNDLED.withAuditSink(sink).startCall("rn-1", ADULT, List.of("headache-adult"));
        Calls.answerAll(call, Answer.no());
        call.answer(Calls.fit((Step.Ask) call.addProtocol("chest-pain-adult"), Answer.no()));
        call.withdrawLastAnswer();
        assertThat(call.outcome()).isEmpty();

        assertResumesAsTheOriginal(call, sink);
    }

    @Test
    void snapshotWithAnOverrideWhileAskingAnAddedProtocol_resumesWithTheOverride_asTheOriginal() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = Engines.BUNDLED.withAuditSink(sink).startCall("rn-1", ADULT, List.of("headache-adult"));
        Calls.answerAll(call, Answer.no());
        Calls.raiseTo(call, "within-4h");
        Calls.raiseTo(call, "ed-now");
        call.addProtocol("chest-pain-adult");

        assertResumesAsTheOriginal(call, sink);
    }

    @Test
    void snapshotAfterTwoProtocolsWereAdded_resumesWithTheOutcomeOfTheFirst_asTheOriginal() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = Engines.BUNDLED.withAuditSink(sink).startCall("rn-1", ADULT, List.of("headache-adult"));
        Outcome first = Calls.answerAll(call, Answer.no());
        call.addProtocol("chest-pain-adult");
        Step step = call.addProtocol("cough-adult");
        while (step instanceof Step.Ask ask && ask.protocol().startsWith("chest-pain-adult@")) {
            step = call.answer(Calls.fit(ask, Answer.no()));
        }
        assertThat(call.outcome()).hasValueSatisfying(o -> assertThat(o.protocols()).hasSize(1)).contains(first);

        assertResumesAsTheOriginal(call, sink);
    }

    @Test
    void snapshotAfterTheRecommendationRoseToAnOverrideStillInForce_resumesWithTheOverrides_asTheOriginal() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = Engines.BUNDLED.withAuditSink(sink).startCall("rn-1", ADULT, List.of("headache-adult"));
        Calls.answerAll(call, Answer.no());
        Calls.raiseTo(call, "ed-now");
        Calls.raiseTo(call, "call-911");
        java.util.Set<String> edNow = Calls.protocol("chest-pain-adult").triage().stream()
                .filter(g -> g.disposition().id().equals("ed-now")).flatMap(g -> g.questions().stream())
                .map(org.opentriage.protocol.Question::id).collect(java.util.stream.Collectors.toSet());
        Step step = call.addProtocol("chest-pain-adult");
        while (step instanceof Step.Ask ask) {
            step = call.answer(Calls.fit(ask, edNow.contains(ask.question().id()) ? Answer.yes() : Answer.no()));
        }
        assertThat(call.outcome()).hasValueSatisfying(o -> {
            assertThat(o.recommended().id()).isEqualTo("ed-now");
            assertThat(o.overrides()).extracting(x -> x.to().id()).containsExactly("ed-now", "call-911");
        });

        assertResumesAsTheOriginal(call, sink);
    }

    /** The call resumes in another engine instance as it stands, and goes on there exactly as the original does. */
    private static void assertResumesAsTheOriginal(Call call, MemoryAuditSink originalSink) {
        MemoryAuditSink resumedSink = new MemoryAuditSink();
        Call copy = Engines.builder().auditSink(resumedSink).build().resume(call.snapshot());

        assertThat(copy.state()).isEqualTo(call.state());
        assertThat(copy.next()).isEqualTo(call.next());
        assertThat(copy.outcome()).isEqualTo(call.outcome());
        Outcome original = Calls.answerAll(call, Answer.no());
        assertThat(Calls.answerAll(copy, Answer.no())).isEqualTo(original);
        call.close();
        copy.close();
        List<AuditEvent> originalEvents = Trails.events(originalSink, call.id());
        List<AuditEvent> after = Trails.events(resumedSink, copy.id());
        assertThat(after.get(0)).isInstanceOf(AuditEvent.CallResumed.class);
        assertThat(originalEvents.subList(originalEvents.size() - after.size() + 1, originalEvents.size()))
                .isEqualTo(after.subList(1, after.size()));
    }

    @Test
    void snapshotWithAnAnswerFlippedFromYesToNo_isRefused() {
        Call call = Engines.BUNDLED.startCall("rn-1", Patient.of("p-1", org.opentriage.protocol.Quantity.parse("54 y").orElseThrow()),
                List.of("chest-pain-adult"));
        Calls.firstTriageQuestion(call);
        call.answer(Answer.yes());
        String snapshot = call.snapshot();
        assertThat(snapshot).contains("\"answer\":true");

        String flipped = snapshot.replaceFirst("\"answer\":true", "\"answer\":false");

        assertThat(Engines.BUNDLED.resume(snapshot).outcome().orElseThrow().finalDisposition().id()).isEqualTo("call-911");
        assertThatThrownBy(() -> Engines.BUNDLED.resume(flipped)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAC does not match");
    }

    @Test
    void snapshot_resumesOnlyInAnEngineWithTheSameSnapshotKey() {
        byte[] shared = "a shared snapshot key, 16+ bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        TriageEngine nodeA = Engines.builder().snapshotKey(shared).build();
        TriageEngine nodeB = Engines.builder().snapshotKey(shared).build();
        TriageEngine stranger = Engines.builder().snapshotKey("another key of sixteen bytes".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).build();
        Call call = nodeA.startCall("rn-1", Patient.of("p-1", org.opentriage.protocol.Quantity.parse("54 y").orElseThrow()),
                List.of("chest-pain-adult"));
        String snapshot = call.snapshot();

        assertThat(nodeB.resume(snapshot).next()).isEqualTo(call.next());
        assertThatThrownBy(() -> stranger.resume(snapshot)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another snapshot key");
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

package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/**
 * Escalation to the on-call clinician: raised at the policy's level and above, once per level, and when a call fails
 * closed; delivered off the call's thread, so a listener that throws or hangs changes nothing of the call; each
 * delivery's outcome in the trail, which still verifies and replays.
 */
class EscalationTest {
    private static final Patient ADULT = Patient.of("p-esc-1", Quantity.parse("54 y").orElseThrow()).withSex(Sex.MALE);
    private static final String PROTOCOL = "chest-pain-adult";
    /** Quick retries: these tests wait on latches and on {@link TriageEngine#close()}, never on the clock. */
    private static final EscalationPolicy QUICK = EscalationPolicy.DEFAULT.withBackoff(Duration.ZERO)
            .withAttemptTimeout(Duration.ofSeconds(20));

    /** A listener that keeps what it is given. */
    private static final class Kept implements EscalationListener {
        final List<Escalation> escalations = new CopyOnWriteArrayList<>();

        @Override
        public void escalate(Escalation escalation) {
            escalations.add(escalation);
        }
    }

    private static TriageEngine engine(MemoryAuditSink sink, EscalationListener listener, EscalationPolicy policy) {
        return Engines.BUNDLED.withAuditSink(sink).withEscalation(listener, policy);
    }

    /**
     * Answers the call until its outcome: yes to the triage questions of the group of {@code dispositionId}, no (or a
     * neutral answer) to every other question.
     */
    private static Outcome reach(Call call, String dispositionId) {
        Protocol protocol = Calls.protocol(PROTOCOL);
        List<String> yes = protocol.triage().stream().filter(g -> g.disposition().id().equals(dispositionId))
                .flatMap(g -> g.questions().stream()).map(q -> q.id()).toList();
        assertThat(yes).as("a group of %s in %s", dispositionId, PROTOCOL).isNotEmpty();
        Step step = call.next();
        while (step instanceof Step.Ask ask) {
            step = call.answer(Calls.fit(ask, yes.contains(ask.question().id()) ? Answer.yes() : Answer.no()));
        }
        return ((Step.Done) step).outcome();
    }

    private static Outcome reachWithout(String dispositionId) {
        Call plain = Engines.BUNDLED.withAuditSink(new MemoryAuditSink()).startCall("rn-1", ADULT, List.of(PROTOCOL));
        Outcome outcome = reach(plain, dispositionId);
        plain.close();
        return outcome;
    }

    private static List<AuditEvent.EscalationDelivery> deliveries(MemoryAuditSink sink) {
        return sink.records().stream().flatMap(r -> r.event(AuditEvent.EscalationDelivery.class).stream()).toList();
    }

    // ---- when

    @Test
    void belowTheThreshold_nothingEscalates() {
        Kept kept = new Kept();
        MemoryAuditSink sink = new MemoryAuditSink();
        try (TriageEngine engine = engine(sink, kept, QUICK)) {
            Call call = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));

            Outcome outcome = reach(call, "within-4h");
            call.close();

            assertThat(outcome.finalDisposition().id()).isEqualTo("within-4h");
            assertThat(call.escalations()).isEmpty();
        }
        assertThat(kept.escalations).isEmpty();
        assertThat(deliveries(sink)).isEmpty();
    }

    @Test
    void atTheThreshold_escalatesOnce_withWhatTheClinicianNeeds() {
        Kept kept = new Kept();
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call;
        try (TriageEngine engine = engine(sink, kept, QUICK.withThreshold("within-4h"))) {
            call = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));
            reach(call, "within-4h");
            call.next();
            call.close();
        }

        assertThat(kept.escalations).singleElement().satisfies(e -> {
            assertThat(e.callId()).isEqualTo(call.id());
            assertThat(e.patientReference()).isEqualTo("p-esc-1");
            assertThat(e.nurse()).isEqualTo("rn-1");
            assertThat(e.reason()).isEqualTo(Escalation.Reason.REACHED_LEVEL);
            assertThat(e.disposition().id()).isEqualTo("within-4h");
            assertThat(e.disposition().label().english()).isNotBlank();
            assertThat(e.protocols()).singleElement().satisfies(r -> {
                assertThat(r.disposition().id()).isEqualTo("within-4h");
                assertThat(r.trigger()).isPresent();
            });
            assertThat(e.pins()).extracting(AuditEvent.Pin::ref).containsExactly(call.protocols().get(0));
            assertThat(e.callbackNumber()).isEmpty();
            assertThat(e.error()).isEmpty();
            assertThat(e.toString()).doesNotContain("p-esc-1");
        });
        assertThat(call.escalations()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(EscalationStatus.State.SENT);
            assertThat(s.attempts()).isEqualTo(1);
            assertThat(s.recorded()).isTrue();
        });
        assertThat(deliveries(sink)).singleElement().satisfies(d -> {
            assertThat(d.call()).isEqualTo(call.id());
            assertThat(d.disposition()).isEqualTo("within-4h");
            assertThat(d.sent()).isTrue();
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.error()).isEmpty();
        });
    }

    @Test
    void aboveTheThreshold_escalatesAtTheLevelReached() {
        Kept kept = new Kept();
        try (TriageEngine engine = engine(new MemoryAuditSink(), kept, QUICK)) {
            Call call = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));
            reach(call, "ed-now");

            assertThat(call.escalations()).extracting(s -> s.escalation().disposition().id()).containsExactly("ed-now");
        }
        assertThat(kept.escalations).extracting(e -> e.disposition().id()).containsExactly("ed-now");
    }

    @Test
    void onceForEachLevelReached_aRiseEscalatesAgain_aFallNever() {
        Kept kept = new Kept();
        try (TriageEngine engine = engine(new MemoryAuditSink(), kept, QUICK.withThreshold("within-4h"))) {
            Call call = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));
            reach(call, "within-4h");
            Calls.raiseTo(call, "call-provider-now");
            Calls.raiseTo(call, "ed-now");
            call.override("within-24h", "provider-advice", "seen by the provider", Optional.of("dr-1"));
            call.override("call-provider-now", "nurse-judgment", "", Optional.empty());
            call.override("within-4h", "provider-advice", "seen by the provider", Optional.of("dr-1"));
            call.close();

            assertThat(call.escalations()).extracting(s -> s.escalation().disposition().id())
                    .containsExactly("within-4h", "call-provider-now", "ed-now");
            assertThat(call.escalations().get(1).escalation().overrides()).extracting(o -> o.to().id())
                    .containsExactly("call-provider-now");
        }
        assertThat(kept.escalations).hasSize(3);
    }

    @Test
    void aCallThatFailsClosed_escalates_withTheQuestionsLeftOpen() {
        Kept kept = new Kept();
        MemoryAuditSink trail = new MemoryAuditSink();
        String redFlag = Calls.protocol(PROTOCOL).triage().get(0).questions().get(0).id();
        // The sink refuses the record of the "no" to the first red flag: the call fails closed to call-provider-now.
        AuditSink failing = failingOn(trail, r -> r.events().stream().anyMatch(e -> e instanceof AuditEvent.AnswerGiven given
                && given.question().equals(redFlag)));
        Call call;
        try (TriageEngine engine = Engines.BUNDLED.withAuditSink(failing).withEscalation(kept, QUICK.withThreshold("call-911"))) {
            call = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));
            Calls.firstTriageQuestion(call);
            Outcome outcome = ((Step.Done) call.answer(Answer.no())).outcome();
            assertThat(call.state()).isEqualTo(CallState.ERROR);
            assertThat(outcome.finalDisposition().id()).isEqualTo("call-provider-now");
        }

        assertThat(kept.escalations).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Escalation.Reason.FAILED_CLOSED);
            assertThat(e.disposition().id()).isEqualTo("call-provider-now");
            assertThat(e.error()).hasValueSatisfying(error -> assertThat(error).contains("disk full"));
            assertThat(e.openQuestions()).isNotEmpty().extracting(q -> q.question().id()).doesNotContain(redFlag);
        });
        assertThat(deliveries(trail)).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(Escalation.Reason.FAILED_CLOSED);
            assertThat(d.sent()).isTrue();
        });
        // The sink refused the call's error record too (it holds the refused answer): the call is left open, and
        // the delivery record of the open call is accepted.
        AuditTrail.Verification v = Trails.verify(trail, Optional.empty());
        assertThat(v.problem()).isEmpty();
        assertThat(v.openCalls()).extracting(AuditTrail.OpenCall::callId).containsExactly(call.id());
    }

    @Test
    void aCallNoneOfWhoseRecordsReachedTheTrail_stillEscalates_andItsDeliveryIsNotRecordedThere() {
        Kept kept = new Kept();
        MemoryAuditSink trail = new MemoryAuditSink();
        // Every record holding the call's start is refused (its error record holds it too); the sink then recovers.
        AuditSink failing = failingOn(trail, r -> r.has(AuditEvent.Type.CALL_STARTED));
        Call call;
        try (TriageEngine engine = Engines.BUNDLED.withAuditSink(failing).withEscalation(kept, QUICK)) {
            call = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));
            assertThat(call.state()).isEqualTo(CallState.ERROR);
        }

        assertThat(kept.escalations).extracting(Escalation::reason).containsExactly(Escalation.Reason.FAILED_CLOSED);
        assertThat(call.escalations()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(EscalationStatus.State.SENT);
            assertThat(s.recorded()).isFalse();
        });
        // A delivery record of a call the trail does not hold would read as a forged one.
        assertThat(deliveries(trail)).isEmpty();
        assertThat(Trails.verify(trail, Optional.empty()).problem()).isEmpty();
    }

    private static AuditSink failingOn(MemoryAuditSink kept, Predicate<AuditRecord> when) {
        return record -> {
            if (when.test(record)) {
                throw new IllegalStateException("disk full");
            }
            kept.append(record);
        };
    }

    // ---- a listener that fails

    @Test
    void aListenerThatThrows_leavesTheCallAsItWouldBe_andItsFailureAfterEveryAttemptIsRecorded() {
        List<Escalation> tried = new CopyOnWriteArrayList<>();
        EscalationListener throwing = e -> {
            tried.add(e);
            throw new java.io.IOException("pager gateway refused");
        };
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call;
        Outcome outcome;
        try (TriageEngine engine = engine(sink, throwing, QUICK.withAttempts(3))) {
            call = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));
            outcome = reach(call, "ed-now");
            call.close();
        }

        assertThat(outcome.finalDisposition()).isEqualTo(reachWithout("ed-now").finalDisposition());
        assertThat(call.state()).isEqualTo(CallState.CLOSED);
        assertThat(tried).hasSize(3);
        assertThat(call.escalations()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(EscalationStatus.State.FAILED);
            assertThat(s.attempts()).isEqualTo(3);
            assertThat(s.error()).contains("IOException: pager gateway refused");
            assertThat(s.recorded()).isTrue();
        });
        assertThat(deliveries(sink)).singleElement().satisfies(d -> {
            assertThat(d.sent()).isFalse();
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(d.error()).contains("IOException: pager gateway refused");
            assertThat(d.disposition()).isEqualTo("ed-now");
        });
        assertThat(Trails.verify(sink, Optional.empty()).status()).isEqualTo(AuditTrail.Status.INTACT);
    }

    @Test
    void aListenerThatHangs_neitherDelaysNorChangesTheCall_andTimesOut() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        EscalationListener hanging = e -> {
            entered.countDown();
            // Hangs, deaf to interruption, until the test ends.
            while (true) {
                try {
                    if (released.await(1, TimeUnit.MINUTES)) {
                        return;
                    }
                } catch (InterruptedException ignored) {
                    // keeps hanging
                }
            }
        };
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call;
        try {
            try (TriageEngine engine = engine(sink, hanging, QUICK.withAttempts(1).withAttemptTimeout(Duration.ofMillis(200)))) {
                call = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));
                Outcome outcome = reach(call, "ed-now");
                assertThat(entered.await(1, TimeUnit.MINUTES)).as("the listener was called").isTrue();

                // The listener is stuck; the call goes on and closes on this thread all the same.
                call.close();
                assertThat(call.state()).isEqualTo(CallState.CLOSED);
                assertThat(outcome.finalDisposition()).isEqualTo(reachWithout("ed-now").finalDisposition());
            }
            assertThat(call.escalations()).singleElement().satisfies(s -> {
                assertThat(s.state()).isEqualTo(EscalationStatus.State.FAILED);
                assertThat(s.error()).hasValueSatisfying(error -> assertThat(error).startsWith("TimeoutException"));
            });
            assertThat(deliveries(sink)).singleElement().satisfies(d -> assertThat(d.sent()).isFalse());
        } finally {
            released.countDown();
        }
    }

    // ---- the trail

    @Test
    void aDeliveryRecordedAfterTheCallClosed_verifies_andTheTrailReplaysToTheSameDisposition() throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        List<Escalation> paged = new CopyOnWriteArrayList<>();
        EscalationListener afterClose = e -> {
            closed.await();
            paged.add(e);
        };
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call;
        try (TriageEngine engine = engine(sink, afterClose, QUICK).withHmacKey(AuditTrailKey.KEY)) {
            call = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));
            reach(call, "ed-now");
            call.close();
            closed.countDown();
        }

        List<String> lines = sink.lines();
        int closedAt = indexOf(lines, "\"CallClosed\"");
        int deliveredAt = indexOf(lines, "\"EscalationDelivery\"");
        assertThat(deliveredAt).isGreaterThan(closedAt);
        AuditTrail.Verification v = AuditTrail.verify(lines, Optional.of(AuditTrailKey.KEY));
        assertThat(v.status()).as(v.problem().orElse("")).isEqualTo(AuditTrail.Status.INTACT);
        assertThat(v.authenticated()).isTrue();
        assertThat(v.calls()).isEqualTo(1);

        TriageEngine replaying = engine(new MemoryAuditSink(), afterClose, QUICK);
        try (replaying) {
            List<Replay.Result> results = replaying.replay(Trails.parse(lines));
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.differences()).isEmpty();
                assertThat(r.recordedDisposition()).contains("ed-now");
                assertThat(r.replayedDisposition()).contains("ed-now");
            });
        }
        assertThat(paged).as("a replay pages no one").hasSize(1);
    }

    @Test
    void aDeliveryRecordedBetweenTheCallsRecords_verifies_andTheTrailReplays() throws InterruptedException {
        MemoryAuditSink kept = new MemoryAuditSink();
        CountDownLatch delivered = new CountDownLatch(1);
        AuditSink sink = record -> {
            kept.append(record);
            if (record.has(AuditEvent.Type.ESCALATION_DELIVERY)) {
                delivered.countDown();
            }
        };
        Call call;
        try (TriageEngine engine = Engines.BUNDLED.withAuditSink(sink).withEscalation(new Kept(), QUICK.withThreshold("within-4h"))) {
            call = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));
            reach(call, "within-4h");
            assertThat(delivered.await(1, TimeUnit.MINUTES)).as("the first delivery was recorded").isTrue();
            Calls.raiseTo(call, "ed-now");
            call.close();
        }

        List<String> lines = kept.lines();
        List<Integer> deliveries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"EscalationDelivery\"")) {
                deliveries.add(i);
            }
        }
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries.get(0)).isLessThan(indexOf(lines, "\"OverrideApplied\""));
        assertThat(AuditTrail.verify(lines, Optional.empty()).status()).isEqualTo(AuditTrail.Status.INTACT);
        assertThat(Engines.BUNDLED.replay(Trails.parse(lines))).singleElement().satisfies(r -> {
            assertThat(r.differences()).isEmpty();
            assertThat(r.replayedDisposition()).contains("ed-now");
        });
    }

    @Test
    void deliveryRecords_roundTripThroughTheCodec() {
        AuditEvent.EscalationDelivery failed = new AuditEvent.EscalationDelivery("call-7", Escalation.Reason.FAILED_CLOSED,
                "call-provider-now", false, 3, Optional.of("TimeoutException: no answer within 10 s"),
                Instant.parse("2026-11-27T10:00:00.123Z"));
        AuditEvent.EscalationDelivery sent = new AuditEvent.EscalationDelivery("call-8", Escalation.Reason.REACHED_LEVEL,
                "ed-now", true, 1, Optional.empty(), Instant.parse("2026-11-27T10:00:00Z"));

        for (AuditEvent event : List.of(failed, sent)) {
            AuditRecord record = AuditCodec.seal(Optional.empty(), 0, Instant.parse("2026-11-27T10:00:01Z"), List.of(event),
                    org.opentriage.internal.engine.AuditChain.GENESIS, Optional.empty());
            assertThat(AuditRecord.parse(record.line(), record.prev()).events()).containsExactly(event);
        }
        assertThat(AuditCodec.event(failed).toString()).contains("\"outcome\":\"failed\"", "\"reason\":\"failed-closed\"",
                "\"attempts\":3", "\"raised\":\"2026-11-27T10:00:00.123Z\"");
    }

    @Test
    void aDeliveryOfACallNotInTheTrail_orInsideACallsRecord_isBroken() {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        AuditEvent.EscalationDelivery delivery = new AuditEvent.EscalationDelivery("call-x", Escalation.Reason.REACHED_LEVEL,
                "ed-now", true, 1, Optional.empty(), now);
        MemoryAuditSink before = new MemoryAuditSink();
        TrailWriter.of(before).trailRecord(now, Optional.empty(), delivery);
        assertThat(AuditTrail.verify(before.lines(), Optional.empty()).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("line 2", "call-x", "no record before it"));

        MemoryAuditSink inside = new MemoryAuditSink();
        TrailWriter.of(inside).append("call-x", 1, now, List.of(new AuditEvent.CallStarted("dev", "rn-1", ADULT, List.of()),
                delivery), Optional.empty());
        assertThat(AuditTrail.verify(inside.lines(), Optional.empty()).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("inside a call's record"));
    }

    // ---- the engine

    @Test
    void aThresholdOutsideTheScale_andAPolicyOutOfBounds_areRefused() {
        assertThatThrownBy(() -> Engines.BUNDLED.withEscalation(new Kept(), EscalationPolicy.DEFAULT.withThreshold("soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'soon' is not in the disposition scale");
        assertThatThrownBy(() -> EscalationPolicy.DEFAULT.withAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EscalationPolicy.DEFAULT.withAttemptTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(EscalationPolicy.DEFAULT.budget()).isEqualTo(Duration.ofSeconds(36));
    }

    @Test
    void aListenerBuiltIn_escalatesTheCallsOfTheEngineAndOfItsCopies_whichShareItsDelivery() {
        Kept kept = new Kept();
        MemoryAuditSink other = new MemoryAuditSink();
        Call own;
        Call copied;
        TriageEngine engine = Engines.builder().escalation(kept).build();
        try (engine) {
            own = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));
            reach(own, "ed-now");
            own.close();
            copied = engine.withAuditSink(other).withHmacKey(AuditTrailKey.KEY).startCall("rn-2", ADULT, List.of(PROTOCOL));
            reach(copied, "call-911");
            copied.close();
        }

        assertThat(kept.escalations).extracting(e -> e.disposition().id()).containsExactlyInAnyOrder("ed-now", "call-911");
        assertThat(own.escalations()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(EscalationStatus.State.SENT));
        assertThat(copied.escalations()).singleElement().satisfies(s -> assertThat(s.recorded()).isTrue());
        assertThat(AuditTrail.verify(other.lines(), Optional.of(AuditTrailKey.KEY)).status()).isEqualTo(AuditTrail.Status.INTACT);
        assertThat(deliveries(other)).extracting(AuditEvent.EscalationDelivery::disposition).containsExactly("call-911");
    }

    @Test
    void anEscalationRaisedAfterTheEngineClosed_isRecordedAsFailed_andTheCallGoesOn() {
        Kept kept = new Kept();
        MemoryAuditSink sink = new MemoryAuditSink();
        TriageEngine engine = engine(sink, kept, QUICK);
        Call call = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));
        engine.close();

        Outcome outcome = reach(call, "ed-now");
        call.close();

        assertThat(outcome.finalDisposition().id()).isEqualTo("ed-now");
        assertThat(kept.escalations).isEmpty();
        assertThat(call.escalations()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(EscalationStatus.State.FAILED);
            assertThat(s.attempts()).isZero();
            assertThat(s.error()).hasValueSatisfying(e -> assertThat(e).contains("engine was closed"));
        });
        assertThat(deliveries(sink)).singleElement().satisfies(d -> assertThat(d.attempts()).isZero());
    }

    @Test
    void aCallResumedFromASnapshot_doesNotEscalateALevelItHadReached_butARiseStillEscalates() {
        Kept kept = new Kept();
        try (TriageEngine engine = engine(new MemoryAuditSink(), kept, QUICK.withThreshold("within-4h"))) {
            Call call = engine.startCall("rn-1", ADULT, List.of(PROTOCOL));
            reach(call, "within-4h");
            // Taken up in another process, writing its own trail; the first process lets it go.
            Call resumed = engine.withAuditSink(new MemoryAuditSink()).resume(call.snapshot());
            call.abandon("handed over");

            Calls.raiseTo(resumed, "ed-now");
            resumed.close();

            assertThat(resumed.escalations()).extracting(s -> s.escalation().disposition().id()).containsExactly("ed-now");
        }
        assertThat(kept.escalations).extracting(e -> e.disposition().id()).containsExactlyInAnyOrder("within-4h", "ed-now");  // delivered on parallel threads
    }

    private static int indexOf(List<String> lines, String text) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                at.add(i);
            }
        }
        assertThat(at).as(text).hasSize(1);
        return at.get(0);
    }

    /** A key for the keyed trail. */
    private static final class AuditTrailKey {
        static final byte[] KEY = "a secret of sixteen bytes or more".getBytes(StandardCharsets.UTF_8);
    }
}

package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/** The final disposition never stays below the recommendation without an approved downgrade made after it. */
class OverrideSafetyTest {
    private static final Patient ADULT = Patient.of("p-1", Quantity.parse("54 y").orElseThrow()).withSex(Sex.MALE);

    @Test
    void upgradeThenAddedProtocolRaisesRecommendation_finalFollowsTheRecommendation_andTheVoidIsRecorded() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = Engines.BUNDLED.withAuditSink(sink).startCall("rn-1", ADULT, List.of("headache-adult"));
        Calls.answerAll(call, Answer.no());
        call.override("within-24h", "nurse-judgment", "worried", Optional.empty());

        Calls.firstTriageQuestion(call, call.addProtocol("chest-pain-adult"));
        Outcome outcome = ((Step.Done) call.answer(Answer.yes())).outcome();

        assertThat(outcome.recommended().id()).isEqualTo("call-911");
        assertThat(outcome.finalDisposition().id()).isEqualTo("call-911");
        assertThat(outcome.overrides()).isEmpty();
        assertThat(outcome.careAdvice().get(0).english()).contains("911");
        assertThat(Trails.types(sink, call.id())).contains(AuditEvent.Type.OVERRIDES_VOIDED);
    }

    @Test
    void approvedDowngradeThenRise_isVoided_finalIsTheNewRecommendation() {
        Call call = Engines.BUNDLED.startCall("rn-1", ADULT, List.of("headache-adult"));
        Outcome first = Calls.answerAll(call, Answer.no());
        Calls.raiseTo(call, "within-4h");
        call.override(first.recommended().id(), "provider-advice", "discussed", Optional.of("dr-1"));

        Calls.firstTriageQuestion(call, call.addProtocol("chest-pain-adult"));
        Outcome outcome = ((Step.Done) call.answer(Answer.yes())).outcome();

        assertThat(outcome.finalDisposition()).isEqualTo(outcome.recommended());
    }

    @Test
    void upgradeAboveTheRisenRecommendation_stands() {
        Call call = Engines.BUNDLED.startCall("rn-1", ADULT, List.of("headache-adult"));
        Calls.answerAll(call, Answer.no());
        call.override("call-911", "nurse-judgment", "sounds very unwell", Optional.empty());

        Outcome outcome = Calls.answerAll(call, call.addProtocol("chest-pain-adult"), Answer.no());

        assertThat(outcome.finalDisposition().id()).isEqualTo("call-911");
        assertThat(outcome.overrides()).hasSize(1);
    }

    @Test
    void upgradePartWayBackAfterAnApprovedDowngrade_standsBelowTheRecommendation_withoutFailingTheCall() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = Engines.BUNDLED.withAuditSink(sink).startCall("rn-1", ADULT, List.of("chest-pain-adult"));
        Calls.firstTriageQuestion(call);
        call.answer(Answer.yes());
        call.override("within-4h", "provider-advice", "seen by the provider on video", Optional.of("dr-2"));

        Outcome outcome = Calls.raiseTo(call, "ed-ucc-now");

        assertThat(call.state()).isEqualTo(CallState.RECOMMENDED);
        assertThat(outcome.error()).isEmpty();
        assertThat(outcome.recommended().id()).isEqualTo("call-911");
        assertThat(outcome.finalDisposition().id()).isEqualTo("ed-ucc-now");
        call.close();
        assertThat(Trails.events(sink, call.id())).last().isEqualTo(new AuditEvent.CallClosed("call-911", "ed-ucc-now"));
    }

    @Test
    void downgradeAfterTheRise_isHonoured() {
        Call call = Engines.BUNDLED.startCall("rn-1", ADULT, List.of("headache-adult"));
        Calls.answerAll(call, Answer.no());
        Calls.firstTriageQuestion(call, call.addProtocol("chest-pain-adult"));
        call.answer(Answer.yes());

        Outcome outcome = ((Step.Done) call.override("ed-now", "provider-advice", "seen by the provider on video",
                Optional.of("dr-2"))).outcome();

        assertThat(outcome.recommended().id()).isEqualTo("call-911");
        assertThat(outcome.finalDisposition().id()).isEqualTo("ed-now");
    }
}

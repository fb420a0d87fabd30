package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/**
 * Every call runs the library's general assessment before the protocols the nurse picks: how sick the patient
 * is, and the readings the caller gives, against thresholds by age band. A reading given once decides for a
 * protocol that never asks for it; a call with two protocols asks the general questions once; the general
 * assessment never raises a call on its own unless something in it is positive.
 */
class GeneralAssessmentTest {
    private static final MemoryAuditSink SINK = new MemoryAuditSink();
    private static final TriageEngine ENGINE = Engines.builder().generalAssessment(true).auditSink(SINK).build();
    private static final Patient ADULT = Patient.of("p-1", Quantity.parse("54 y").orElseThrow()).withSex(Sex.MALE);

    private static List<String> asked(Call call) {
        return Trails.events(SINK, call.id()).stream().filter(e -> e instanceof AuditEvent.QuestionAsked)
                .map(e -> ((AuditEvent.QuestionAsked) e).protocol() + "/" + ((AuditEvent.QuestionAsked) e).question()).toList();
    }

    @Test
    void theGeneralAssessmentComesFirst_inEveryCall() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("headache-adult"));

        Step.Ask first = (Step.Ask) call.next();

        assertThat(first.protocol()).startsWith("general-assessment@");
        assertThat(first.question().id()).isEqualTo("emergency-signs-adult");
        assertThat(call.protocols()).hasSize(2);
    }

    @Test
    void aLowOxygenReadingGivenUpFront_sendsAHeadacheCallToTheEmergencyDepartment() {
        Patient withReading = ADULT.withFact(PatientFact.OXYGEN_SATURATION, Answer.number(Quantity.parse("89 %").orElseThrow()));
        Call call = ENGINE.startCall("rn-1", withReading, List.of("headache-adult"));

        Outcome outcome = Calls.answerAll(call, Answer.no());

        assertThat(outcome.recommended().id()).isEqualTo("ed-now");
        assertThat(outcome.protocols()).last().satisfies(r -> {
            assertThat(r.protocol()).startsWith("general-assessment@");
            assertThat(r.trigger()).contains("spo2-below-92");
        });
        assertThat(outcome.unusedFacts()).isEmpty();
    }

    @Test
    void aReadingEnteredDuringTheCall_raisesTheCall() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("headache-adult"));
        Outcome before = Calls.answerAll(call, Answer.no());

        Outcome after = ((Step.Done) call.giveFact(PatientFact.RESPIRATORY_RATE, Answer.number(Quantity.parse("32 /min")
                .orElseThrow()))).outcome();

        assertThat(after.recommended().isMoreUrgentThan(before.recommended())).isTrue();
        assertThat(after.recommended().id()).isEqualTo("ed-now");
    }

    @Test
    void aTwoProtocolCall_asksTheGeneralQuestionsOnce() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("headache-adult", "chest-pain-adult"));

        Calls.answerAll(call, Answer.no());

        List<String> general = asked(call).stream().filter(q -> q.startsWith("general-assessment/")).toList();
        assertThat(general).doesNotHaveDuplicates().contains("general-assessment/emergency-signs-adult");
        assertThat(asked(call).stream().filter(q -> q.endsWith("/emergency-signs-adult"))).hasSize(1);
    }

    @Test
    void anEmergencySignInTheGeneralAssessment_callsTheAmbulanceAtOnce_withoutTheProtocolsQuestions() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("headache-adult"));

        Outcome outcome = ((Step.Done) call.answer(Answer.items("struggling-to-breathe"))).outcome();

        assertThat(outcome.recommended().id()).isEqualTo("call-911");
        assertThat(outcome.protocols()).first().satisfies(r -> assertThat(r.basis()).isEqualTo(ProtocolResult.Basis.SUPERSEDED));
        assertThat(outcome.careAdvice().get(0).english()).startsWith("Call 911 now");
    }

    @Test
    void theGeneralAssessmentsOwnHomeCare_isNotRaisedByRiskModifiers() {
        Patient old = Patient.of("p-2", Quantity.parse("85 y").orElseThrow()).withSex(Sex.FEMALE);
        Call call = ENGINE.startCall("rn-1", old, List.of("headache-adult"));

        Outcome outcome = Calls.answerAll(call, Answer.no());

        assertThat(outcome.modifiers()).noneMatch(m -> m.protocol().startsWith("general-assessment@"));
        assertThat(outcome.protocols()).last().satisfies(r -> assertThat(r.disposition().id()).isEqualTo("home-care"));
    }

    @Test
    void aCallWithTheGeneralAssessment_replaysExactly() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("headache-adult"));
        Calls.answerAll(call, Answer.no());
        call.override("within-24h", "nurse-judgment", "", Optional.empty());
        call.close();

        assertThat(ENGINE.replay(SINK.records()).stream().filter(r -> r.callId().equals(call.id())))
                .singleElement().satisfies(r -> assertThat(r.differences()).isEmpty());
    }

    @Test
    void callBackInstructions_areOneSet_mostUrgentFirst_withoutAnyThatTellTheCallerToDoLessThanTheDisposition() {
        Patient withReading = ADULT.withFact(PatientFact.OXYGEN_SATURATION, Answer.number(Quantity.parse("89 %").orElseThrow()));
        Outcome edNow = Calls.answerAll(ENGINE.startCall("rn-1", withReading, List.of("headache-adult")), Answer.no());
        Outcome homeCare = Calls.answerAll(ENGINE.startCall("rn-1", ADULT, List.of("headache-adult")), Answer.no());

        assertThat(edNow.recommended().id()).isEqualTo("ed-now");
        assertThat(edNow.callBackIf().get(0).english()).startsWith("Call 911");
        // "Call back at once if newly confused" sends the caller to the on-call provider: less than the ED now.
        assertThat(edNow.callBackIf()).noneMatch(t -> t.english().contains("newly confused"));
        assertThat(homeCare.recommended().id()).isEqualTo("home-care");
        assertThat(homeCare.callBackIf()).anyMatch(t -> t.english().contains("newly confused"));
        assertThat(homeCare.callBackIf()).filteredOn(t -> t.english().contains("worried for any reason")).hasSize(1);
    }

    @Test
    void anEngineWhoseResolutionLeavesOutTheLibrarysGeneralAssessment_refusesCalls_ratherThanRunThemWithoutIt() {
        TriageEngine approvedOnly = TriageEngine.builder(org.opentriage.protocol.ProtocolLibrary.bundled())
                .resolution(org.opentriage.protocol.ProtocolLibrary.Resolution.APPROVED_ONLY).auditSink(new MemoryAuditSink()).build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> approvedOnly.startCall("rn-1", ADULT, List.of("headache-adult")))
                .isInstanceOf(ProtocolNotApprovedException.class)
                .hasMessageContaining("general assessment is not approved: general-assessment@")
                .hasMessageContaining("is draft, not approved")
                .hasMessageContaining("generalAssessment(false)");
    }

    @Test
    void everyCallBackItemOfTheBundledGeneralAssessment_hasATopicId_soAProtocolCanGiveItsOwnInstead() {
        Protocol general = ProtocolLibrary.bundled().generalAssessment(ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();

        assertThat(general.callBackIf()).isNotEmpty().allSatisfy(item -> assertThat(item.id()).as(item.text().english()).isPresent());
    }
}

package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opentriage.triage.PatientInput.ENGINE;
import static org.opentriage.triage.PatientInput.SINK;
import static org.opentriage.triage.PatientInput.adult;
import static org.opentriage.triage.PatientInput.amount;
import static org.opentriage.triage.PatientInput.answersTo;
import static org.opentriage.triage.PatientInput.askedWhenAllNo;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Sex;

/**
 * A known pregnancy answers the questions bound to it ({@code fact: pregnant}), recorded as coming from the patient
 * record; the weeks of a pregnancy tell that she is pregnant; a record that contradicts itself is refused.
 */
class PregnancyFactTest {

    @Test
    void recordedPregnant_answersTheBoundQuestionYes_fromThePatientRecord_withoutAsking() {
        Call call = ENGINE.startCall("rn-1", adult().withSex(Sex.FEMALE).withPregnant(true), List.of("pain-check"));

        List<String> asked = askedWhenAllNo(call);

        assertThat(asked).doesNotContain("pregnant-pain");
        assertThat(answersTo(call, "pregnant-pain")).singleElement().satisfies(given -> {
            assertThat(given.answer()).isEqualTo(Answer.yes());
            assertThat(given.source()).isEqualTo(AnswerSource.PREFILLED);
        });
        assertThat(call.outcome().orElseThrow().protocols().get(0).trigger()).contains("pregnant-pain");
    }

    @Test
    void recordedNotPregnant_answersTheBoundQuestionNo_withoutAsking() {
        Call call = ENGINE.startCall("rn-1", adult().withSex(Sex.FEMALE).withPregnant(false), List.of("pain-check"));

        assertThat(askedWhenAllNo(call)).doesNotContain("pregnant-pain");
        assertThat(answersTo(call, "pregnant-pain")).singleElement()
                .satisfies(given -> assertThat(given.answer()).isEqualTo(Answer.no()));
    }

    @Test
    void pregnancyNotKnown_theBoundQuestionIsAsked() {
        Call call = ENGINE.startCall("rn-1", adult().withSex(Sex.FEMALE), List.of("pain-check"));

        assertThat(askedWhenAllNo(call)).contains("pregnant-pain");
        assertThat(answersTo(call, "pregnant-pain")).singleElement()
                .satisfies(given -> assertThat(given.source()).isEqualTo(AnswerSource.NURSE));
    }

    @Test
    void weeksOfPregnancy_tellThatSheIsPregnant() {
        Patient patient = adult().withSex(Sex.FEMALE).withFact(PatientFact.PREGNANCY_WEEKS, amount("20 wk"));
        Call call = ENGINE.startCall("rn-1", patient, List.of("pain-check"));

        assertThat(patient.isPregnant()).contains(true);
        assertThat(askedWhenAllNo(call)).doesNotContain("pregnant-pain");
        assertThat(answersTo(call, "pregnant-pain")).singleElement()
                .satisfies(given -> assertThat(given.answer()).isEqualTo(Answer.yes()));
    }

    @Test
    void weeksOfPregnancyGivenDuringTheCall_countAsAPregnancy_forTheRulesToo() {
        Call call = ENGINE.startCall("rn-1", adult().withSex(Sex.FEMALE), List.of("cough-only"));
        Outcome before = Calls.answerAll(call, Answer.no());

        Outcome after = ((Step.Done) call.giveFact(PatientFact.PREGNANCY_WEEKS, amount("20 wk"))).outcome();

        assertThat(before.recommended().id()).isEqualTo("home-care");
        assertThat(after.recommended().id()).isEqualTo("within-24h");
        assertThat(after.modifiers()).singleElement().satisfies(m -> assertThat(m.modifier()).isEqualTo("pregnancy"));
        assertThat(after.unusedFacts()).doesNotContain(PatientFact.PREGNANCY_WEEKS);
    }

    @Test
    void aMalePatient_isNotAskedWhetherPregnant() {
        Call call = ENGINE.startCall("rn-1", adult().withSex(Sex.MALE), List.of("pain-check"));

        assertThat(adult().withSex(Sex.MALE).isPregnant()).contains(false);
        assertThat(askedWhenAllNo(call)).doesNotContain("pregnant-pain");
    }

    @Test
    void pregnancyGivenDuringTheCall_answersTheBoundQuestion_andTheCallReplays() {
        Call call = ENGINE.startCall("rn-1", adult().withSex(Sex.FEMALE), List.of("pain-check"));
        call.answer(amount("2 d"));
        assertThat(((Step.Ask) call.next()).question().id()).isEqualTo("pregnant-pain");

        Step step = call.giveFact(PatientFact.PREGNANT, Answer.yes());

        assertThat(((Step.Done) step).outcome().protocols().get(0).trigger()).contains("pregnant-pain");
        assertThat(answersTo(call, "pregnant-pain")).singleElement()
                .satisfies(given -> assertThat(given.source()).isEqualTo(AnswerSource.PREFILLED));
        assertThat(Trails.events(SINK, call.id())).contains(new AuditEvent.FactGiven("pregnant", Answer.yes()));
        call.close();
        assertThat(ENGINE.replay(SINK.records()).stream().filter(r -> r.callId().equals(call.id())))
                .singleElement().satisfies(r -> assertThat(r.differences()).isEmpty());
    }

    @Test
    void pregnancyGivenDuringTheCall_resumesFromTheSnapshot() {
        Call call = ENGINE.startCall("rn-1", adult(), List.of("cough-only", "pain-check"));
        call.giveFact(PatientFact.PREGNANT, Answer.no());
        Step step = call.answer(Answer.no());

        Call resumed = ENGINE.withAuditSink(new MemoryAuditSink()).resume(call.snapshot());

        assertThat(resumed.next()).isEqualTo(step);
        assertThat(Calls.answerAll(resumed, Answer.no())).isEqualTo(Calls.answerAll(call, Answer.no()));
        assertThat(answersTo(call, "pregnant-pain")).singleElement()
                .satisfies(given -> assertThat(given.answer()).isEqualTo(Answer.no()));
    }

    @Test
    void aPregnantFact_isThePatientsPregnancy() {
        Patient patient = new Patient("p-1", adult().age(), Optional.empty(), Optional.empty(),
                Map.of(PatientFact.PREGNANT, Answer.no()));

        assertThat(patient.pregnant()).contains(false);
        assertThat(patient.facts()).doesNotContainKey(PatientFact.PREGNANT);
        assertThat(adult().withFact(PatientFact.PREGNANT, Answer.yes()).pregnant()).contains(true);
    }

    @Test
    void aRecordThatContradictsItself_isRefused() {
        assertThatThrownBy(() -> adult().withSex(Sex.MALE).withFact(PatientFact.PREGNANCY_WEEKS, amount("20 wk")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("male");
        assertThatThrownBy(() -> adult().withPregnant(false).withFact(PatientFact.PREGNANCY_WEEKS, amount("20 wk")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not pregnant");
        assertThatThrownBy(() -> new Patient("p-1", adult().age(), Optional.empty(), Optional.of(true),
                Map.of(PatientFact.PREGNANT, Answer.no()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> adult().withFact(PatientFact.PREGNANT, Answer.unknown()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/** A call through the engine: questions, answers, dispositions, overrides, states, failure. */
class CallTest {
    private static final Patient ADULT = Patient.of("p-1", Quantity.parse("54 y").orElseThrow()).withSex(Sex.MALE);

    private static Call chestPain() {
        return Engines.BUNDLED.startCall("rn-1", ADULT, List.of("chest-pain-adult"));
    }

    @Test
    void firstQuestionYes_isARedFlag_andGives911WithItsRationaleAsBasis() {
        Call call = chestPain();
        Step.Ask first = Calls.firstTriageQuestion(call);

        Step step = call.answer(Answer.yes());

        Outcome outcome = ((Step.Done) step).outcome();
        assertThat(first.question().redFlag()).isTrue();
        assertThat(outcome.recommended().id()).isEqualTo("call-911");
        assertThat(outcome.protocols()).singleElement().satisfies(r -> {
            assertThat(r.basis()).isEqualTo(ProtocolResult.Basis.POSITIVE_ANSWER);
            assertThat(r.trigger()).contains(first.question().id());
            assertThat(r.rationale()).isPresent();
        });
        assertThat(outcome.careAdvice()).isNotEmpty();
        assertThat(outcome.callBackIf()).isNotEmpty();
        assertThat(call.state()).isEqualTo(CallState.RECOMMENDED);
    }

    @Test
    void everyAnswerNo_givesTheDefaultDisposition() {
        Outcome outcome = Calls.answerAll(chestPain(), Answer.no());

        assertThat(outcome.protocols().get(0).basis()).isEqualTo(ProtocolResult.Basis.DEFAULT);
        assertThat(outcome.recommended()).isEqualTo(Engines.LIBRARY.resolve("chest-pain-adult",
                org.opentriage.protocol.ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow().defaultDisposition());
    }

    @Test
    void unknownOnTheFirstTriageQuestion_isAsCautiousAsYes() {
        Call yes = chestPain();
        Calls.firstTriageQuestion(yes);
        Call unknown = chestPain();
        Calls.firstTriageQuestion(unknown);

        Outcome afterYes = ((Step.Done) yes.answer(Answer.yes())).outcome();
        Outcome afterUnknown = ((Step.Done) unknown.answer(Answer.unknown())).outcome();

        assertThat(afterUnknown.recommended().acuity()).isGreaterThanOrEqualTo(afterYes.recommended().acuity());
        assertThat(afterUnknown.protocols().get(0).basis()).isEqualTo(ProtocolResult.Basis.UNKNOWN_ANSWER);
    }

    @Test
    void wrongAnswer_isRejected_andTheCallIsUnchanged() {
        Call call = chestPain();
        Step before = Calls.firstTriageQuestion(call);

        assertThatThrownBy(() -> call.answer(Answer.number(Quantity.parse("3 d").orElseThrow())))
                .isInstanceOf(AnswerRejectedException.class)
                .satisfies(e -> assertThat(((AnswerRejectedException) e).reason()).isEqualTo(AnswerRejectedException.Reason.WRONG_TYPE));
        assertThat(call.next()).isEqualTo(before);
        assertThat(call.state()).isEqualTo(CallState.ASKING);
    }

    @Test
    void illegalMove_namesTheCallAndState() {
        Call call = chestPain();

        assertThatThrownBy(call::close).isInstanceOf(IllegalCallStateException.class)
                .hasMessageContaining(call.id()).hasMessageContaining("ASKING");
        assertThatThrownBy(() -> call.override("call-911", "nurse-judgment", "", Optional.empty()))
                .isInstanceOf(IllegalCallStateException.class);
    }

    @Test
    void downgrade_needsAnApprover_upgradeDoesNot_andBothDispositionsAreKept() {
        Call call = chestPain();
        Outcome outcome = Calls.answerAll(call, Answer.no());
        String recommended = outcome.recommended().id();

        assertThatThrownBy(() -> call.override("call-911", "made-up", "", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("made-up");
        Outcome up = ((Step.Done) call.override("ed-now", "nurse-judgment", "sounds unwell", Optional.empty())).outcome();
        assertThatThrownBy(() -> call.override("home-care", "patient-preference", "", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("approver");
        Outcome down = ((Step.Done) call.override("within-24h", "provider-advice", "discussed", Optional.of("dr-5"))).outcome();

        assertThat(up.recommended().id()).isEqualTo(recommended);
        assertThat(up.finalDisposition().id()).isEqualTo("ed-now");
        assertThat(down.finalDisposition().id()).isEqualTo("within-24h");
        assertThat(down.overrides()).hasSize(2);
        call.close();
        assertThat(call.state()).isEqualTo(CallState.CLOSED);
    }

    @Test
    void prefilledTemperature_isNotAsked_andIsRecordedAsPrefilled() {
        Patient infant = Patient.of("p-2", Quantity.parse("6 wk").orElseThrow())
                .withFact(PatientFact.TEMPERATURE, Answer.number(Quantity.parse("38.4 °C").orElseThrow()));
        Call call = Engines.BUNDLED.startCall("rn-1", infant, List.of("fever-child"));

        Outcome outcome = Calls.answerAll(call, Answer.no());

        List<AuditEvent> events = Trails.events(Engines.SINK, call.id());
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(AuditEvent.AnswerGiven.class, given -> {
            assertThat(given.question()).isEqualTo("temperature");
            assertThat(given.source()).isEqualTo(AnswerSource.PREFILLED);
        }));
        assertThat(events).noneMatch(e -> e instanceof AuditEvent.QuestionAsked asked && asked.question().equals("temperature"));
        assertThat(outcome.recommended().acuity()).isGreaterThanOrEqualTo(Engines.LIBRARY.scale().get("ed-now").acuity());
    }

    @Test
    void twoProtocols_giveTheMostUrgentDisposition() {
        Call call = Engines.BUNDLED.startCall("rn-1", ADULT, List.of("headache-adult", "chest-pain-adult"));
        Step step = call.next();
        while (step instanceof Step.Ask ask && ask.protocol().startsWith("headache-adult@")) {
            step = call.answer(Calls.fit(ask, Answer.no()));
        }
        call.answer(Answer.yes());  // first question of chest pain: assessment, pain now
        Calls.firstTriageQuestion(call);
        Outcome outcome = Calls.answerAll(call, Answer.yes());

        assertThat(outcome.protocols()).extracting(r -> r.disposition().id())
                .containsExactly(Calls.protocol("headache-adult").defaultDisposition().id(), "call-911");
        assertThat(outcome.modifiers()).isEmpty();
        assertThat(outcome.recommended().id()).isEqualTo("call-911");
    }

    @Test
    void riskModifier_raisesTheDisposition_andSaysWhy() {
        Patient frail = ADULT.withFact(PatientFact.NURSE_CONCERN, Answer.yes());
        Call call = Engines.BUNDLED.startCall("rn-1", frail, List.of("chest-pain-adult"));

        Outcome outcome = Calls.answerAll(call, Answer.no());

        assertThat(outcome.modifiers()).anySatisfy(m -> {
            assertThat(m.modifier()).isEqualTo("nurse-concern");
            assertThat(m.to().isMoreUrgentThan(m.from())).isTrue();
        });
        assertThat(outcome.recommended().id()).isEqualTo("call-provider-now");
    }

    @Test
    void failingAuditSink_failsTheCallClosed_towardTheOnCallClinician() {
        TriageEngine engine = Engines.BUNDLED.withAuditSink(record -> {
            if (record.has(AuditEvent.Type.ANSWER_GIVEN)) {
                throw new IllegalStateException("disk full");
            }
        });
        Call call = engine.startCall("rn-1", ADULT, List.of("chest-pain-adult"));
        Step.Ask first = (Step.Ask) call.next();

        Step step = call.answer(Calls.fit(first, Answer.no()));

        assertThat(call.state()).isEqualTo(CallState.ERROR);
        Outcome outcome = ((Step.Done) step).outcome();
        assertThat(outcome.error()).hasValueSatisfying(e -> assertThat(e).contains("disk full"));
        assertThat(outcome.finalDisposition().acuity()).isGreaterThanOrEqualTo(Engines.LIBRARY.scale().get("call-provider-now").acuity());
        assertThat(outcome.careAdvice().get(0).english()).contains("on-call clinician");
    }

    @Test
    void patientToString_printsNoPatientData() {
        assertThat(ADULT.toString()).doesNotContain("p-1").doesNotContain("54");
        assertThat(chestPain().toString()).doesNotContain("p-1").doesNotContain("54 y");
    }
}

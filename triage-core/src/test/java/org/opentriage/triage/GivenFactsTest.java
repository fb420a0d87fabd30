package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;

/**
 * Facts given during a call (a reading the caller reports) reach every protocol at once: a reading a protocol
 * never asks for can decide its disposition, a fact answers the questions it covers, and a fact no protocol
 * uses is shown as not used, never dropped.
 */
class GivenFactsTest {
    private static final ProtocolLibrary LIBRARY = ProtocolLibrary.load(Path.of("src", "test", "resources", "libraries", "readings"));
    private static final MemoryAuditSink SINK = new MemoryAuditSink();
    private static final TriageEngine ENGINE = TriageEngine.builder(LIBRARY).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
            .auditSink(SINK).build();
    private static final Patient ADULT = Patient.of("p-1", Quantity.parse("40 y").orElseThrow());

    private static Answer amount(String text) {
        return Answer.number(Quantity.parse(text).orElseThrow());
    }

    @Test
    void withoutTheReading_theQuestionOnItIsSkipped_notCountedAsUnknown() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("cough-check"));
        call.answer(amount("37 °C"));

        Outcome outcome = Calls.answerAll(call, Answer.no());

        assertThat(outcome.recommended().id()).isEqualTo("home-care");
    }

    @Test
    void aReadingGivenDuringTheCall_decidesAQuestionTheProtocolNeverAsks() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("cough-check"));
        call.answer(amount("37 °C"));
        assertThat(((Step.Ask) call.next()).question().id()).isEqualTo("struggling");

        Step step = call.giveFact(PatientFact.OXYGEN_SATURATION, amount("89 %"));

        Outcome outcome = ((Step.Done) step).outcome();
        assertThat(outcome.recommended().id()).isEqualTo("ed-now");
        assertThat(outcome.protocols().get(0).trigger()).contains("low-oxygen");
        assertThat(Trails.events(SINK, call.id())).anySatisfy(e -> assertThat(e)
                .isEqualTo(new AuditEvent.FactGiven("oxygen-saturation", amount("89 %"))));
    }

    @Test
    void aReadingAfterTheOutcome_takesTheWalkAgain_andCanRaiseTheDisposition() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("cough-check"));
        call.answer(amount("37 °C"));
        Outcome before = Calls.answerAll(call, Answer.no());

        Outcome after = ((Step.Done) call.giveFact(PatientFact.OXYGEN_SATURATION, amount("90 %"))).outcome();

        assertThat(before.recommended().id()).isEqualTo("home-care");
        assertThat(after.recommended().id()).isEqualTo("ed-now");
    }

    @Test
    void aFactAnswersTheQuestionItCovers_whenNotYetAnswered() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("cough-check"));
        assertThat(((Step.Ask) call.next()).question().id()).isEqualTo("temperature");

        Step step = call.giveFact(PatientFact.TEMPERATURE, amount("39.5 °C"));

        assertThat(((Step.Ask) step).question().id()).isEqualTo("struggling");
        Outcome outcome = Calls.answerAll(call, step, Answer.no());
        assertThat(outcome.recommended().id()).isEqualTo("within-24h");
        assertThat(Trails.events(SINK, call.id())).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                AuditEvent.AnswerGiven.class, given -> assertThat(given.source()).isEqualTo(AnswerSource.PREFILLED)));
    }

    @Test
    void aFactNoProtocolUses_isListedAsNotUsed() {
        Call call = ENGINE.startCall("rn-1", ADULT.withFact(PatientFact.WEIGHT, amount("70 kg")), List.of("cough-check"));
        call.answer(amount("37 °C"));

        Outcome outcome = Calls.answerAll(call, call.giveFact(PatientFact.HEART_RATE, amount("80 /min")), Answer.no());

        assertThat(outcome.unusedFacts()).containsExactly(PatientFact.WEIGHT, PatientFact.HEART_RATE);
    }

    @Test
    void anImplausibleReading_isRefused_andTheCallIsUnchanged() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("cough-check"));
        Step before = call.next();

        assertThatThrownBy(() -> call.giveFact(PatientFact.OXYGEN_SATURATION, amount("910 %")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> call.giveFact(PatientFact.TEMPERATURE, amount("60 °C")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(call.next()).isEqualTo(before);
    }

    @Test
    void factsAreNotGivenUnderOverrides() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("cough-check"));
        call.answer(amount("37 °C"));
        Calls.answerAll(call, Answer.no());
        call.override("within-4h", "nurse-judgment", "", Optional.empty());

        assertThatThrownBy(() -> call.giveFact(PatientFact.OXYGEN_SATURATION, amount("89 %")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("overrides");
    }

    @Test
    void aCallWithFactsGivenOnTheWay_resumesFromItsSnapshot_andReplaysFromItsTrail() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("cough-check"));
        call.giveFact(PatientFact.HEART_RATE, amount("80 /min"));
        call.answer(amount("37 °C"));
        call.answer(Answer.no());
        call.giveFact(PatientFact.OXYGEN_SATURATION, amount("95 %"));
        call.withdrawLastAnswer();
        Step step = call.next();

        Call resumed = ENGINE.withAuditSink(new MemoryAuditSink()).resume(call.snapshot());

        assertThat(resumed.next()).isEqualTo(step);
        Outcome outcome = Calls.answerAll(call, Answer.no());
        assertThat(Calls.answerAll(resumed, Answer.no())).isEqualTo(outcome);
        call.close();
        assertThat(ENGINE.replay(SINK.records()).stream().filter(r -> r.callId().equals(call.id())))
                .singleElement().satisfies(r -> assertThat(r.differences()).isEmpty());
    }

    @Test
    void aReadingTheNurseEntersAsAnAnswer_isTakenByTheOtherProtocols_withoutAskingAgain() {
        MemoryAuditSink sink = new MemoryAuditSink();
        TriageEngine engine = TriageEngine.builder(LIBRARY).resolution(ProtocolLibrary.Resolution.ANY_STATUS).auditSink(sink).build();
        Call call = engine.startCall("rn-1", ADULT, List.of("cough-check", "throat-check"));
        call.answer(amount("39.4 °C"));

        Outcome outcome = Calls.answerAll(call, Answer.no());

        assertThat(outcome.protocols()).filteredOn(r -> r.protocol().startsWith("throat-check@")).singleElement()
                .satisfies(r -> assertThat(r.trigger()).contains("fever-reading"));
        assertThat(Trails.events(sink, call.id())).filteredOn(e -> e instanceof AuditEvent.QuestionAsked)
                .extracting(e -> ((AuditEvent.QuestionAsked) e).question()).doesNotContain("throat-temperature");
        assertThat(Trails.events(sink, call.id())).contains(new AuditEvent.AnswerGiven("throat-check", "throat-temperature",
                amount("39.4 °C"), AnswerSource.REUSED, java.util.Optional.empty()));
        assertThat(outcome.unusedFacts()).isEmpty();
    }

    @Test
    void withdrawingTheAnswerThatGaveAReading_takesTheReadingBackFromTheOtherProtocols() {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("throat-check", "cough-check"));
        call.answer(amount("39.4 °C"));
        assertThat(Calls.answerAll(call, Answer.no()).protocols().get(0).trigger()).contains("fever-reading");
        while (!((Step.Ask) call.withdrawLastAnswer()).question().id().equals("throat-temperature")) {
            // back to the temperature
        }

        call.answer(amount("37 °C"));
        Outcome outcome = Calls.answerAll(call, Answer.no());

        assertThat(outcome.protocols().get(0).disposition().id()).isEqualTo("home-care");
        assertThat(outcome.protocols().get(1).disposition().id()).isEqualTo("home-care");
    }
}

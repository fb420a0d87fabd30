package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;

/**
 * An answer that reveals another complaint suggests that complaint's protocol: the call offers it (by topic, the
 * protocol for the patient's population) unless it is in the call or was declined; the nurse adds it or declines it;
 * a suggestion goes with the answer that made it; each offer, decline and withdrawal is in the trail, which replays,
 * and a snapshot resumes with the same suggestions.
 */
class SuggestionsTest {
    private static final Path LIBRARY_DIR = Path.of("src", "test", "resources", "libraries", "suggestions");
    private static final ProtocolLibrary LIBRARY = ProtocolLibrary.load(LIBRARY_DIR);
    private static final Patient ADULT = Patient.of("p-1", Quantity.parse("40 y").orElseThrow());
    private static final Patient CHILD = Patient.of("p-2", Quantity.parse("6 y").orElseThrow());

    private final MemoryAuditSink sink = new MemoryAuditSink();
    private final TriageEngine engine = TriageEngine.builder(LIBRARY).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
            .auditSink(sink).build();

    private Call pain(Patient patient) {
        return engine.startCall("rn-1", patient, List.of("pain-test"));
    }

    private static List<String> suggested(Step step) {
        return step.suggestions().stream().map(Suggestion::protocol).toList();
    }

    @Test
    void aYesThatSuggestsATopic_offersTheTopicsProtocolForThePatientsPopulation() {
        Call adult = pain(ADULT);
        Step step = adult.answer(Answer.yes());

        assertThat(step.suggestions()).containsExactly(new Suggestion("cough-adult", LIBRARY.resolve("cough-adult",
                ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow().title(), "pain-test", "has-cough", Answer.yes()));
        assertThat(Trails.events(sink, adult.id()))
                .contains(new AuditEvent.SuggestionOffered("cough-adult", "pain-test", "has-cough", Answer.yes()));
        assertThat(suggested(pain(CHILD).answer(Answer.yes()))).containsExactly("cough-child");
    }

    @Test
    void dontKnowSuggestsAsYesDoes_andNoSuggestsNothing() {
        assertThat(suggested(pain(ADULT).answer(Answer.unknown()))).containsExactly("cough-adult");
        assertThat(suggested(pain(ADULT).answer(Answer.no()))).isEmpty();
    }

    /** Answers pain-test's questions in the order it asks them, from the first; returns the last step. */
    private static Step answer(Call call, Answer... answers) {
        Step step = call.next();
        for (Answer a : answers) {
            step = call.answer(a);
        }
        return step;
    }

    @Test
    void checklistItemsSuggestByTopic_andAChoiceOptionByProtocolId() {
        Call call = pain(ADULT);
        Step afterItems = answer(call, Answer.no(), Answer.no(), Answer.items("spots", "barking-cough"));
        Step afterFall = answer(call, Answer.no(), Answer.choice("fall"));

        // croup is for children only: an adult is not offered it.
        assertThat(suggested(afterItems)).containsExactly("rash-adult");
        assertThat(afterItems.suggestions().get(0)).satisfies(s -> {
            assertThat(s.by()).isEqualTo("pain-test");
            assertThat(s.question()).isEqualTo("other-symptoms");
            assertThat(s.answer()).isEqualTo(Answer.items("spots", "barking-cough"));
        });
        assertThat(suggested(afterFall)).containsExactly("rash-adult", "head-injury-adult");
        assertThat(suggested(answer(pain(CHILD), Answer.no(), Answer.no(), Answer.items("barking-cough")))).containsExactly("croup-child");
    }

    @Test
    void anAnswerPrefilledFromAFact_suggestsFromTheStart() {
        Call call = engine.startCall("rn-1", ADULT.withFact(PatientFact.IMMUNOCOMPROMISED, Answer.yes()), List.of("pain-test"));

        assertThat(suggested(call.next())).containsExactly("fever-adult");
    }

    @Test
    void acceptingASuggestion_addsItsProtocol_whoseQuestionsComeNext_andItIsNoLongerPending() {
        Call call = pain(ADULT);
        Step offered = call.answer(Answer.yes());

        Step next = call.addProtocol(offered.suggestions().get(0).protocol());

        assertThat(call.protocols()).contains("cough-adult@0.1.0");
        assertThat(next.suggestions()).isEmpty();
        Outcome outcome = Calls.answerAll(call, answer(call, Answer.no(), Answer.items(), Answer.no(), Answer.choice("by-itself")),
                Answer.no());
        assertThat(outcome.protocols()).extracting(ProtocolResult::protocol).contains("cough-adult@0.1.0");
        assertThat(outcome.suggestions()).isEmpty();
        assertThat(Trails.types(sink, call.id())).doesNotContain(AuditEvent.Type.SUGGESTION_WITHDRAWN);
    }

    @Test
    void aDeclinedSuggestion_isNotOfferedAgainInTheCall_evenWhenAnotherAnswerSuggestsIt() {
        Call call = pain(ADULT);
        answer(call, Answer.yes(), Answer.no(), Answer.items("spots"));

        call.declineSuggestion("rash-adult");
        Step done = answer(call, Answer.no(), Answer.choice("by-itself"), Answer.yes());

        assertThat(suggested(done)).containsExactly("cough-adult");
        Outcome outcome = ((Step.Done) call.declineSuggestion("cough-adult")).outcome();
        assertThat(outcome.suggestions()).isEmpty();
        assertThat(outcome.declinedSuggestions()).extracting(Suggestion::protocol).containsExactly("rash-adult", "cough-adult");
        assertThat(Trails.events(sink, call.id())).containsSubsequence(new AuditEvent.SuggestionDeclined("rash-adult"),
                new AuditEvent.SuggestionDeclined("cough-adult"));
        assertThat(Trails.events(sink, call.id()).stream().filter(e -> e instanceof AuditEvent.SuggestionOffered o
                && o.suggested().equals("rash-adult"))).hasSize(1);
    }

    @Test
    void decliningWhatIsNotPending_isRefused_andTheCallIsUnchanged() {
        Call call = pain(ADULT);
        Step step = call.answer(Answer.yes());
        int records = sink.records().size();

        assertThatThrownBy(() -> call.declineSuggestion("rash-adult")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cough-adult");
        assertThat(call.next()).isEqualTo(step);
        assertThat(sink.records()).hasSize(records);
    }

    @Test
    void withdrawingTheAnswerThatSuggested_withdrawsTheSuggestion() {
        Call call = pain(ADULT);
        call.answer(Answer.yes());

        Step step = call.withdrawLastAnswer();

        assertThat(step.suggestions()).isEmpty();
        List<AuditEvent> events = Trails.events(sink, call.id());
        assertThat(events.subList(events.lastIndexOf(new AuditEvent.AnswerWithdrawn("pain-test", "has-cough")), events.size()))
                .contains(new AuditEvent.SuggestionWithdrawn("cough-adult"));
    }

    @Test
    void aProtocolInTheCall_isNotOffered_andASharedQuestionsSuggestionReusedByAnotherIsOfferedOnce() {
        Call call = engine.startCall("rn-1", ADULT, List.of("cough-adult", "pain-test"));
        Step rash = answer(call, Answer.no(), Answer.no(), Answer.yes());

        Step done = answer(call, Answer.yes(), Answer.no(), Answer.items(), Answer.choice("by-itself"));

        assertThat(rash.suggestions()).singleElement().satisfies(s -> {
            assertThat(s.protocol()).isEqualTo("rash-adult");
            assertThat(s.by()).isEqualTo("cough-adult");
        });
        // has-cough suggests cough, whose protocol is in the call; pain-test reuses the shared answer: one suggestion still.
        assertThat(done).isInstanceOf(Step.Done.class);
        assertThat(done.suggestions()).isEqualTo(rash.suggestions());
        assertThat(Trails.events(sink, call.id())).contains(new AuditEvent.AnswerGiven("pain-test", "rash-not-fading",
                Answer.yes(), AnswerSource.REUSED, java.util.Optional.of("questions@0.1.0")));
    }

    @Test
    void aCallClosedWithSuggestionsPending_saysSoInItsOutcomeAndItsTrail() {
        Call call = pain(ADULT);
        Outcome outcome = ((Step.Done) answer(call, Answer.yes(), Answer.no(), Answer.items(), Answer.no(), Answer.choice("by-itself"),
                Answer.no())).outcome();

        assertThat(outcome.suggestions()).extracting(Suggestion::protocol).containsExactly("cough-adult");
        call.close();
        assertThat(Trails.events(sink, call.id())).endsWith(new AuditEvent.CallClosed(outcome.recommended().id(),
                outcome.finalDisposition().id(), List.of("cough-adult")));
    }

    @Test
    void aCallWithSuggestionsOfferedDeclinedAndWithdrawn_resumesAndReplaysExactly() {
        Call call = pain(ADULT);
        call.answer(Answer.yes());
        call.declineSuggestion("cough-adult");
        answer(call, Answer.no(), Answer.items("spots"), Answer.no(), Answer.choice("fall"));
        call.withdrawLastAnswer();

        Call resumed = engine.withAuditSink(new MemoryAuditSink()).resume(call.snapshot());

        assertThat(resumed.next()).isEqualTo(call.next());
        assertThat(resumed.next().suggestions()).extracting(Suggestion::protocol).containsExactly("rash-adult");
        assertThat(resumed.outcome()).isEqualTo(call.outcome());
        Step step = call.declineSuggestion("rash-adult");
        assertThat(resumed.declineSuggestion("rash-adult")).isEqualTo(step);
        Outcome outcome = Calls.answerAll(call, step, Answer.no());
        assertThat(Calls.answerAll(resumed, resumed.next(), Answer.no())).isEqualTo(outcome);
        call.close();
        assertThat(engine.replay(sink.records())).singleElement().satisfies(r -> assertThat(r.differences()).isEmpty());
        assertThat(Trails.types(sink, call.id())).contains(AuditEvent.Type.SUGGESTION_OFFERED, AuditEvent.Type.SUGGESTION_DECLINED,
                AuditEvent.Type.SUGGESTION_WITHDRAWN);
    }

    @Test
    void theLibraryResolvesATopicByPopulation_andAnIdAsItself() {
        ProtocolLibrary.Resolution any = ProtocolLibrary.Resolution.ANY_STATUS;

        assertThat(Map.of(
                "cough for an adult", LIBRARY.suggested("cough", ADULT.age(), ADULT.sex(), any).map(p -> p.id()).orElse("-"),
                "cough for a child", LIBRARY.suggested("cough", CHILD.age(), CHILD.sex(), any).map(p -> p.id()).orElse("-"),
                "croup for an adult", LIBRARY.suggested("croup", ADULT.age(), ADULT.sex(), any).map(p -> p.id()).orElse("-"),
                "burn-adult for an adult", LIBRARY.suggested("burn-adult", ADULT.age(), ADULT.sex(), any).map(p -> p.id()).orElse("-"),
                "burn-adult for a child", LIBRARY.suggested("burn-adult", CHILD.age(), CHILD.sex(), any).map(p -> p.id()).orElse("-")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("cough for an adult", "cough-adult", "cough for a child", "cough-child",
                        "croup for an adult", "-", "burn-adult for an adult", "burn-adult", "burn-adult for a child", "-"));
    }
}

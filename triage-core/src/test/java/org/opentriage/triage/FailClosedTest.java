package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/** A call that fails closed escalates, never below what it knew, and hands the nurse what is left to ask. */
class FailClosedTest {
    private static final Patient ADULT = Patient.of("p-1", Quantity.parse("54 y").orElseThrow()).withSex(Sex.MALE);

    private static TriageEngine failingOn(Predicate<AuditRecord> when) {
        return Engines.BUNDLED.withAuditSink(record -> {
            if (when.test(record)) {
                throw new IllegalStateException("disk full");
            }
        });
    }

    @Test
    void auditFailureAtTheStart_listsEveryRedFlagNotRuledOut_mostUrgentFirst() {
        Call call = failingOn(r -> true).startCall("rn-1", ADULT, List.of("chest-pain-adult"));

        Outcome outcome = ((Step.Done) call.next()).outcome();

        assertThat(call.state()).isEqualTo(CallState.ERROR);
        assertThat(outcome.error()).hasValueSatisfying(e -> assertThat(e).contains("disk full"));
        Protocol protocol = Calls.protocol("chest-pain-adult");
        List<String> redFlagsAbove = protocol.triage().stream()
                .filter(g -> g.disposition().isMoreUrgentThan(outcome.finalDisposition()))
                .flatMap(g -> g.questions().stream()).filter(q -> q.redFlag() && q.askIf().isEmpty()).map(q -> q.id()).toList();
        assertThat(redFlagsAbove).isNotEmpty();
        assertThat(outcome.openQuestions()).extracting(q -> q.question().id()).containsAll(redFlagsAbove);
        assertThat(outcome.openQuestions()).extracting(q -> q.ifPositive().acuity())
                .isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        assertThat(outcome.openQuestions().get(0).ifPositive().id()).isEqualTo("call-911");
    }

    private static TriageEngine failingOnTheAnswerTo(String question) {
        return failingOn(r -> r.events().stream().anyMatch(e -> e instanceof AuditEvent.AnswerGiven given
                && given.question().equals(question)));
    }

    @Test
    void auditFailureOnAYesToARedFlag_keepsTheRedFlagsDisposition() {
        String redFlag = Calls.protocol("chest-pain-adult").triage().get(0).questions().get(0).id();
        Call call = failingOnTheAnswerTo(redFlag).startCall("rn-1", ADULT, List.of("chest-pain-adult"));
        Step.Ask ask = Calls.firstTriageQuestion(call);
        assertThat(ask.question().id()).isEqualTo(redFlag);

        Outcome outcome = ((Step.Done) call.answer(Answer.yes())).outcome();

        assertThat(call.state()).isEqualTo(CallState.ERROR);
        assertThat(outcome.finalDisposition().id()).isEqualTo("call-911");
        assertThat(outcome.openQuestions()).isEmpty();
    }

    @Test
    void auditFailureOnANo_keepsTheQuestionRuledOut_andListsTheRest() {
        String redFlag = Calls.protocol("chest-pain-adult").triage().get(0).questions().get(0).id();
        Call call = failingOnTheAnswerTo(redFlag).startCall("rn-1", ADULT, List.of("chest-pain-adult"));
        Calls.firstTriageQuestion(call);

        Outcome outcome = ((Step.Done) call.answer(Answer.no())).outcome();

        assertThat(outcome.finalDisposition().id()).isEqualTo("call-provider-now");
        assertThat(outcome.openQuestions()).extracting(q -> q.question().id()).doesNotContain(redFlag).isNotEmpty();
    }

    @Test
    void failureInAnAddedProtocol_listsItsQuestions_andKeepsTheReachedDisposition() {
        Call call = failingOn(r -> r.has(AuditEvent.Type.PROTOCOL_ADDED)).startCall("rn-1", ADULT, List.of("headache-adult"));
        Outcome first = Calls.answerAll(call, Answer.no());

        Outcome outcome = ((Step.Done) call.addProtocol("chest-pain-adult")).outcome();

        assertThat(call.state()).isEqualTo(CallState.ERROR);
        assertThat(outcome.finalDisposition().acuity()).isGreaterThanOrEqualTo(first.finalDisposition().acuity());
        assertThat(outcome.openQuestions()).isNotEmpty().allSatisfy(q -> assertThat(q.protocol()).startsWith("chest-pain-adult@"));
    }
}

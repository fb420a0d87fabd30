package org.opentriage.triage;

import java.util.Optional;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;

/** Shared moves for tests that drive calls by hand. */
final class Calls {
    private Calls() {
    }

    /** Answers every question with {@code answer} (or a neutral answer where it does not fit) until the outcome. */
    static Outcome answerAll(Call call, Answer answer) {
        return answerAll(call, call.next(), answer);
    }

    /** As {@link #answerAll(Call, Answer)}, from {@code step}. */
    static Outcome answerAll(Call call, Step step, Answer answer) {
        int guard = 0;
        while (step instanceof Step.Ask ask) {
            step = call.answer(fit(ask, answer));
            if (++guard > 500) {
                throw new AssertionError("no outcome after 500 answers");
            }
        }
        return ((Step.Done) step).outcome();
    }

    /** The answer, or a neutral one where the question does not take it. */
    static Answer fit(Step.Ask ask, Answer answer) {
        AnswerType type = ask.question().type();
        if (type instanceof AnswerType.YesNo || answer instanceof Answer.Unknown && ask.unknownAllowed()) {
            return answer;
        }
        if (type instanceof AnswerType.Choice choice) {
            return Answer.choice(choice.options().get(0).code());
        }
        if (type instanceof AnswerType.Checklist checklist) {
            return answer.equals(Answer.yes()) ? Answer.items(checklist.items().get(0).code()) : Answer.items();
        }
        AnswerType.Number number = (AnswerType.Number) type;
        return Answer.number(number.expected().orElse(number.plausible()).min());
    }

    /** Answers the assessment questions of the asking protocol neutrally; returns its first triage question. */
    static Step.Ask firstTriageQuestion(Call call) {
        return firstTriageQuestion(call, call.next());
    }

    /** As {@link #firstTriageQuestion(Call)}, from {@code step}. */
    static Step.Ask firstTriageQuestion(Call call, Step step) {
        while (step instanceof Step.Ask ask && protocol(ask.protocol()).assessment().contains(ask.question())) {
            step = call.answer(fit(ask, Answer.no()));
        }
        return (Step.Ask) step;
    }

    /** Overrides a call with its outcome up to {@code dispositionId} on the nurse's judgment. */
    static Outcome raiseTo(Call call, String dispositionId) {
        return ((Step.Done) call.override(dispositionId, "nurse-judgment", "", Optional.empty())).outcome();
    }

    static Protocol protocol(String reference) {
        return Engines.LIBRARY.resolve(reference, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
    }
}

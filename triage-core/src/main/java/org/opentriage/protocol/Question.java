package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A question of a protocol: an assessment question (documentation, never decides) or a triage question
 * (positive ends the walk with its group's disposition).
 *
 * @param askIf      ask only if this holds (skipped when false, asked when unknown)
 * @param positiveIf when the answer is positive; empty for yes/no questions (positive when yes) and for
 *                   assessment questions
 * @param onUnknown  what "don't know" means for a triage question
 * @param advice     care advice read when this question decides the disposition
 * @param fact       the patient fact that answers the question without asking, when supplied
 */
public record Question(
        String id,
        AnswerType type,
        LocalizedText text,
        Optional<Condition> askIf,
        Optional<Condition> positiveIf,
        boolean redFlag,
        Optional<LocalizedText> rationale,
        List<String> cites,
        UnknownPolicy onUnknown,
        List<LocalizedText> advice,
        Optional<PatientFact> fact) {

    public Question {
        requireNonNull(id, "id");
        requireNonNull(type, "type");
        requireNonNull(text, "text");
        requireNonNull(askIf, "askIf");
        requireNonNull(positiveIf, "positiveIf");
        requireNonNull(rationale, "rationale");
        cites = List.copyOf(cites);
        requireNonNull(onUnknown, "onUnknown");
        advice = List.copyOf(advice);
        requireNonNull(fact, "fact");
        if (redFlag && rationale.isEmpty()) {
            throw new IllegalArgumentException("red flag '" + id + "' needs a rationale");
        }
        if (type instanceof AnswerType.YesNo && positiveIf.isPresent()) {
            throw new IllegalArgumentException("yes/no question '" + id + "' is positive when yes; it takes no positiveIf");
        }
    }

    /** Derived questions are evaluated, never asked. */
    public boolean isAsked() {
        return !(type instanceof AnswerType.Derived);
    }
}

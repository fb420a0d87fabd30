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
 * @param fallback   for a measurement the caller may not have (a number or choice question): the observable
 *                   question asked in its place when the answer is "don't know" or it is not asked; conditions
 *                   then read the fallback, never a measurement that was not made
 * @param id the question's id in its protocol
 * @param type what kind of answer it takes: yes/no, number, choice, checklist
 * @param text what the nurse asks
 * @param redFlag whether it is a red flag: a finding that alone calls for the group's disposition
 * @param rationale why it matters, for a red flag
 * @param cites the ids of the references it is written from
 * @since 0.1.0
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
        Optional<PatientFact> fact,
        Optional<String> fallback) {

    /** Checks the components; lists are copied. */
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
        requireNonNull(fallback, "fallback");
        if (redFlag && rationale.isEmpty()) {
            throw new IllegalArgumentException("red flag '" + id + "' needs a rationale");
        }
        if (type instanceof AnswerType.YesNo && positiveIf.isPresent()) {
            throw new IllegalArgumentException("yes/no question '" + id + "' is positive when yes; it takes no positiveIf");
        }
    }

    /**
     * {@return the same question with other conditions: the loader's rewrite for fallbacks}
     *
     * @param askIf when the question is asked
     * @param positiveIf when its answer is positive
     */
    public Question withConditions(Optional<Condition> askIf, Optional<Condition> positiveIf) {
        return new Question(id, type, text, askIf, positiveIf, redFlag, rationale, cites, onUnknown, advice, fact, fallback);
    }

    /**
     * Derived questions are evaluated, never asked.
     *
     * @return whether the question is asked
     */
    public boolean isAsked() {
        return !(type instanceof AnswerType.Derived);
    }
}

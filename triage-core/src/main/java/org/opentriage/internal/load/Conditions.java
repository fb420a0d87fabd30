package org.opentriage.internal.load;

import java.util.List;

import org.opentriage.protocol.Condition;

/** What the loader asks of and does to parsed conditions, by one fold each. */
final class Conditions {
    private Conditions() {
    }

    /** Whether the condition reads the answer to this question anywhere. */
    static boolean reads(Condition condition, String questionId) {
        return condition.questionsRead().contains(questionId);
    }

    /**
     * The condition with every comparison on the answer to this question holding only when that answer is known:
     * {@code q >= 5 d} becomes {@code known(q) and q >= 5 d}, false rather than unknown when the caller could not
     * say. Used only where a fallback question stands in for the measurement.
     */
    static Condition onlyWhenKnown(Condition condition, String questionId) {
        return guarded(condition, questionId, known(questionId));
    }

    /**
     * The condition with every comparison on the answer to a fallback question holding only when the measurement
     * it stands in for is not known: {@code rough = five-days-or-more} becomes {@code not known(measured) and
     * rough = five-days-or-more}. A measurement given means its fallback is never asked; without this, the
     * fallback's missing answer would leave a condition that reads both unknown (so counted as yes) although the
     * measurement decided it ("2 days" read as "don't know").
     */
    static Condition onlyInPlaceOf(Condition condition, String fallbackId, String measuredId) {
        return guarded(condition, fallbackId, new Condition.Not(known(measuredId)));
    }

    private static Condition known(String questionId) {
        return new Condition.Known(new Condition.Subject.Answer(questionId));
    }

    /** The condition with {@code guard and} before every comparison on the answer to this question. */
    private static Condition guarded(Condition condition, String questionId, Condition guard) {
        return condition.fold(new Condition.Fold<Condition>() {
            @Override
            public Condition and(List<Condition> operands) {
                return new Condition.And(operands);
            }

            @Override
            public Condition or(List<Condition> operands) {
                return new Condition.Or(operands);
            }

            @Override
            public Condition not(Condition operand) {
                return new Condition.Not(operand);
            }

            @Override
            public Condition holds(Condition.Holds holds) {
                return guarded(holds, holds.subject());
            }

            @Override
            public Condition compare(Condition.Compare compare) {
                return guarded(compare, compare.subject());
            }

            @Override
            public Condition in(Condition.In in) {
                return guarded(in, in.subject());
            }

            @Override
            public Condition known(Condition.Known k) {
                return k;
            }

            private Condition guarded(Condition atom, Condition.Subject subject) {
                return isAnswer(subject, questionId) ? new Condition.And(List.of(guard, atom)) : atom;
            }
        });
    }

    private static boolean isAnswer(Condition.Subject subject, String questionId) {
        return subject instanceof Condition.Subject.Answer answer && answer.questionId().equals(questionId);
    }
}

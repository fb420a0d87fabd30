package org.opentriage.internal.eval;

import java.util.List;
import java.util.Optional;

import org.opentriage.protocol.Condition;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/**
 * Evaluates a {@link Condition} with Kleene logic. Nothing unknown is coerced: a comparison with an
 * unknown side is unknown, {@code false and unknown} is false, {@code true or unknown} is true.
 */
public final class Evaluator {

    /** A known value a condition can read. */
    public sealed interface Value {
        record Bool(boolean value) implements Value {
        }

        record Amount(Quantity quantity) implements Value {
        }

        /** An option code, or a sex word. */
        record Word(String word) implements Value {
        }
    }

    /** What a condition reads; each method returns empty when the value is unknown. */
    public interface Inputs {
        Optional<Quantity> age();

        Optional<Sex> sex();

        Optional<Boolean> pregnant();

        Optional<Value> answer(String questionId);

        /**
         * A patient fact or reading. By default the value named by the fact's key, as risk modifiers read facts
         * (a protocol names a fact only where none of its questions has that name).
         */
        default Optional<Value> fact(PatientFact fact) {
            return answer(fact.key());
        }

        /**
         * Whether a value is known, when that is known apart from the value itself; by default empty, and
         * {@code known(x)} is whether {@code x} reads a value.
         */
        default Optional<Truth> presence(Condition.Subject subject) {
            return Optional.empty();
        }
    }

    /**
     * Inputs that hold one value per name a condition reads (the patient's age, sex and pregnancy, answers, facts),
     * as the tools that try conditions over chosen values keep them.
     */
    public abstract static class BySubject implements Inputs {
        /** The value chosen for this name; empty when it is unknown. */
        protected abstract Optional<Value> value(Condition.Subject subject);

        @Override
        public final Optional<Quantity> age() {
            return value(new Condition.Subject.Age()).map(v -> ((Value.Amount) v).quantity());
        }

        @Override
        public final Optional<Sex> sex() {
            return value(new Condition.Subject.SexOf()).flatMap(v -> Sex.byWord(((Value.Word) v).word()));
        }

        @Override
        public final Optional<Boolean> pregnant() {
            return value(new Condition.Subject.Pregnant()).map(v -> ((Value.Bool) v).value());
        }

        @Override
        public final Optional<Value> answer(String questionId) {
            return value(new Condition.Subject.Answer(questionId));
        }

        @Override
        public final Optional<Value> fact(PatientFact fact) {
            return value(new Condition.Subject.Fact(fact));
        }
    }

    private Evaluator() {
    }

    public static Truth evaluate(Condition condition, Inputs inputs) {
        return condition.fold(new Condition.Fold<>() {
            @Override
            public Truth and(List<Truth> operands) {
                Truth all = Truth.TRUE;  // loops, not streams: conditions are evaluated at every step of every call
                for (Truth operand : operands) {
                    all = all.and(operand);
                }
                return all;
            }

            @Override
            public Truth or(List<Truth> operands) {
                Truth any = Truth.FALSE;
                for (Truth operand : operands) {
                    any = any.or(operand);
                }
                return any;
            }

            @Override
            public Truth not(Truth operand) {
                return operand.not();
            }

            @Override
            public Truth holds(Condition.Holds holds) {
                return read(holds.subject(), inputs)
                        .map(v -> Truth.of(v instanceof Value.Bool b && b.value()))
                        .orElse(Truth.UNKNOWN);
            }

            @Override
            public Truth compare(Condition.Compare compare) {
                return read(compare.subject(), inputs)
                        .map(v -> Truth.of(compare.operator().accepts(compareTo(v, compare.value()))))
                        .orElse(Truth.UNKNOWN);
            }

            @Override
            public Truth known(Condition.Known known) {
                return inputs.presence(known.subject()).orElseGet(() -> Truth.of(read(known.subject(), inputs).isPresent()));
            }

            @Override
            public Truth in(Condition.In in) {
                return read(in.subject(), inputs)
                        .map(v -> Truth.of(in.values().stream().anyMatch(candidate -> compareTo(v, candidate) == 0) != in.negated()))
                        .orElse(Truth.UNKNOWN);
            }
        });
    }

    private static Optional<Value> read(Condition.Subject subject, Inputs inputs) {
        if (subject instanceof Condition.Subject.Age) {
            return inputs.age().map(Value.Amount::new);
        }
        if (subject instanceof Condition.Subject.SexOf) {
            return inputs.sex().map(s -> new Value.Word(s.word()));
        }
        if (subject instanceof Condition.Subject.Pregnant) {
            return inputs.pregnant().map(Value.Bool::new);
        }
        if (subject instanceof Condition.Subject.Fact fact) {
            return inputs.fact(fact.fact());
        }
        return inputs.answer(((Condition.Subject.Answer) subject).questionId());
    }

    /** Compares a known value with a literal of the type the loader checked they share. */
    private static int compareTo(Value value, Condition.Value literal) {
        if (value instanceof Value.Amount amount && literal instanceof Condition.Value.Amount other) {
            return amount.quantity().compareTo(other.quantity());
        }
        if (value instanceof Value.Word word && literal instanceof Condition.Value.Word other) {
            return word.word().equals(other.word()) ? 0 : 1;
        }
        throw new IllegalArgumentException("cannot compare " + value + " with " + literal.text());
    }
}

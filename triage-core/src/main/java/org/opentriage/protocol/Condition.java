package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A parsed condition ({@code askIf}, {@code positiveIf}): OpenTriage's own syntax tree. Conditions are
 * evaluated with three-valued (Kleene) logic by the library; they are never passed on as code.
 * {@link #text()} gives the condition back in the protocol language; {@link #fold} walks the tree.
 *
 * @since 0.1.0
 */
public sealed interface Condition {

    /** {@return the condition written in the protocol language, fully parenthesised where it matters} */
    String text();

    /**
     * Folds the tree bottom-up: {@code and}, {@code or} and {@code not} get their operands already folded,
     * in the order of the text; each comparison is folded by the method for its kind.
     *
     * @param <R> what each node folds to
     * @param fold a method per kind of node
     * @return the whole condition folded
     */
    <R> R fold(Fold<R> fold);

    /** {@return the ids of the questions whose answers the condition reads, in the order of the text} */
    default Set<String> questionsRead() {
        return fold(new Fold<Set<String>>() {
            @Override
            public Set<String> and(List<Set<String>> operands) {
                return union(operands);
            }

            @Override
            public Set<String> or(List<Set<String>> operands) {
                return union(operands);
            }

            @Override
            public Set<String> not(Set<String> operand) {
                return operand;
            }

            @Override
            public Set<String> holds(Holds holds) {
                return answerId(holds.subject());
            }

            @Override
            public Set<String> compare(Compare compare) {
                return answerId(compare.subject());
            }

            @Override
            public Set<String> in(In in) {
                return answerId(in.subject());
            }

            @Override
            public Set<String> known(Known known) {
                return answerId(known.subject());
            }

            private Set<String> union(List<Set<String>> operands) {
                Set<String> all = new LinkedHashSet<>();
                operands.forEach(all::addAll);
                return all;
            }

            private Set<String> answerId(Subject subject) {
                return subject instanceof Subject.Answer answer ? Set.of(answer.questionId()) : Set.of();
            }
        });
    }

    /**
     * What to make of each kind of node when {@linkplain Condition#fold folding} a condition: one method
     * per kind, so that a new kind of node is a compile error wherever conditions are folded.
     *
     * @param <R> what a condition folds to
     * @since 0.1.0
     */
    interface Fold<R> {
        /**
         * {@return {@code and} of the folded operands}
         *
         * @param operands the operands, folded
         */
        R and(List<R> operands);

        /**
         * {@return {@code or} of the folded operands}
         *
         * @param operands the operands, folded
         */
        R or(List<R> operands);

        /**
         * {@return {@code not} of the folded operand}
         *
         * @param operand the operand, folded
         */
        R not(R operand);

        /**
         * {@return a fact or yes/no answer that holds, folded}
         *
         * @param holds the node
         */
        R holds(Holds holds);

        /**
         * {@return a comparison, folded}
         *
         * @param compare the node
         */
        R compare(Compare compare);

        /**
         * {@return a test of membership in a list, folded}
         *
         * @param in the node
         */
        R in(In in);

        /**
         * {@return a test that a subject is known, folded}
         *
         * @param known the node
         */
        R known(Known known);
    }

    /**
     * Every operand holds.
     *
     * @param operands two or more conditions that must all hold
     * @since 0.1.0
     */
    record And(List<Condition> operands) implements Condition {
        /** Checks the components; the list is copied. */
        public And {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("'and' needs two operands or more");
            }
        }

        @Override
        public String text() {
            return operands.stream().map(Condition::nested).collect(Collectors.joining(" and "));
        }

        @Override
        public <R> R fold(Fold<R> fold) {
            return fold.and(operands.stream().map(o -> o.fold(fold)).toList());
        }
    }

    /**
     * At least one operand holds.
     *
     * @param operands two or more conditions of which one must hold
     * @since 0.1.0
     */
    record Or(List<Condition> operands) implements Condition {
        /** Checks the components; the list is copied. */
        public Or {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("'or' needs two operands or more");
            }
        }

        @Override
        public String text() {
            return operands.stream().map(Condition::nested).collect(Collectors.joining(" or "));
        }

        @Override
        public <R> R fold(Fold<R> fold) {
            return fold.or(operands.stream().map(o -> o.fold(fold)).toList());
        }
    }

    /**
     * {@code not operand}.
     *
     * @param operand the condition negated
     * @since 0.1.0
     */
    record Not(Condition operand) implements Condition {
        /** Checks the components. */
        public Not {
            requireNonNull(operand, "operand");
        }

        @Override
        public String text() {
            return "not " + operand.nested();
        }

        @Override
        public <R> R fold(Fold<R> fold) {
            return fold.not(operand.fold(fold));
        }
    }

    /**
     * A boolean subject standing alone: {@code pregnant}, a yes/no or derived question.
     *
     * @param subject a yes/no subject
     * @since 0.1.0
     */
    record Holds(Subject subject) implements Condition {
        /** Checks the components. */
        public Holds {
            requireNonNull(subject, "subject");
        }

        @Override
        public String text() {
            return subject.name();
        }

        @Override
        public <R> R fold(Fold<R> fold) {
            return fold.holds(this);
        }
    }

    /**
     * {@code subject op value}, such as {@code age < 3 mo} or {@code sex = female}.
     *
     * @param subject what is compared
     * @param operator how
     * @param value with what
     * @since 0.1.0
     */
    record Compare(Subject subject, Operator operator, Value value) implements Condition {
        /** Checks the components. */
        public Compare {
            requireNonNull(subject, "subject");
            requireNonNull(operator, "operator");
            requireNonNull(value, "value");
        }

        @Override
        public String text() {
            return subject.name() + " " + operator.symbol() + " " + value.text();
        }

        @Override
        public <R> R fold(Fold<R> fold) {
            return fold.compare(this);
        }
    }

    /**
     * {@code subject in [a, b]}, or {@code subject not in [a, b]} when negated.
     *
     * @param subject what is tested
     * @param values the list
     * @param negated true for {@code not in}
     * @since 0.1.0
     */
    record In(Subject subject, List<Value> values, boolean negated) implements Condition {
        /** Checks the components; the list is copied. */
        public In {
            requireNonNull(subject, "subject");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("'in' needs at least one value");
            }
        }

        @Override
        public String text() {
            return subject.name() + (negated ? " not in [" : " in [")
                    + values.stream().map(Value::text).collect(Collectors.joining(", ")) + "]";
        }

        @Override
        public <R> R fold(Fold<R> fold) {
            return fold.in(this);
        }
    }

    private String nested() {
        return this instanceof And || this instanceof Or ? "(" + text() + ")" : text();
    }

    /**
     * {@code known(x)}: whether a value is known: a question answered (not "don't know", not skipped or
     * unasked), a patient fact or reading given. Never unknown itself: for what a protocol reads only when it
     * was measured, such as a reading a caller may or may not have.
     *
     * @param subject what must be known
     * @since 0.1.0
     */
    record Known(Subject subject) implements Condition {
        /** Checks the components. */
        public Known {
            requireNonNull(subject, "subject");
        }

        @Override
        public String text() {
            return "known(" + subject.name() + ")";
        }

        @Override
        public <R> R fold(Fold<R> fold) {
            return fold.known(this);
        }
    }

    /**
     * What a condition reads.
     *
     * @since 0.1.0
     */
    sealed interface Subject {
        /** {@return the subject as the protocol language names it} */
        String name();

        /**
         * The patient's age.
         *
         * @since 0.1.0
         */
        record Age() implements Subject {
            @Override
            public String name() {
                return "age";
            }
        }

        /**
         * The patient's sex.
         *
         * @since 0.1.0
         */
        record SexOf() implements Subject {
            @Override
            public String name() {
                return "sex";
            }
        }

        /**
         * Whether the patient is pregnant.
         *
         * @since 0.1.0
         */
        record Pregnant() implements Subject {
            @Override
            public String name() {
                return "pregnant";
            }
        }

        /**
         * A patient fact: supplied when the call starts, or a reading the nurse enters during the call
         * (a caller's thermometer, pulse oximeter, blood-pressure cuff, glucose meter).
         *
         * @param fact the fact
         * @since 0.1.0
         */
        record Fact(PatientFact fact) implements Subject {
            /** Checks the components. */
            public Fact {
                requireNonNull(fact, "fact");
            }

            @Override
            public String name() {
                return fact.key();
            }
        }

        /**
         * The answer to a question of the protocol.
         *
         * @param questionId the question's id
         * @since 0.1.0
         */
        record Answer(String questionId) implements Subject {
            /** Checks the components. */
            public Answer {
                requireNonNull(questionId, "questionId");
            }

            @Override
            public String name() {
                return questionId;
            }
        }
    }

    /**
     * A literal a subject is compared with.
     *
     * @since 0.1.0
     */
    sealed interface Value {
        /** {@return the literal as the protocol language writes it} */
        String text();

        /**
         * A number with its unit.
         *
         * @param quantity the number and unit
         * @since 0.1.0
         */
        record Amount(Quantity quantity) implements Value {
            /** Checks the components. */
            public Amount {
                requireNonNull(quantity, "quantity");
            }

            @Override
            public String text() {
                return quantity.toString();
            }
        }

        /**
         * An option code, or {@code female}/{@code male}.
         *
         * @param word the code or word
         * @since 0.1.0
         */
        record Word(String word) implements Value {
            /** Checks the components. */
            public Word {
                requireNonNull(word, "word");
            }

            @Override
            public String text() {
                return word;
            }
        }
    }

    /**
     * A comparison operator.
     *
     * @since 0.1.0
     */
    enum Operator {
        /** Equal: {@code =}. */
        EQ("="),
        /** Not equal: {@code !=}. */
        NE("!="),
        /** Less than: {@code <}. */
        LT("<"),
        /** Less than or equal: {@code <=}. */
        LE("<="),
        /** Greater than: {@code >}. */
        GT(">"),
        /** Greater than or equal: {@code >=}. */
        GE(">=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /** {@return the operator's symbol in the protocol language} */
        public String symbol() {
            return symbol;
        }

        /**
         * {@return whether a comparison result ({@code <0}, {@code 0}, {@code >0}) satisfies the operator}
         *
         * @param comparison a {@code compareTo} result
         */
        public boolean accepts(int comparison) {
            return switch (this) {
                case EQ -> comparison == 0;
                case NE -> comparison != 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
            };
        }

        @Override
        public String toString() {
            return symbol.toUpperCase(Locale.ROOT);
        }
    }
}

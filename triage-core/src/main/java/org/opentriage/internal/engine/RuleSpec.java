package org.opentriage.internal.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.RiskModifier;
import org.opentriage.protocol.RiskModifiers;

/**
 * One generated rule, independent of how Drools is given it: the engine builds its rule base from these
 * directly (Drools' executable model, no text and no compiler in between), and {@link DrlGenerator}
 * prints the same rules as DRL for review. Nothing written in a protocol reaches a rule except ids that
 * match the id grammar and numbers the library formats itself; every such token is checked again here.
 *
 * <p>Three-valued logic becomes two formulas per condition: {@code T(c)}, the patterns under which c is
 * definitely true, and {@code F(c)}, definitely false; unknown is neither. For each question the rules
 * conclude {@link Resolution.Kind SKIPPED} from {@code F(askIf)} and POSITIVE, NEGATIVE or UNKNOWN from
 * the answer, inserted logically so they follow the answers.
 *
 * @param name    unique within a rule base
 * @param comment the protocol text the rule comes from, for reviewers
 */
public record RuleSpec(String name, String comment, Lhs when, Then then) {
    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.@-]*");

    /** The condition side: patterns combined with and, or, not. */
    public sealed interface Lhs {
    }

    /** Every part matches. */
    public record All(List<Lhs> parts) implements Lhs {
        public All {
            parts = List.copyOf(parts);
        }
    }

    /** At least one part matches. */
    public record Any(List<Lhs> parts) implements Lhs {
        public Any {
            parts = List.copyOf(parts);
        }
    }

    /** The part matches nothing. */
    public record None(Lhs part) implements Lhs {
    }

    /** A {@link ValueFact} of this scope and name passing the test. */
    public record Value(String scope, String name, Test test) implements Lhs {
        public Value {
            safe(scope);
            safe(name);
        }
    }

    /** The protocol session of this scope is part of the call ({@link ScopeInUse}). */
    public record InUse(String scope) implements Lhs {
        public InUse {
            safe(scope);
        }
    }

    /**
     * A protocol session's result ({@link ProtocolResultFact}) that a modifier may raise: of one of the
     * protocols (any when empty), at most {@code atMost} acuity when given, and below {@code below}.
     */
    public record Result(List<String> protocolIds, OptionalInt atMost, int below) implements Lhs {
        public Result {
            protocolIds = List.copyOf(protocolIds);
            protocolIds.forEach(RuleSpec::safe);
        }

        public boolean test(ProtocolResultFact r) {
            return (protocolIds.isEmpty() || protocolIds.contains(r.getProtocolId()))
                    && (atMost.isEmpty() || r.getAcuity() <= atMost.getAsInt()) && r.getAcuity() < below;
        }
    }

    /** What a {@link Value} pattern asks of the value. */
    public sealed interface Test {
        boolean test(ValueFact fact);
    }

    /** Any value, known or not: the question was answered. */
    public record Answered() implements Test {
        @Override
        public boolean test(ValueFact fact) {
            return true;
        }
    }

    /** A known value: not "don't know". */
    public record Known() implements Test {
        @Override
        public boolean test(ValueFact fact) {
            return fact.isKnown();
        }
    }

    /** "Don't know". */
    public record Unknown() implements Test {
        @Override
        public boolean test(ValueFact fact) {
            return !fact.isKnown();
        }
    }

    /** A known yes or no. */
    public record Bool(boolean value) implements Test {
        @Override
        public boolean test(ValueFact fact) {
            return fact.isKnown() && Boolean.valueOf(value).equals(fact.getBool());
        }
    }

    /** A known amount (canonical unit) compared with a number. */
    public record Amount(Condition.Operator operator, BigDecimal number) implements Test {
        @Override
        public boolean test(ValueFact fact) {
            BigDecimal amount = fact.getAmount();
            if (!fact.isKnown() || amount == null) {
                return false;
            }
            return operator.accepts(amount.compareTo(number));
        }
    }

    /** A known code that is (or, when not {@code member}, is not) one of the codes. */
    public record Code(boolean member, List<String> codes) implements Test {
        public Code {
            codes = List.copyOf(codes);
            codes.forEach(RuleSpec::safe);
        }

        @Override
        public boolean test(ValueFact fact) {
            return fact.isKnown() && fact.getCode() != null && codes.contains(fact.getCode()) == member;
        }
    }

    /** What a rule concludes, inserted logically. */
    public sealed interface Then {
    }

    /** A {@link Resolution} of a question. */
    public record Resolve(String scope, String question, Resolution.Kind kind) implements Then {
        public Resolve {
            safe(scope);
            safe(question);
        }
    }

    /** A {@link ModifierHit} on the scope of the matched {@link Result}. */
    public record Hit(String modifier) implements Then {
        public Hit {
            safe(modifier);
        }
    }

    // ---- generation

    /** The scope of a protocol's facts: its {@code id@version}. */
    public static String scope(Protocol protocol) {
        return protocol.ref();
    }

    /** The rules of one protocol version. */
    public static List<RuleSpec> protocol(Protocol protocol) {
        List<RuleSpec> rules = new ArrayList<>();
        String scope = safe(scope(protocol));
        Function<Condition.Subject, String[]> keys = subject -> subject instanceof Condition.Subject.Answer answer
                ? new String[] {scope, answer.questionId()} : new String[] {ValueFact.PATIENT, subject.name()};
        protocol.assessment().forEach(q -> skipRule(scope, q, keys, rules));
        protocol.triage().forEach(group -> group.questions().forEach(q -> {
            skipRule(scope, q, keys, rules);
            answerRules(scope, q, keys, rules);
        }));
        return rules;
    }

    /** The rules of the shared risk modifiers. */
    public static List<RuleSpec> modifiers(RiskModifiers modifiers) {
        return modifiers.modifiers().stream().map(RuleSpec::modifierRule).toList();
    }

    /** The names of the patient values ({@code age}, {@code sex}, patient facts) that the rules read. */
    public static Set<String> patientValuesRead(List<RuleSpec> rules) {
        Set<String> names = new TreeSet<>();
        rules.forEach(rule -> values(rule.when()).stream().filter(v -> v.scope().equals(ValueFact.PATIENT))
                .forEach(v -> names.add(v.name())));
        return names;
    }

    /** The value patterns of a condition side, in order, however deeply nested. */
    static List<Value> values(Lhs lhs) {
        List<Value> values = new ArrayList<>();
        collectValues(lhs, values);
        return values;
    }

    private static void collectValues(Lhs lhs, List<Value> values) {
        if (lhs instanceof All all) {
            all.parts().forEach(p -> collectValues(p, values));
        } else if (lhs instanceof Any any) {
            any.parts().forEach(p -> collectValues(p, values));
        } else if (lhs instanceof None none) {
            collectValues(none.part(), values);
        } else if (lhs instanceof Value value) {
            values.add(value);
        }
    }

    private static void skipRule(String scope, Question q, Function<Condition.Subject, String[]> keys, List<RuleSpec> rules) {
        q.askIf().ifPresent(askIf -> rules.add(new RuleSpec(scope + " " + q.id() + " skipped", "askIf: " + askIf.text(),
                new All(List.of(new InUse(scope), formulas(askIf, keys).whenFalse())),
                new Resolve(scope, q.id(), Resolution.Kind.SKIPPED))));
    }

    private static void answerRules(String scope, Question q, Function<Condition.Subject, String[]> keys, List<RuleSpec> rules) {
        Lhs positive;
        Lhs negative;
        Lhs unknown;
        if (q.type() instanceof AnswerType.YesNo || q.type() instanceof AnswerType.Checklist) {
            // A checklist reaches the rules as whether any item applies.
            positive = new Value(scope, q.id(), new Bool(true));
            negative = new Value(scope, q.id(), new Bool(false));
            unknown = new Value(scope, q.id(), new Unknown());
        } else {
            Condition condition = q.positiveIf().orElseThrow();
            Formulas formulas = formulas(condition, keys);
            Lhs t = formulas.whenTrue();
            Lhs f = formulas.whenFalse();
            Lhs given = q.type() instanceof AnswerType.Derived ? new InUse(scope) : new Value(scope, q.id(), new Answered());
            positive = new All(List.of(given, t));
            negative = new All(List.of(given, f));
            unknown = new All(List.of(given, new None(t), new None(f)));
        }
        String comment = q.positiveIf().map(c -> "positiveIf: " + c.text()).orElse("positive when answered yes");
        rules.add(new RuleSpec(scope + " " + q.id() + " positive", comment, positive, new Resolve(scope, q.id(), Resolution.Kind.POSITIVE)));
        rules.add(new RuleSpec(scope + " " + q.id() + " negative", comment, negative, new Resolve(scope, q.id(), Resolution.Kind.NEGATIVE)));
        rules.add(new RuleSpec(scope + " " + q.id() + " unknown", comment, unknown, new Resolve(scope, q.id(), Resolution.Kind.UNKNOWN)));
    }

    private static RuleSpec modifierRule(RiskModifier modifier) {
        Result result = new Result(modifier.appliesTo(),
                modifier.atMost().map(d -> OptionalInt.of(d.acuity())).orElse(OptionalInt.empty()), modifier.raiseTo().acuity());
        Lhs when = formulas(modifier.when(), subject -> new String[] {ValueFact.PATIENT, subject.name()}).whenTrue();
        return new RuleSpec("modifier " + safe(modifier.id()), "when: " + modifier.when().text() + "; raise to "
                + safe(modifier.raiseTo().id()), new All(List.of(result, when)), new Hit(modifier.id()));
    }

    /** The patterns under which a condition is definitely true, and those under which it is definitely false. */
    private record Formulas(Lhs whenTrue, Lhs whenFalse) {
    }

    private static Formulas formulas(Condition c, Function<Condition.Subject, String[]> keys) {
        return c.fold(new Condition.Fold<>() {
            @Override
            public Formulas and(List<Formulas> operands) {
                return new Formulas(new All(whenTrue(operands)), new Any(whenFalse(operands)));
            }

            @Override
            public Formulas or(List<Formulas> operands) {
                return new Formulas(new Any(whenTrue(operands)), new All(whenFalse(operands)));
            }

            @Override
            public Formulas not(Formulas operand) {
                return new Formulas(/* whenTrue= */ operand.whenFalse(), /* whenFalse= */ operand.whenTrue());
            }

            @Override
            public Formulas holds(Condition.Holds holds) {
                String[] key = keys.apply(holds.subject());
                return new Formulas(value(key, new Bool(true)), value(key, new Bool(false)));
            }

            @Override
            public Formulas compare(Condition.Compare compare) {
                String[] key = keys.apply(compare.subject());
                Condition.Operator op = compare.operator();
                if (compare.value() instanceof Condition.Value.Amount amount) {
                    BigDecimal number = amount.quantity().canonicalValue();
                    return new Formulas(value(key, new Amount(op, number)), value(key, new Amount(negate(op), number)));
                }
                String word = ((Condition.Value.Word) compare.value()).word();
                if (op != Condition.Operator.EQ && op != Condition.Operator.NE) {
                    throw new IllegalStateException("'" + compare.text() + "' orders words; only = and != apply to them");
                }
                boolean equal = op == Condition.Operator.EQ;
                return new Formulas(value(key, new Code(equal, List.of(word))), value(key, new Code(!equal, List.of(word))));
            }

            @Override
            public Formulas known(Condition.Known known) {
                // Not known: no value at all (a question not asked) or "don't know".
                String[] key = keys.apply(known.subject());
                return new Formulas(value(key, new Known()), new Any(List.of(new None(value(key, new Answered())),
                        value(key, new Unknown()))));
            }

            @Override
            public Formulas in(Condition.In in) {
                List<String> words = in.values().stream().map(v -> {
                    if (v instanceof Condition.Value.Word w) {
                        return w.word();
                    }
                    throw new IllegalStateException("'" + in.text() + "' lists an amount; 'in' lists words");
                }).toList();
                String[] key = keys.apply(in.subject());
                return new Formulas(value(key, new Code(!in.negated(), words)), value(key, new Code(in.negated(), words)));
            }
        });
    }

    private static List<Lhs> whenTrue(List<Formulas> operands) {
        return operands.stream().map(Formulas::whenTrue).toList();
    }

    private static List<Lhs> whenFalse(List<Formulas> operands) {
        return operands.stream().map(Formulas::whenFalse).toList();
    }

    private static Value value(String[] key, Test test) {
        return new Value(key[0], key[1], test);
    }

    private static Condition.Operator negate(Condition.Operator op) {
        return switch (op) {
            case EQ -> Condition.Operator.NE;
            case NE -> Condition.Operator.EQ;
            case LT -> Condition.Operator.GE;
            case LE -> Condition.Operator.GT;
            case GT -> Condition.Operator.LE;
            case GE -> Condition.Operator.LT;
        };
    }

    /** Refuses anything but an id, a version or a number: defence in depth behind the loader's checks. */
    static String safe(String token) {
        if (!SAFE_TOKEN.matcher(token).matches()) {
            throw new IllegalStateException("refusing to write '" + token + "' into generated rules");
        }
        return token;
    }
}

package org.opentriage.internal.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
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
 * <p>Three-valued logic becomes three formulas per condition: {@code T(c)}, the patterns under which c is
 * definitely true, {@code F(c)}, definitely false, and {@code U(c)}, unknown; each written with "not" on
 * single patterns only (never around an "or" or an "and", which Drools rewrites into forms that do not
 * always keep the three apart). For each question the rules conclude {@link Resolution.Kind SKIPPED} from
 * {@code F(askIf)} and POSITIVE, NEGATIVE or UNKNOWN from the answer, inserted logically so they follow the
 * answers. Drools runs every "or" inside an "and" as a separate rule, so a formula that would multiply out
 * to more than {@value #INLINE_LIMIT} of them is decided a part at a time: each compound part gets rules of
 * its own that insert its truth as a {@link ConditionFact}, and the formula reads that fact.
 *
 * @param name    unique within a rule base
 * @param comment the protocol text the rule comes from, for reviewers
 */
public record RuleSpec(String name, String comment, Lhs when, Then then) {
    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.@-]*");
    /** The most separate rules (alternatives of "or" multiplied out) a formula may stand for before it is split. */
    static final int INLINE_LIMIT = 8;
    private static final String TRUE = "true";
    private static final String FALSE = "false";
    private static final String UNKNOWN = "unknown";

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

    /** The {@link ConditionFact} of this scope and name holds one of these truths. */
    public record Node(String scope, String name, List<String> truths) implements Lhs {
        public Node {
            safe(scope);
            safe(name);
            truths = List.copyOf(truths);
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

    /** A {@link ConditionFact}: the truth of one part of a condition. */
    public record Derive(String scope, String name, String truth) implements Then {
        public Derive {
            safe(scope);
            safe(name);
            safe(truth);
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
        List<RuleSpec> rules = new ArrayList<>();
        modifiers.modifiers().forEach(m -> modifierRule(m, rules));
        return List.copyOf(rules);
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
        q.askIf().ifPresent(askIf -> {
            String comment = "askIf: " + askIf.text();
            Lhs inUse = new InUse(scope);
            Forms forms = new Parts(scope, q.id() + ".askIf", inUse, comment, keys, rules).forms(askIf);
            add(rules, scope + " " + q.id() + " skipped", comment, all(inUse, forms.f()),
                    new Resolve(scope, q.id(), Resolution.Kind.SKIPPED));
        });
    }

    /** Adds the rule unless its condition can never hold. */
    private static void add(List<RuleSpec> rules, String name, String comment, Lhs when, Then then) {
        if (!never(when)) {
            rules.add(new RuleSpec(name, comment, when, then));
        }
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
            Lhs given = q.type() instanceof AnswerType.Derived ? new InUse(scope) : new Value(scope, q.id(), new Answered());
            Forms forms = new Parts(scope, q.id() + ".positiveIf", new InUse(scope), "positiveIf: " + condition.text(), keys,
                    rules).forms(condition);
            positive = all(given, forms.t());
            negative = all(given, forms.f());
            unknown = all(given, forms.u());
        }
        String comment = q.positiveIf().map(c -> "positiveIf: " + c.text()).orElse("positive when answered yes");
        add(rules, scope + " " + q.id() + " positive", comment, positive, new Resolve(scope, q.id(), Resolution.Kind.POSITIVE));
        add(rules, scope + " " + q.id() + " negative", comment, negative, new Resolve(scope, q.id(), Resolution.Kind.NEGATIVE));
        add(rules, scope + " " + q.id() + " unknown", comment, unknown, new Resolve(scope, q.id(), Resolution.Kind.UNKNOWN));
    }

    private static void modifierRule(RiskModifier modifier, List<RuleSpec> rules) {
        Result result = new Result(modifier.appliesTo(),
                modifier.atMost().map(d -> OptionalInt.of(d.acuity())).orElse(OptionalInt.empty()), modifier.raiseTo().acuity());
        String comment = "when: " + modifier.when().text() + "; raise to " + safe(modifier.raiseTo().id());
        Forms forms = new Parts(ValueFact.PATIENT, "modifier." + safe(modifier.id()) + ".when", null, comment,
                subject -> new String[] {ValueFact.PATIENT, subject.name()}, rules).forms(modifier.when());
        add(rules, "modifier " + safe(modifier.id()), comment, all(result, forms.t()), new Hit(modifier.id()));
    }

    /**
     * A condition's three formulas, and the two "not" forms its enclosing conditions build theirs from: not
     * definitely true ({@code nt}: false or unknown) and not definitely false ({@code nf}: true or unknown).
     * A formula that can never hold is {@link #NEVER}.
     */
    private record Forms(Lhs t, Lhs f, Lhs u, Lhs nt, Lhs nf) {
        /** Each formula stands for at most one rule: a single pattern or patterns that must all match. */
        boolean simple() {
            return Stream.of(t, f, u, nt, nf).allMatch(l -> alternatives(l) <= 1);
        }

        boolean small() {
            return Stream.of(t, f, u, nt, nf).allMatch(l -> alternatives(l) <= INLINE_LIMIT);
        }
    }

    /** A formula that never holds: an "or" of nothing. Never reaches Drools (see {@link #add}). */
    private static final Lhs NEVER = new Any(List.of());

    private static boolean never(Lhs lhs) {
        return lhs instanceof Any any && any.parts().isEmpty();
    }

    /** "And", flattened; {@link #NEVER} when a part is. */
    private static Lhs all(Lhs... parts) {
        return all(List.of(parts));
    }

    private static Lhs all(List<Lhs> parts) {
        List<Lhs> flat = new ArrayList<>();
        for (Lhs part : parts) {
            if (never(part)) {
                return NEVER;
            }
            if (part instanceof All a) {
                flat.addAll(a.parts());
            } else {
                flat.add(part);
            }
        }
        return flat.size() == 1 ? flat.get(0) : new All(flat);
    }

    /** "Or", flattened, without the parts that never hold; {@link #NEVER} when none is left. */
    private static Lhs any(List<Lhs> parts) {
        List<Lhs> flat = new ArrayList<>();
        for (Lhs part : parts) {
            if (part instanceof Any a) {
                flat.addAll(a.parts());
            } else {
                flat.add(part);
            }
        }
        return flat.size() == 1 ? flat.get(0) : new Any(flat);
    }

    /** How many separate rules Drools makes of a formula: its "or"s multiplied out. */
    static long alternatives(Lhs lhs) {
        if (lhs instanceof All a) {
            long product = 1;
            for (Lhs part : a.parts()) {
                long n = alternatives(part);
                if (n == 0) {
                    return 0;
                }
                product = product > Integer.MAX_VALUE / n ? Integer.MAX_VALUE : product * n;
            }
            return product;
        }
        if (lhs instanceof Any a) {
            long sum = 0;
            for (Lhs part : a.parts()) {
                sum = Math.min(sum + alternatives(part), Integer.MAX_VALUE);
            }
            return sum;
        }
        return 1;
    }

    /**
     * Builds the formulas of one condition (a question's askIf or positiveIf, a modifier's when), adding the
     * rules of the parts it decides separately to {@code rules}. Parts are named {@code base.1}, {@code base.2}, …
     * in {@code scope}, and their rules run only while {@code gate} (the protocol in use) matches, when given.
     */
    private static final class Parts {
        private final String scope;
        private final String base;
        private final @Nullable Lhs gate;
        private final String comment;
        private final Function<Condition.Subject, String[]> keys;
        private final List<RuleSpec> rules;
        private int parts;

        Parts(String scope, String base, @Nullable Lhs gate, String comment, Function<Condition.Subject, String[]> keys,
              List<RuleSpec> rules) {
            this.scope = safe(scope);
            this.base = safe(base);
            this.gate = gate;
            this.comment = comment;
            this.keys = keys;
            this.rules = rules;
        }

        Forms forms(Condition c) {
            return c.fold(new Condition.Fold<>() {
                @Override
                public Forms and(List<Forms> operands) {
                    return combine(operands, true);
                }

                @Override
                public Forms or(List<Forms> operands) {
                    return combine(operands, false);
                }

                @Override
                public Forms not(Forms operand) {
                    return new Forms(operand.f(), operand.t(), operand.u(), operand.nf(), operand.nt());
                }

                @Override
                public Forms holds(Condition.Holds holds) {
                    String[] key = keys.apply(holds.subject());
                    return leaf(value(key, new Bool(true)), value(key, new Bool(false)));
                }

                @Override
                public Forms compare(Condition.Compare compare) {
                    String[] key = keys.apply(compare.subject());
                    Condition.Operator op = compare.operator();
                    if (compare.value() instanceof Condition.Value.Amount amount) {
                        BigDecimal number = amount.quantity().canonicalValue();
                        return leaf(value(key, new Amount(op, number)), value(key, new Amount(negate(op), number)));
                    }
                    String word = ((Condition.Value.Word) compare.value()).word();
                    if (op != Condition.Operator.EQ && op != Condition.Operator.NE) {
                        throw new IllegalStateException("'" + compare.text() + "' orders words; only = and != apply to them");
                    }
                    boolean equal = op == Condition.Operator.EQ;
                    return leaf(value(key, new Code(equal, List.of(word))), value(key, new Code(!equal, List.of(word))));
                }

                @Override
                public Forms known(Condition.Known known) {
                    // Never unknown. Not known: no value at all (a question not asked) or "don't know".
                    Value isKnown = value(keys.apply(known.subject()), new Known());
                    Lhs notKnown = new None(isKnown);
                    return new Forms(isKnown, notKnown, NEVER, notKnown, isKnown);
                }

                @Override
                public Forms in(Condition.In in) {
                    List<String> words = in.values().stream().map(v -> {
                        if (v instanceof Condition.Value.Word w) {
                            return w.word();
                        }
                        throw new IllegalStateException("'" + in.text() + "' lists an amount; 'in' lists words");
                    }).toList();
                    String[] key = keys.apply(in.subject());
                    return leaf(value(key, new Code(!in.negated(), words)), value(key, new Code(in.negated(), words)));
                }
            });
        }

        /** A single test: unknown when neither it nor its opposite matches (not answered, "don't know"). */
        private static Forms leaf(Value t, Value f) {
            Lhs nt = new None(t);
            Lhs nf = new None(f);
            return new Forms(t, f, all(nt, nf), nt, nf);
        }

        /**
         * Kleene "and" (or "or"): true when all (any) parts are true, false when any (all) are false, unknown
         * when none is false (true) and some part is unknown. Compound parts are decided separately first when
         * the formulas would stand for too many rules.
         */
        private Forms combine(List<Forms> operands, boolean and) {
            Forms combined = combineInline(operands, and);
            if (combined.small()) {
                return combined;
            }
            return combineInline(operands.stream().map(o -> o.simple() ? o : decideSeparately(o)).toList(), and);
        }

        private static Forms combineInline(List<Forms> operands, boolean and) {
            List<Lhs> t = operands.stream().map(Forms::t).toList();
            List<Lhs> f = operands.stream().map(Forms::f).toList();
            List<Lhs> nt = operands.stream().map(Forms::nt).toList();
            List<Lhs> nf = operands.stream().map(Forms::nf).toList();
            Lhs someUnknown = any(operands.stream().map(Forms::u).toList());
            if (and) {
                return new Forms(all(t), any(f), all(all(nf), someUnknown), any(nt), all(nf));
            }
            return new Forms(any(t), all(f), all(all(nt), someUnknown), all(nt), any(nf));
        }

        /** Rules that insert the part's truth as a {@link ConditionFact}; the part is then read from that fact. */
        private Forms decideSeparately(Forms part) {
            String name = base + "." + ++parts;
            for (String truth : List.of(TRUE, FALSE, UNKNOWN)) {
                Lhs when = switch (truth) {
                    case TRUE -> part.t();
                    case FALSE -> part.f();
                    default -> part.u();
                };
                add(rules, scope + " " + name + " " + truth, comment, gate == null ? when : all(gate, when),
                        new Derive(scope, name, truth));
            }
            boolean mayBeUnknown = !never(part.u());
            return new Forms(node(name, TRUE), node(name, FALSE), mayBeUnknown ? node(name, UNKNOWN) : NEVER,
                    mayBeUnknown ? node(name, FALSE, UNKNOWN) : node(name, FALSE),
                    mayBeUnknown ? node(name, TRUE, UNKNOWN) : node(name, TRUE));
        }

        private Node node(String name, String... truths) {
            return new Node(scope, name, List.of(truths));
        }
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

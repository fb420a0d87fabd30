package org.opentriage.internal.engine;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.RiskModifier;
import org.opentriage.protocol.RiskModifiers;

/**
 * Generates Drools rules (DRL) from the library's own condition trees. Nothing written in a protocol
 * reaches the DRL except ids that match the id grammar and numbers the library formats itself; every
 * such token is checked again here before it is written.
 *
 * <p>Three-valued logic becomes two formulas per condition: {@code T(c)}, the patterns under which c is
 * definitely true, and {@code F(c)}, definitely false; unknown is neither. For each question the rules
 * conclude {@link Resolution.Kind SKIPPED} from {@code F(askIf)} and POSITIVE, NEGATIVE or UNKNOWN from
 * the answer, inserted logically so they follow the answers.
 */
public final class DrlGenerator {
    private static final Pattern SAFE_TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.@-]*");
    private static final String HEADER = """
            package org.opentriage.rules;

            import org.opentriage.internal.engine.ValueFact;
            import org.opentriage.internal.engine.Resolution;
            import org.opentriage.internal.engine.ScopeInUse;
            import org.opentriage.internal.engine.ProtocolResultFact;
            import org.opentriage.internal.engine.ModifierHit;

            """;

    private DrlGenerator() {
    }

    /** The rules of a whole library: every protocol version and the risk modifiers. */
    public static String library(List<Protocol> protocols, RiskModifiers modifiers) {
        StringBuilder drl = new StringBuilder(HEADER);
        protocols.forEach(p -> protocolRules(p, drl));
        modifiers.modifiers().forEach(m -> modifierRule(m, drl));
        return drl.toString();
    }

    /** The rules of one protocol version, as a reviewer reads them. */
    public static String protocol(Protocol protocol) {
        StringBuilder drl = new StringBuilder(HEADER);
        protocolRules(protocol, drl);
        return drl.toString();
    }

    /** The scope of a protocol's facts: its {@code id@version}. */
    public static String scope(Protocol protocol) {
        return protocol.ref();
    }

    private static void protocolRules(Protocol protocol, StringBuilder drl) {
        String scope = safe(scope(protocol));
        Function<Condition.Subject, String> subjects = subject -> subject instanceof Condition.Subject.Answer answer
                ? key(scope, answer.questionId()) : patientKey(subject);
        drl.append("// ").append(scope).append(" ").append(protocol.contentHash()).append("\n\n");
        protocol.assessment().forEach(q -> skipRule(scope, q, subjects, drl));
        protocol.triage().forEach(group -> group.questions().forEach(q -> {
            skipRule(scope, q, subjects, drl);
            answerRules(scope, q, subjects, drl);
        }));
    }

    private static void skipRule(String scope, Question q, Function<Condition.Subject, String> subjects, StringBuilder drl) {
        q.askIf().ifPresent(askIf -> rule(drl, scope + " " + q.id() + " skipped", "// askIf: " + askIf.text(),
                inUse(scope) + "\n        " + formula(askIf, false, subjects),
                resolution(scope, q.id(), Resolution.Kind.SKIPPED)));
    }

    private static void answerRules(String scope, Question q, Function<Condition.Subject, String> subjects, StringBuilder drl) {
        String answered = "ValueFact( " + key(scope, q.id()) + " )";
        String positive;
        String negative;
        String unknown;
        if (q.type() instanceof AnswerType.YesNo) {
            positive = value(key(scope, q.id()), "bool == true");
            negative = value(key(scope, q.id()), "bool == false");
            unknown = "ValueFact( " + key(scope, q.id()) + ", known == false )";
        } else {
            Condition condition = q.positiveIf().orElseThrow();
            String t = formula(condition, true, subjects);
            String f = formula(condition, false, subjects);
            String given = q.type() instanceof AnswerType.Derived ? inUse(scope) : answered;
            positive = given + "\n        " + t;
            negative = given + "\n        " + f;
            unknown = given + "\n        not( " + t + " )\n        not( " + f + " )";
        }
        String comment = q.positiveIf().map(c -> "// positiveIf: " + c.text()).orElse("// positive when answered yes");
        rule(drl, scope + " " + q.id() + " positive", comment, positive, resolution(scope, q.id(), Resolution.Kind.POSITIVE));
        rule(drl, scope + " " + q.id() + " negative", comment, negative, resolution(scope, q.id(), Resolution.Kind.NEGATIVE));
        rule(drl, scope + " " + q.id() + " unknown", comment, unknown, resolution(scope, q.id(), Resolution.Kind.UNKNOWN));
    }

    private static void modifierRule(RiskModifier modifier, StringBuilder drl) {
        String id = safe(modifier.id());
        StringBuilder result = new StringBuilder("$result : ProtocolResultFact( ");
        if (!modifier.appliesTo().isEmpty()) {
            result.append("protocolId in (").append(modifier.appliesTo().stream().map(DrlGenerator::quoted)
                    .collect(Collectors.joining(", "))).append("), ");
        }
        modifier.atMost().ifPresent(atMost -> result.append("acuity <= ").append(atMost.acuity()).append(", "));
        result.append("acuity < ").append(modifier.raiseTo().acuity()).append(" )");
        String when = formula(modifier.when(), true, DrlGenerator::patientKey);
        rule(drl, "modifier " + id, "// when: " + modifier.when().text() + "; raise to " + safe(modifier.raiseTo().id()),
                result + "\n        " + when, "insertLogical(new ModifierHit(" + quoted(id) + ", $result.getScope()));");
    }

    /** The patterns under which a condition is definitely true ({@code truth}) or definitely false. */
    static String formula(Condition c, boolean truth, Function<Condition.Subject, String> subjects) {
        if (c instanceof Condition.And and) {
            return join(and.operands(), truth ? " and " : " or ", truth, subjects);
        }
        if (c instanceof Condition.Or or) {
            return join(or.operands(), truth ? " or " : " and ", truth, subjects);
        }
        if (c instanceof Condition.Not not) {
            return formula(not.operand(), !truth, subjects);
        }
        if (c instanceof Condition.Holds holds) {
            return value(subjects.apply(holds.subject()), "bool == " + truth);
        }
        if (c instanceof Condition.Compare compare) {
            Condition.Operator op = truth ? compare.operator() : negate(compare.operator());
            String field = compare.value() instanceof Condition.Value.Amount ? "amount" : "code";
            String symbol = op == Condition.Operator.EQ ? "==" : op.symbol();
            return value(subjects.apply(compare.subject()), field + " " + symbol + " " + literal(compare.value()));
        }
        Condition.In in = (Condition.In) c;
        boolean member = truth != in.negated();
        return value(subjects.apply(in.subject()), "code " + (member ? "in" : "not in") + " ("
                + in.values().stream().map(DrlGenerator::literal).collect(Collectors.joining(", ")) + ")");
    }

    private static String join(List<Condition> operands, String connective, boolean truth,
                               Function<Condition.Subject, String> subjects) {
        return operands.stream().map(o -> formula(o, truth, subjects)).collect(Collectors.joining(connective, "( ", " )"));
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

    private static String literal(Condition.Value value) {
        if (value instanceof Condition.Value.Amount amount) {
            BigDecimal canonical = amount.quantity().canonicalValue();
            return canonical.toPlainString() + "B";
        }
        return quoted(((Condition.Value.Word) value).word());
    }

    private static String value(String key, String constraint) {
        return "ValueFact( " + key + ", known == true, " + constraint + " )";
    }

    private static String key(String scope, String name) {
        return "scope == " + quoted(scope) + ", name == " + quoted(name);
    }

    /** Patient subjects: age (in days), sex, pregnant, and patient facts by name (for modifiers). */
    static String patientKey(Condition.Subject subject) {
        return key(ValueFact.PATIENT, subject.name());
    }

    private static String inUse(String scope) {
        return "ScopeInUse( scope == " + quoted(scope) + " )";
    }

    private static String resolution(String scope, String question, Resolution.Kind kind) {
        return "insertLogical(new Resolution(" + quoted(scope) + ", " + quoted(question) + ", Resolution.Kind." + kind.name() + "));";
    }

    private static void rule(StringBuilder drl, String name, String comment, String when, String then) {
        drl.append("rule \"").append(name).append("\"\n    ").append(comment).append("\n    when\n        ")
                .append(when).append("\n    then\n        ").append(then).append("\nend\n\n");
    }

    private static String quoted(String token) {
        return "\"" + safe(token) + "\"";
    }

    /** Refuses anything but an id, a version or a number: defence in depth behind the loader's checks. */
    private static String safe(String token) {
        if (!SAFE_TOKEN.matcher(token).matches()) {
            throw new IllegalStateException("refusing to write '" + token + "' into generated rules");
        }
        return token;
    }

}

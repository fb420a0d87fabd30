package org.opentriage.internal.engine;

import java.util.List;
import java.util.stream.Collectors;

import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.RiskModifiers;

/**
 * Prints generated rules ({@link RuleSpec}) as DRL: what a reviewer reads with {@code triage compile
 * --drl}. The engine does not compile this text; it builds the same rules directly. A test compiles the
 * DRL with Drools' rule compiler and checks that both reach the same conclusions.
 */
public final class DrlGenerator {
    private static final String HEADER = """
            package org.opentriage.rules;

            import org.opentriage.internal.engine.ValueFact;
            import org.opentriage.internal.engine.ConditionFact;
            import org.opentriage.internal.engine.Resolution;
            import org.opentriage.internal.engine.ScopeInUse;
            import org.opentriage.internal.engine.ProtocolResultFact;
            import org.opentriage.internal.engine.ModifierHit;

            """;

    private DrlGenerator() {
    }

    /** The rules of a set of protocol versions and the risk modifiers. */
    public static String rules(List<Protocol> protocols, RiskModifiers modifiers) {
        StringBuilder drl = new StringBuilder(HEADER);
        protocols.forEach(p -> protocolRules(p, drl));
        RuleSpec.modifiers(modifiers).forEach(r -> rule(r, drl));
        return drl.toString();
    }

    /** The rules of one protocol version, as a reviewer reads them. */
    public static String protocol(Protocol protocol) {
        StringBuilder drl = new StringBuilder(HEADER);
        protocolRules(protocol, drl);
        return drl.toString();
    }

    private static void protocolRules(Protocol protocol, StringBuilder drl) {
        drl.append("// ").append(RuleSpec.safe(RuleSpec.scope(protocol))).append(" ").append(protocol.contentHash()).append("\n\n");
        RuleSpec.protocol(protocol).forEach(r -> rule(r, drl));
    }

    private static void rule(RuleSpec rule, StringBuilder drl) {
        String when = rule.when() instanceof RuleSpec.All all
                ? all.parts().stream().map(DrlGenerator::lhs).collect(Collectors.joining("\n        "))
                : lhs(rule.when());
        drl.append("rule \"").append(rule.name()).append("\"\n    // ").append(rule.comment().replace('\n', ' '))
                .append("\n    when\n        ").append(when).append("\n    then\n        ").append(then(rule.then()))
                .append("\nend\n\n");
    }

    private static String lhs(RuleSpec.Lhs lhs) {
        if (lhs instanceof RuleSpec.All all) {
            return all.parts().stream().map(DrlGenerator::lhs).collect(Collectors.joining(" and ", "( ", " )"));
        }
        if (lhs instanceof RuleSpec.Any any) {
            return any.parts().stream().map(DrlGenerator::lhs).collect(Collectors.joining(" or ", "( ", " )"));
        }
        if (lhs instanceof RuleSpec.None none) {
            return "not( " + lhs(none.part()) + " )";
        }
        if (lhs instanceof RuleSpec.InUse inUse) {
            return "ScopeInUse( scope == " + quoted(inUse.scope()) + " )";
        }
        if (lhs instanceof RuleSpec.Node node) {
            String truths = node.truths().size() == 1 ? "truth == " + quoted(node.truths().get(0))
                    : node.truths().stream().map(DrlGenerator::quoted).collect(Collectors.joining(", ", "truth in (", ")"));
            return "ConditionFact( scope == " + quoted(node.scope()) + ", name == " + quoted(node.name()) + ", " + truths + " )";
        }
        if (lhs instanceof RuleSpec.Result result) {
            StringBuilder text = new StringBuilder("$result : ProtocolResultFact( ");
            if (!result.protocolIds().isEmpty()) {
                text.append("protocolId in (").append(result.protocolIds().stream().map(DrlGenerator::quoted)
                        .collect(Collectors.joining(", "))).append("), ");
            }
            result.atMost().ifPresent(atMost -> text.append("acuity <= ").append(atMost).append(", "));
            return text.append("acuity < ").append(result.below()).append(" )").toString();
        }
        RuleSpec.Value value = (RuleSpec.Value) lhs;
        String key = "scope == " + quoted(value.scope()) + ", name == " + quoted(value.name());
        return "ValueFact( " + key + test(value.test()) + " )";
    }

    private static String test(RuleSpec.Test test) {
        if (test instanceof RuleSpec.Answered) {
            return "";
        }
        if (test instanceof RuleSpec.Unknown) {
            return ", known == false";
        }
        if (test instanceof RuleSpec.Known) {
            return ", known == true";
        }
        if (test instanceof RuleSpec.Bool bool) {
            return ", known == true, bool == " + bool.value();
        }
        if (test instanceof RuleSpec.Amount amount) {
            String symbol = amount.operator() == Condition.Operator.EQ ? "==" : amount.operator().symbol();
            return ", known == true, amount " + symbol + " " + amount.number().toPlainString() + "B";
        }
        RuleSpec.Code code = (RuleSpec.Code) test;
        if (code.codes().size() == 1) {
            return ", known == true, code " + (code.member() ? "==" : "!=") + " " + quoted(code.codes().get(0));
        }
        return ", known == true, code " + (code.member() ? "in" : "not in") + " ("
                + code.codes().stream().map(DrlGenerator::quoted).collect(Collectors.joining(", ")) + ")";
    }

    private static String then(RuleSpec.Then then) {
        if (then instanceof RuleSpec.Resolve r) {
            return "insertLogical(new Resolution(" + quoted(r.scope()) + ", " + quoted(r.question()) + ", Resolution.Kind."
                    + r.kind().name() + "));";
        }
        if (then instanceof RuleSpec.Derive d) {
            return "insertLogical(new ConditionFact(" + quoted(d.scope()) + ", " + quoted(d.name()) + ", " + quoted(d.truth()) + "));";
        }
        return "insertLogical(new ModifierHit(" + quoted(((RuleSpec.Hit) then).modifier()) + ", $result.getScope()));";
    }

    private static String quoted(String token) {
        return "\"" + RuleSpec.safe(token) + "\"";
    }
}

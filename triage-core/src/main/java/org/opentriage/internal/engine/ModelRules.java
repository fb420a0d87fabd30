package org.opentriage.internal.engine;

import static org.drools.model.DSL.declarationOf;
import static org.drools.model.DSL.execute;
import static org.drools.model.DSL.on;
import static org.drools.model.PatternDSL.alphaIndexedBy;
import static org.drools.model.PatternDSL.pattern;
import static org.drools.model.PatternDSL.rule;

import java.util.ArrayList;
import java.util.List;

import org.drools.model.DSL;
import org.drools.model.Index;
import org.drools.model.Rule;
import org.drools.model.RuleItemBuilder;
import org.drools.model.Variable;
import org.drools.model.view.ViewItemBuilder;

/**
 * Builds Drools rules from {@link RuleSpec}s through Drools' executable model: patterns and
 * consequences are plain Java objects and lambdas, so building a rule base needs no DRL parser and no
 * Java compiler, and no protocol text becomes code.
 *
 * <p>Every constraint gets an id that states exactly what it tests ({@code scope == chest-pain@1.0.0});
 * Drools shares network nodes between constraints with equal ids, so equal ids must mean equal tests.
 * Scope, name and protocol id are indexed, so a fact reaches only the rules that read it.
 */
final class ModelRules {
    private static final String PACKAGE = "org.opentriage.rules";

    private ModelRules() {
    }

    static List<Rule> build(List<RuleSpec> specs) {
        List<Rule> rules = new ArrayList<>(specs.size());
        for (RuleSpec spec : specs) {
            rules.add(build(spec));
        }
        return rules;
    }

    private static Rule build(RuleSpec spec) {
        List<RuleItemBuilder<?>> items = new ArrayList<>();
        Variable<ProtocolResultFact> result = declarationOf(ProtocolResultFact.class, "$result");
        if (spec.when() instanceof RuleSpec.All all) {
            all.parts().forEach(part -> items.add(lhs(part, result)));
        } else {
            items.add(lhs(spec.when(), result));
        }
        if (spec.then() instanceof RuleSpec.Resolve r) {
            Resolution resolution = new Resolution(r.scope(), r.question(), r.kind());
            items.add(execute(drools -> drools.logicalInsert(resolution)));
        } else if (spec.then() instanceof RuleSpec.Derive d) {
            ConditionFact part = new ConditionFact(d.scope(), d.name(), d.truth());
            items.add(execute(drools -> drools.logicalInsert(part)));
        } else {
            String modifier = ((RuleSpec.Hit) spec.then()).modifier();
            items.add(on(result).execute((drools, matched) -> drools.logicalInsert(new ModifierHit(modifier, matched.getScope()))));
        }
        return rule(PACKAGE, spec.name()).build(items.toArray(RuleItemBuilder[]::new));
    }

    private static ViewItemBuilder<?> lhs(RuleSpec.Lhs lhs, Variable<ProtocolResultFact> result) {
        if (lhs instanceof RuleSpec.All all) {
            return combined(all.parts(), result, true);
        }
        if (lhs instanceof RuleSpec.Any any) {
            return combined(any.parts(), result, false);
        }
        if (lhs instanceof RuleSpec.None none) {
            return DSL.not(lhs(none.part(), result));
        }
        if (lhs instanceof RuleSpec.InUse inUse) {
            String scope = inUse.scope();
            return pattern(declarationOf(ScopeInUse.class)).expr("scope == " + scope, f -> f.getScope().equals(scope),
                    alphaIndexedBy(String.class, Index.ConstraintType.EQUAL, 0, ScopeInUse::getScope, scope));
        }
        if (lhs instanceof RuleSpec.Node node) {
            String scope = node.scope();
            String name = node.name();
            List<String> truths = node.truths();
            return pattern(declarationOf(ConditionFact.class))
                    .expr("scope == " + scope, f -> f.getScope().equals(scope),
                            alphaIndexedBy(String.class, Index.ConstraintType.EQUAL, 0, ConditionFact::getScope, scope))
                    .expr("name == " + name, f -> f.getName().equals(name),
                            alphaIndexedBy(String.class, Index.ConstraintType.EQUAL, 1, ConditionFact::getName, name))
                    .expr("truth in " + truths, f -> truths.contains(f.getTruth()));
        }
        if (lhs instanceof RuleSpec.Result r) {
            return pattern(result).expr("result " + r.protocolIds() + " atMost " + r.atMost() + " below " + r.below(), r::test);
        }
        RuleSpec.Value value = (RuleSpec.Value) lhs;
        String scope = value.scope();
        String name = value.name();
        RuleSpec.Test test = value.test();
        return pattern(declarationOf(ValueFact.class))
                .expr("scope == " + scope, f -> f.getScope().equals(scope),
                        alphaIndexedBy(String.class, Index.ConstraintType.EQUAL, 0, ValueFact::getScope, scope))
                .expr("name == " + name, f -> f.getName().equals(name),
                        alphaIndexedBy(String.class, Index.ConstraintType.EQUAL, 1, ValueFact::getName, name))
                .expr(test.toString(), test::test);
    }

    private static ViewItemBuilder<?> combined(List<RuleSpec.Lhs> parts, Variable<ProtocolResultFact> result, boolean all) {
        ViewItemBuilder<?> first = lhs(parts.get(0), result);
        ViewItemBuilder<?>[] rest = parts.subList(1, parts.size()).stream().map(p -> lhs(p, result)).toArray(ViewItemBuilder[]::new);
        return all ? DSL.and(first, rest) : DSL.or(first, rest);
    }
}

package org.opentriage.internal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.drools.model.Model;
import org.drools.model.impl.ModelImpl;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.RiskModifiers;

/**
 * The rules of a protocol library: one Drools rule base per protocol version (its own rules and the
 * shared risk modifiers), built from {@link RuleSpec}s the first time a call uses the version, or all at
 * once with {@link #buildAll}, and shared by every call after that. A call runs one {@link RuleSession}
 * per protocol it uses. Thread-safe.
 */
public final class RuleBase {
    private final List<RuleSpec> modifierRules;
    private final Map<String, Rules> bases = new ConcurrentHashMap<>();

    /** A protocol version's rule base and the patient values its rules read. */
    private record Rules(KieBase kieBase, Set<String> patientValuesRead) {
    }

    public RuleBase(RiskModifiers modifiers) {
        this.modifierRules = RuleSpec.modifiers(modifiers);
    }

    /** A new session over a protocol version's rules. */
    public RuleSession newSession(Protocol protocol) {
        return new DroolsRuleSession(newKieSession(protocol));
    }

    /** The Drools session under {@link #newSession}, for the tests that compare rule engines. */
    org.kie.api.runtime.KieSession newKieSession(Protocol protocol) {
        return rules(protocol).kieBase().newKieSession();
    }

    /**
     * The patient values ({@code age}, {@code sex}, patient facts by name) that a protocol version's
     * rules, the modifiers' included, read: a session needs only those.
     */
    public Set<String> patientValuesRead(Protocol protocol) {
        return rules(protocol).patientValuesRead();
    }

    /** Builds the rule bases of these protocol versions now, rather than at their first call. */
    public void buildAll(Collection<Protocol> protocols) {
        protocols.parallelStream().forEach(this::rules);
    }

    private Rules rules(Protocol protocol) {
        // Keyed by content too: an edited protocol reloaded under the same version gets its own rules.
        return bases.computeIfAbsent(protocol.ref() + " " + protocol.contentHash(), key -> build(protocol));
    }

    private Rules build(Protocol protocol) {
        List<RuleSpec> specs = new ArrayList<>(RuleSpec.protocol(protocol));
        specs.addAll(modifierRules);
        Model model = new ModelImpl().withRules(ModelRules.build(specs));
        return new Rules(KieBaseBuilder.createKieBaseFromModel(model), Set.copyOf(RuleSpec.patientValuesRead(specs)));
    }
}

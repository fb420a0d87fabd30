package org.opentriage.internal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.drools.model.Model;
import org.drools.model.impl.ModelImpl;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.RiskModifiers;

/**
 * The rules of a protocol library: one Drools rule base per protocol version (its own rules and the
 * shared risk modifiers), built from {@link RuleSpec}s the first time a call uses the version, or all at
 * once with {@link #buildAll}, and shared by every call after that. A call runs one {@link KieSession}
 * per protocol it uses. Thread-safe.
 */
public final class RuleBase {
    private final List<RuleSpec> modifierRules;
    private final Map<String, KieBase> bases = new ConcurrentHashMap<>();

    public RuleBase(RiskModifiers modifiers) {
        this.modifierRules = RuleSpec.modifiers(modifiers);
    }

    /** A new session over a protocol version's rules. */
    public KieSession newSession(Protocol protocol) {
        return kieBase(protocol).newKieSession();
    }

    /** Builds the rule bases of these protocol versions now, rather than at their first call. */
    public void buildAll(Collection<Protocol> protocols) {
        protocols.parallelStream().forEach(this::kieBase);
    }

    /** How many protocol versions have their rule base built. */
    public int built() {
        return bases.size();
    }

    KieBase kieBase(Protocol protocol) {
        // Keyed by content too: an edited protocol reloaded under the same version gets its own rules.
        return bases.computeIfAbsent(protocol.ref() + " " + protocol.contentHash(), key -> build(protocol));
    }

    private KieBase build(Protocol protocol) {
        List<RuleSpec> specs = new ArrayList<>(RuleSpec.protocol(protocol));
        specs.addAll(modifierRules);
        Model model = new ModelImpl().withRules(ModelRules.build(specs));
        return KieBaseBuilder.createKieBaseFromModel(model);
    }
}

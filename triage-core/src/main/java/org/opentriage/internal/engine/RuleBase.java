package org.opentriage.internal.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.RiskModifiers;

/**
 * The compiled rules of a protocol set: built once (it costs seconds), shared by every call, one
 * {@link KieSession} per call. Thread-safe.
 */
public final class RuleBase {
    private final KieBase kieBase;
    private final String drl;

    private RuleBase(KieBase kieBase, String drl) {
        this.kieBase = kieBase;
        this.drl = drl;
    }

    /** Generates and compiles the rules; a compile failure is a bug in the generator, never in a protocol. */
    public static RuleBase compile(List<Protocol> protocols, RiskModifiers modifiers) {
        String drl = DrlGenerator.library(protocols, modifiers);
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        builder.add(ResourceFactory.newByteArrayResource(drl.getBytes(StandardCharsets.UTF_8)), ResourceType.DRL);
        if (builder.hasErrors()) {
            String errors = builder.getErrors().stream().map(Object::toString).collect(Collectors.joining("\n"));
            throw new IllegalStateException("generated rules do not compile:\n" + errors);
        }
        return new RuleBase(builder.newKieBase(), drl);
    }

    public KieSession newSession() {
        return kieBase.newKieSession();
    }

    /** The generated rules, for review. */
    public String drl() {
        return drl;
    }
}

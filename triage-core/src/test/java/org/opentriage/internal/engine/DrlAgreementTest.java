package org.opentriage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieSession;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;

/**
 * The engine builds its rules through Drools' executable model; reviewers read them as DRL. This test
 * compiles the DRL with Drools' rule compiler and checks, over seeded random fact sets that cover each
 * value a rule tests (either side of every threshold, every code, yes, no, "don't know", no answer yet),
 * that both rule bases conclude exactly the same for every bundled protocol and the risk modifiers.
 */
class DrlAgreementTest {
    private static final int SAMPLES_PER_PROTOCOL = 150;
    private static ProtocolLibrary library;
    private static List<Protocol> protocols;
    private static KieBase drlBase;
    private static RuleBase modelBase;

    @BeforeAll
    static void compileBoth() {
        library = ProtocolLibrary.bundled();
        // The bundled protocols and a fixture whose conditions are decided a part at a time (ConditionFact).
        protocols = new ArrayList<>(library.protocols());
        protocols.addAll(ProtocolLibrary.load(Path.of("src", "test", "resources", "libraries", "compound-conditions")).protocols());
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        String drl = DrlGenerator.rules(protocols, library.modifiers());
        builder.add(ResourceFactory.newByteArrayResource(drl.getBytes(StandardCharsets.UTF_8)), ResourceType.DRL);
        assertThat(builder.getErrors()).as("the DRL rendering compiles").isEmpty();
        drlBase = builder.newKieBase();
        modelBase = new RuleBase(library.modifiers());
    }

    @Test
    void drlAndExecutableModelConcludeTheSame_forEveryProtocol() {
        Random random = new Random(20261127L);
        Set<String> rulesFired = new HashSet<>();
        Set<String> rules = new TreeSet<>();
        long conclusions = 0;
        for (Protocol protocol : protocols) {
            List<RuleSpec> specs = new ArrayList<>(RuleSpec.protocol(protocol));
            specs.addAll(RuleSpec.modifiers(library.modifiers()));
            specs.forEach(r -> rules.add(r.name() + " " + RuleSpec.scope(protocol)));
            Map<String, List<ValueFact>> candidates = candidates(specs);
            for (int i = 0; i < SAMPLES_PER_PROTOCOL; i++) {
                List<Object> facts = sample(protocol, candidates, random);
                Set<Object> expected = conclusions(drlBase.newKieSession(), facts, name -> { });
                Set<Object> actual = conclusions(modelBase.newKieSession(protocol), facts,
                        name -> rulesFired.add(name + " " + RuleSpec.scope(protocol)));
                assertThat(actual).as("%s, facts %s", protocol.ref(), describe(facts)).isEqualTo(expected);
                conclusions += actual.size();
            }
        }
        Set<String> neverFired = new TreeSet<>(rules);
        neverFired.removeAll(rulesFired);
        assertThat(conclusions).isGreaterThan(protocols.size() * (long) SAMPLES_PER_PROTOCOL);
        assertThat(rulesFired.size()).as("rules fired at least once; never: %s", neverFired)
                .isGreaterThanOrEqualTo(rules.size() * 9 / 10);
    }

    /** What the rules concluded from the facts: every resolution and modifier hit. */
    private static Set<Object> conclusions(KieSession session, List<Object> facts, Consumer<String> fired) {
        try {
            session.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    fired.accept(event.getMatch().getRule().getName());
                }
            });
            facts.forEach(session::insert);
            session.fireAllRules();
            return new HashSet<>(session.getObjects(o -> o instanceof Resolution || o instanceof ModifierHit || o instanceof ConditionFact));
        } finally {
            session.dispose();
        }
    }

    /** Each value a rule reads, with the values either side of what its tests compare it with. */
    private static Map<String, List<ValueFact>> candidates(List<RuleSpec> specs) {
        Map<String, List<ValueFact>> byKey = new LinkedHashMap<>();
        specs.forEach(spec -> RuleSpec.values(spec.when()).forEach(v -> candidates(v, byKey)));
        return byKey;
    }

    private static void candidates(RuleSpec.Value v, Map<String, List<ValueFact>> byKey) {
        List<ValueFact> values = byKey.computeIfAbsent(v.scope() + "/" + v.name(), k -> new ArrayList<>());
        if (values.isEmpty()) {
            values.add(ValueFact.unknown(v.scope(), v.name()));
        }
        if (v.test() instanceof RuleSpec.Bool) {
            values.add(ValueFact.bool(v.scope(), v.name(), true));
            values.add(ValueFact.bool(v.scope(), v.name(), false));
        } else if (v.test() instanceof RuleSpec.Amount amount) {
            for (String delta : List.of("-0.5", "-0.01", "0", "0.01", "0.5")) {
                values.add(ValueFact.amount(v.scope(), v.name(), amount.number().add(new BigDecimal(delta))));
            }
        } else if (v.test() instanceof RuleSpec.Code code) {
            code.codes().forEach(c -> values.add(ValueFact.code(v.scope(), v.name(), c)));
            values.add(ValueFact.code(v.scope(), v.name(), "none-of-these"));
        }
    }

    private static List<Object> sample(Protocol protocol, Map<String, List<ValueFact>> candidates, Random random) {
        List<Object> facts = new ArrayList<>();
        facts.add(new ScopeInUse(RuleSpec.scope(protocol)));
        candidates.forEach((key, values) -> {
            boolean patient = key.startsWith(ValueFact.PATIENT + "/");
            // Answers may be missing (not asked yet); patient values are always there, if only as unknown.
            if (patient || random.nextInt(4) != 0) {
                facts.add(values.get(random.nextInt(values.size())));
            }
        });
        if (random.nextBoolean()) {
            List<org.opentriage.protocol.Disposition> levels = library.scale().levels();
            int acuity = levels.get(random.nextInt(levels.size())).acuity();
            facts.add(new ProtocolResultFact(RuleSpec.scope(protocol), protocol.id(), acuity));
        }
        return facts;
    }

    private static String describe(List<Object> facts) {
        return facts.stream().map(f -> f instanceof ValueFact v
                ? v.getScope() + "/" + v.getName() + "=" + (v.isKnown() ? v.getBool() + "|" + v.getAmount() + "|" + v.getCode() : "?")
                : f.toString()).collect(Collectors.joining(", "));
    }
}

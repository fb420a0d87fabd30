package org.opentriage.internal.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;

/** A {@link RuleSession} on a Drools session. */
final class DroolsRuleSession implements RuleSession {
    private final KieSession session;
    private final List<String> fired = new ArrayList<>();
    /**
     * The resolutions in the session now, by scope and question, kept as the rules insert and retract them: a call reads
     * them at every step, and reading them from the session's store each time cost a tenth of a walk.
     */
    private final Map<String, Map<String, Set<Resolution.Kind>>> resolutions = new HashMap<>();
    /** How many facts in the session are each resolution: equal facts are counted, so that one retracted leaves the rest. */
    private final Map<Resolution, Integer> resolutionCounts = new HashMap<>();

    DroolsRuleSession(KieSession session) {
        this.session = session;
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                fired.add(event.getMatch().getRule().getName());
            }
        });
        session.addEventListener(new RuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (event.getObject() instanceof Resolution r && resolutionCounts.merge(r, 1, Integer::sum) == 1) {
                    resolutions.computeIfAbsent(r.getScope(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(r.getQuestion(), k -> EnumSet.noneOf(Resolution.Kind.class)).add(r.getKind());
                }
            }

            @Override
            public void objectUpdated(ObjectUpdatedEvent event) {
                if (event.getOldObject() instanceof Resolution || event.getObject() instanceof Resolution) {
                    // Resolutions are immutable and never updated by a rule; should one be, fail rather than misread it.
                    throw new IllegalStateException("a resolution was updated in the session: " + event.getObject());
                }
            }

            @Override
            public void objectDeleted(ObjectDeletedEvent event) {
                if (event.getOldObject() instanceof Resolution r) {
                    Integer left = resolutionCounts.merge(r, -1, Integer::sum);
                    if (left != null && left <= 0) {
                        resolutionCounts.remove(r);
                        Map<String, Set<Resolution.Kind>> byQuestion = resolutions.getOrDefault(r.getScope(), Map.of());
                        Set<Resolution.Kind> kinds = byQuestion.getOrDefault(r.getQuestion(), Set.of());
                        if (kinds.remove(r.getKind()) && kinds.isEmpty()) {
                            byQuestion.remove(r.getQuestion());
                        }
                    }
                }
            }
        });
    }

    @Override
    public void insert(Object fact) {
        session.insert(fact);
    }

    @Override
    public void delete(Object fact) {
        session.delete(session.getFactHandle(fact));
    }

    @Override
    public List<String> fire() {
        session.fireAllRules();
        List<String> names = List.copyOf(fired);
        fired.clear();
        return names;
    }

    @Override
    public Map<String, Set<Resolution.Kind>> resolutions(String scope) {
        Map<String, Set<Resolution.Kind>> byQuestion = resolutions.get(scope);
        return byQuestion == null ? Map.of() : Collections.unmodifiableMap(byQuestion);
    }

    @Override
    public List<String> modifierHits(String scope) {
        List<String> hits = new ArrayList<>();
        for (Object o : session.getObjects(new org.kie.api.runtime.ClassObjectFilter(ModifierHit.class))) {
            ModifierHit h = (ModifierHit) o;
            if (h.getScope().equals(scope)) {
                hits.add(h.getModifier());
            }
        }
        return hits;
    }

    @Override
    public void dispose() {
        session.dispose();
    }
}

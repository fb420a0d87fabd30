package org.opentriage.internal.engine;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/** A {@link RuleSession} on a Drools session. */
final class DroolsRuleSession implements RuleSession {
    private final KieSession session;
    private final List<String> fired = new ArrayList<>();

    DroolsRuleSession(KieSession session) {
        this.session = session;
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                fired.add(event.getMatch().getRule().getName());
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
        Map<String, Set<Resolution.Kind>> byQuestion = new LinkedHashMap<>();
        // By class: the session's store then visits only the resolutions, not every fact it holds.
        for (Object o : session.getObjects(new org.kie.api.runtime.ClassObjectFilter(Resolution.class))) {
            Resolution r = (Resolution) o;
            if (r.getScope().equals(scope)) {
                byQuestion.computeIfAbsent(r.getQuestion(), k -> EnumSet.noneOf(Resolution.Kind.class)).add(r.getKind());
            }
        }
        return byQuestion;
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

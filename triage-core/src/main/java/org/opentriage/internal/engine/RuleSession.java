package org.opentriage.internal.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One protocol's rules at work in one call: the facts the call gives them and the conclusions they draw
 * ({@link Resolution}s of its questions, {@link ModifierHit}s). Keeps the rule engine's types out of the
 * call. Not thread-safe: the call drives it.
 */
public interface RuleSession {
    void insert(Object fact);

    void delete(Object fact);

    /** Fires the rules until none is left to fire; returns the names of those that fired, in order. */
    List<String> fire();

    /**
     * The conclusions about the questions of {@code scope}, by question id: a read-only view, to be read before the
     * session's next insert, delete or fire (the sets in it change with them).
     */
    Map<String, Set<Resolution.Kind>> resolutions(String scope);

    /** The ids of the risk modifiers whose rules hold for {@code scope}. */
    List<String> modifierHits(String scope);

    /** Frees the session; it is not used again. */
    void dispose();
}

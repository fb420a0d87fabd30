package org.opentriage.triage;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The states of a call, with the explicit table of legal transitions. A call starts in {@link #NEW} and
 * ends in {@link #CLOSED}, {@link #ABANDONED} or {@link #ERROR}.
 *
 * @since 0.1.0
 */
public enum CallState {
    /** Created, not yet started. */
    NEW,
    /** A question is waiting for an answer. */
    ASKING,
    /**
     * Every protocol has a disposition: the call may be overridden, extended with a protocol, have its
     * last answer withdrawn (back to {@link #ASKING}), or be closed.
     */
    RECOMMENDED,
    /** Finished normally. */
    CLOSED,
    /** Ended before an outcome or without closing. */
    ABANDONED,
    /** Failed closed: an internal error; the advice is to escalate to the on-call clinician. */
    ERROR;

    private static final Map<CallState, Set<CallState>> TRANSITIONS = Map.of(
            NEW, EnumSet.of(ASKING, RECOMMENDED, ERROR),
            ASKING, EnumSet.of(ASKING, RECOMMENDED, ABANDONED, ERROR),
            RECOMMENDED, EnumSet.of(RECOMMENDED, ASKING, CLOSED, ABANDONED, ERROR),
            CLOSED, EnumSet.noneOf(CallState.class),
            ABANDONED, EnumSet.noneOf(CallState.class),
            ERROR, EnumSet.noneOf(CallState.class));

    /**
     * {@return whether the table allows moving from this state to {@code next}}
     *
     * @param next another state
     */
    public boolean canMoveTo(CallState next) {
        return transitions().contains(next);
    }

    /** {@return whether the call has ended in this state} */
    public boolean isFinal() {
        return transitions().isEmpty();
    }

    /** The states this one may move to; none for a state missing from the table (fail closed). */
    private Set<CallState> transitions() {
        return TRANSITIONS.getOrDefault(this, Set.of());
    }
}

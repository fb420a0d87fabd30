package org.opentriage.triage;

import org.jspecify.annotations.Nullable;

/**
 * An operation the call's state does not allow; names the call, the state and the operation.
 *
 * @since 0.1.0
 */
public final class IllegalCallStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The call's id. */
    private final String callId;
    /** The state the call was in. */
    private final CallState from;
    /** The state it was asked to move to, or null when the operation is not a move. */
    private final @Nullable CallState to;

    IllegalCallStateException(String callId, CallState from, @Nullable CallState to, String operation) {
        super("call " + callId + ": cannot " + operation + " in state " + from
                + (to == null ? "" : " (no transition " + from + " -> " + to + ")"));
        this.callId = callId;
        this.from = from;
        this.to = to;
    }

    /** {@return the call's id} */
    public String callId() {
        return callId;
    }

    /** {@return the state the call was in} */
    public CallState from() {
        return from;
    }

    /** {@return the state the operation would have moved to, when there is one} */
    public java.util.Optional<CallState> to() {
        return java.util.Optional.ofNullable(to);
    }
}

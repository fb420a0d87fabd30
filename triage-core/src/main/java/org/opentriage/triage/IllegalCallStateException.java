package org.opentriage.triage;

import org.jspecify.annotations.Nullable;

/** An operation the call's state does not allow; names the call, the state and the operation. */
public final class IllegalCallStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String callId;
    private final CallState from;
    private final @Nullable CallState to;

    IllegalCallStateException(String callId, CallState from, @Nullable CallState to, String operation) {
        super("call " + callId + ": cannot " + operation + " in state " + from
                + (to == null ? "" : " (no transition " + from + " -> " + to + ")"));
        this.callId = callId;
        this.from = from;
        this.to = to;
    }

    public String callId() {
        return callId;
    }

    public CallState from() {
        return from;
    }

    /** The state the operation would have moved to, when there is one. */
    public java.util.Optional<CallState> to() {
        return java.util.Optional.ofNullable(to);
    }
}

package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where the delivery of one of a call's escalations stands ({@link Call#escalations()}): for the nurse's screen, so
 * that a failed page is phoned through by hand.
 *
 * @param attempts how many attempts were made so far
 * @param error    the last failed attempt's error (its class and message), for a delivery that failed
 * @param recorded whether the delivery's outcome is in the call's audit trail (false while pending, and when the
 *                 trail could not be written)
 * @param escalation the escalation being delivered
 * @param state pending, sent or failed
 * @since 0.1.0
 */
public record EscalationStatus(Escalation escalation, State state, int attempts, Optional<String> error, boolean recorded) {
    /**
     * The stage of a delivery.
     *
     * @since 0.1.0
     */
    public enum State {
        /** Being delivered (an attempt running, or a back-off before the next). */
        PENDING,
        /** The listener took it. */
        SENT,
        /** Every attempt failed, or the engine was closed first: phone the on-call clinician. */
        FAILED
    }

    /** Checks the components. */
    public EscalationStatus {
        requireNonNull(escalation, "escalation");
        requireNonNull(state, "state");
        requireNonNull(error, "error");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
    }

    /** {@return the delivery has its outcome, sent or failed} */
    public boolean done() {
        return state != State.PENDING;
    }
}

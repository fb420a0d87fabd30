package org.opentriage.triage;

/**
 * The host's hook to the on-call clinician: a pager, a message queue, a ticket. The engine calls it when a call's
 * disposition reaches the level of its {@link EscalationPolicy} (default: {@code call-provider-now} and above), again
 * each time the call rises above a level already escalated, and when a call fails closed.
 *
 * <p>The engine calls it on a delivery thread of its own, never the call's: a listener that is slow, hangs or throws
 * neither delays, blocks nor changes the call. Returning normally means the escalation was delivered; throwing (or
 * running past the policy's {@linkplain EscalationPolicy#attemptTimeout() attempt timeout}, when its thread is
 * interrupted) means that attempt failed, and the engine tries again after a back-off, up to the policy's attempts.
 * The delivery's outcome is written to the call's audit trail ({@code EscalationDelivery}) and shown in
 * {@link Call#escalations()}, so that the nurse learns of a failure and phones the clinician by hand.
 *
 * <p>A listener may be called for several calls at once, and again for the same escalation after a failed attempt
 * (even one that timed out while it went on): it must be thread-safe, and the receiving end should tolerate a duplicate.
 * An exception's message goes into the audit trail: it must hold no patient data.
 * {@snippet class=org.opentriage.snippets.ApiSnippetsTest region=escalation}
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EscalationListener {
    /**
     * Delivers one escalation to the on-call clinician.
     *
     * @param escalation what the on-call clinician needs to know
     * @throws Exception when it was not delivered: the attempt failed
     */
    void escalate(Escalation escalation) throws Exception;
}

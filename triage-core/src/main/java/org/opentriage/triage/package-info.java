/**
 * Running triage calls: {@link org.opentriage.triage.TriageEngine} (build once, share; thread-safe),
 * {@link org.opentriage.triage.Call} (one per call; a state machine), and the hash-chained audit trail
 * ({@link org.opentriage.triage.AuditSink}, {@link org.opentriage.triage.AuditTrail},
 * {@link org.opentriage.triage.Replay}), and escalation to the on-call clinician
 * ({@link org.opentriage.triage.EscalationListener}, {@link org.opentriage.triage.EscalationPolicy}).
 */
@NullMarked
package org.opentriage.triage;

import org.jspecify.annotations.NullMarked;

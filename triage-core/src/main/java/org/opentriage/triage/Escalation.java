package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.opentriage.protocol.Disposition;

/**
 * What the on-call clinician needs to know about a call that reached the escalation level of the engine's
 * {@link EscalationPolicy}, or that failed closed: handed to the host's {@link EscalationListener}. Holds the call's
 * pseudonymous references only, never a name, a date of birth or a phone number: the host, which knows how to reach
 * the caller, fills {@link #callbackNumber()} with {@link #withCallbackNumber} before paging; the library never
 * stores it, and {@link #toString()} prints none of the call's content.
 *
 * @param callId           the call's id, as in its audit trail
 * @param patientReference the host's pseudonymous patient reference, as the call started with it
 * @param nurse            the id of the nurse on the call
 * @param reason           why the call escalates
 * @param disposition      the level reached (its id, label, time frame and acuity): the call's disposition at that
 *                         moment, or, for a call that failed closed, the disposition it failed closed to
 * @param protocols        each protocol's result known at that moment, with its trigger question and the answers it
 *                         read ({@link ProtocolResult}): the basis the clinician reviews
 * @param modifiers        the risk modifiers that raised a protocol's disposition
 * @param overrides        the nurse's overrides in force (an override up can be what reached the level)
 * @param error            for a call that failed closed, what failed (the engine's words, no patient data)
 * @param openQuestions    for a call that failed closed, the questions not yet ruled out, most urgent first
 * @param pins             the protocol versions the call runs, with their content hashes
 * @param time             when the escalation was raised (to the millisecond)
 * @param callbackNumber   empty from the library; the host's to fill ({@link #withCallbackNumber})
 * @since 0.1.0
 */
public record Escalation(String callId, String patientReference, String nurse, Reason reason, Disposition disposition,
                         List<ProtocolResult> protocols, List<AppliedModifier> modifiers, List<NurseOverride> overrides,
                         Optional<String> error, List<OpenQuestion> openQuestions, List<AuditEvent.Pin> pins, Instant time,
                         Optional<String> callbackNumber) {

    /**
     * Why a call escalates.
     *
     * @since 0.1.0
     */
    public enum Reason {
        /** The call's disposition reached the policy's threshold, or rose above a level already escalated. */
        REACHED_LEVEL,
        /** The engine failed the call closed (whatever the level): the nurse has questions to finish by hand. */
        FAILED_CLOSED;

        /** {@return the reason as audit trails and the command line's JSON write it ({@code reached-level})} */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        static Reason byWord(String word) {
            for (Reason r : values()) {
                if (r.word().equals(word)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown escalation reason '" + word + "'");
        }
    }

    /** Checks the components; lists are copied. */
    public Escalation {
        requireNonNull(callId, "callId");
        requireNonNull(patientReference, "patientReference");
        requireNonNull(nurse, "nurse");
        requireNonNull(reason, "reason");
        requireNonNull(disposition, "disposition");
        protocols = List.copyOf(protocols);
        modifiers = List.copyOf(modifiers);
        overrides = List.copyOf(overrides);
        requireNonNull(error, "error");
        openQuestions = List.copyOf(openQuestions);
        pins = List.copyOf(pins);
        time = requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
        requireNonNull(callbackNumber, "callbackNumber");
        if (reason == Reason.FAILED_CLOSED && error.isEmpty()) {
            throw new IllegalArgumentException("an escalation of a call that failed closed says what failed");
        }
    }

    /**
     * {@return this escalation with the number the clinician calls back on: the host's, never kept by the library}
     *
     * @param number the telephone number, as the host writes it
     */
    public Escalation withCallbackNumber(String number) {
        requireNonNull(number, "number");
        return new Escalation(callId, patientReference, nurse, reason, disposition, protocols, modifiers, overrides, error,
                openQuestions, pins, time, Optional.of(number));
    }

    /** Names the escalation, never its content (which holds clinical answers and perhaps a phone number). */
    @Override
    public String toString() {
        return "Escalation[" + callId + ", " + reason.word() + ", " + disposition.id() + "]";
    }
}

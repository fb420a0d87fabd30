package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.LocalizedText;

/**
 * What one protocol of a call concluded, before modifiers, and why.
 *
 * @param trigger   the question that decided it; empty for the default disposition
 * @param rationale the trigger's rationale, when it has one
 * @param evidence  the answers the trigger's conditions read, as given (a "don't know" included), in the
 *                  protocol's order: what was actually answered, so a basis never quotes a measurement that was
 *                  not made; empty for a yes/no trigger, which is its own evidence
 * @param protocol the protocol's id
 * @param disposition the disposition it reached
 * @param basis why
 * @param triggerText the trigger question's text
 * @since 0.1.0
 */
public record ProtocolResult(String protocol, Disposition disposition, Basis basis, Optional<String> trigger,
                             Optional<LocalizedText> triggerText, Optional<LocalizedText> rationale,
                             List<RecordedAnswer> evidence) {

    /**
     * Why a protocol reached its disposition.
     *
     * @since 0.1.0
     */
    public enum Basis {
        /** The first positive answer. */
        POSITIVE_ANSWER,
        /** "Don't know", which counts as positive. */
        UNKNOWN_ANSWER,
        /** "Don't know", escalated to a disposition at least as urgent as the question's group. */
        UNKNOWN_ESCALATED,
        /** No question was positive. */
        DEFAULT,
        /**
         * Not walked: another protocol of the call reached the most urgent disposition there is, which no answer
         * here could raise; its questions would only delay the ambulance. The disposition is this protocol's default.
         */
        SUPERSEDED
    }

    /** Checks the components; the list is copied. */
    public ProtocolResult {
        requireNonNull(protocol, "protocol");
        requireNonNull(disposition, "disposition");
        requireNonNull(basis, "basis");
        requireNonNull(trigger, "trigger");
        requireNonNull(triggerText, "triggerText");
        requireNonNull(rationale, "rationale");
        evidence = List.copyOf(evidence);
    }

    /**
     * A result without evidence: the default disposition, or a trigger that reads no other answer.
     *
     * @param protocol the protocol's id
     * @param disposition the disposition it reached
     * @param basis why
     * @param trigger the question that decided it
     * @param triggerText the trigger question's text
     * @param rationale the trigger's rationale
     */
    public ProtocolResult(String protocol, Disposition disposition, Basis basis, Optional<String> trigger,
                          Optional<LocalizedText> triggerText, Optional<LocalizedText> rationale) {
        this(protocol, disposition, basis, trigger, triggerText, rationale, List.of());
    }
}

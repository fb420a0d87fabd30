package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A cross-protocol risk modifier from the shared modifiers file: when {@code when} holds for the patient
 * and a protocol's disposition is no more urgent than {@code atMost}, the disposition is raised to
 * {@code raiseTo}. A modifier can only raise: the loader requires {@code raiseTo} to be more urgent than
 * {@code atMost}.
 *
 * @param appliesTo protocol ids it applies to; empty means every protocol
 * @param id the modifier's id
 * @param title what it is about
 * @param when the condition on the patient under which it applies
 * @param atMost the most urgent disposition it raises from; empty for any
 * @param raiseTo the disposition it raises to
 * @param reason why, for the nurse
 * @since 0.1.0
 */
public record RiskModifier(String id, LocalizedText title, Condition when, List<String> appliesTo,
                           Optional<Disposition> atMost, Disposition raiseTo, LocalizedText reason) {
    /** Checks the components; the list is copied. */
    public RiskModifier {
        requireNonNull(id, "id");
        requireNonNull(title, "title");
        requireNonNull(when, "when");
        appliesTo = List.copyOf(appliesTo);
        requireNonNull(atMost, "atMost");
        requireNonNull(raiseTo, "raiseTo");
        requireNonNull(reason, "reason");
        if (atMost.isPresent() && !raiseTo.isMoreUrgentThan(atMost.get())) {
            throw new IllegalArgumentException("modifier '" + id + "' must raise: " + raiseTo.id()
                    + " is not more urgent than " + atMost.get().id());
        }
    }

    /**
     * {@return whether the modifier applies to a protocol}
     *
     * @param protocolId the protocol's id
     */
    public boolean appliesTo(String protocolId) {
        return appliesTo.isEmpty() || appliesTo.contains(protocolId);
    }
}

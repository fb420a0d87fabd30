package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import org.opentriage.protocol.Disposition;

/**
 * A nurse's change of the call's disposition.
 *
 * @param approver who agreed to a downgrade (a provider), when the policy asks for one
 * @param from the disposition overridden
 * @param to the disposition chosen
 * @param reasonCode why, as a code
 * @param note the nurse's free text
 * @param nurse the nurse's pseudonymous id
 * @since 0.1.0
 */
public record NurseOverride(Disposition from, Disposition to, String reasonCode, String note, String nurse,
                       Optional<String> approver) {
    /** Checks the components. */
    public NurseOverride {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(reasonCode, "reasonCode");
        requireNonNull(note, "note");
        requireNonNull(nurse, "nurse");
        requireNonNull(approver, "approver");
        if (from.equals(to)) {
            throw new IllegalArgumentException("an override must change the disposition; it is already " + to.id());
        }
    }

    /** {@return whether the override lowers the disposition} */
    public boolean isDowngrade() {
        return from.isMoreUrgentThan(to);
    }
}

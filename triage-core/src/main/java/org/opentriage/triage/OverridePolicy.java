package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Rules for nurse overrides: the reason codes accepted and whether a downgrade needs an approver. By
 * default an upgrade needs only the nurse's judgment and a downgrade needs a provider's agreement.
 *
 * @param reasonCodes the reason codes an override may give
 * @param downgradeNeedsApprover whether a downgrade needs a provider's agreement
 * @since 0.1.0
 */
public record OverridePolicy(Set<String> reasonCodes, boolean downgradeNeedsApprover) {
    public static final OverridePolicy DEFAULT = new OverridePolicy(
            Set.of("nurse-judgment", "provider-advice", "patient-preference", "access-to-care", "other"), true);

    /** Checks the components; the set is copied. */
    public OverridePolicy {
        reasonCodes = Set.copyOf(requireNonNull(reasonCodes, "reasonCodes"));
        if (reasonCodes.isEmpty()) {
            throw new IllegalArgumentException("an override policy needs at least one reason code");
        }
    }
}

package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

/**
 * One level of the disposition scale. A larger {@link #acuity()} is more urgent.
 *
 * @param referral true for non-clinical routing (poison center, dentist)
 * @since 0.1.0
 */
public record Disposition(String id, int acuity, Category category, boolean referral, LocalizedText label,
                          LocalizedText timeFrame) implements Comparable<Disposition> {

    /**
     * The three-level category of a disposition.
     *
     * @since 0.1.0
     */
    public enum Category {
        EMERGENT, NON_EMERGENT, SELF_CARE;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public Disposition {
        requireNonNull(id, "id");
        requireNonNull(category, "category");
        requireNonNull(label, "label");
        requireNonNull(timeFrame, "timeFrame");
    }

    /** Orders by acuity, least urgent first. */
    @Override
    public int compareTo(Disposition other) {
        return Integer.compare(acuity, other.acuity);
    }

    public boolean isMoreUrgentThan(Disposition other) {
        return acuity > other.acuity;
    }
}

package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

/**
 * One level of the disposition scale. A larger {@link #acuity()} is more urgent.
 *
 * @param referral true for non-clinical routing (poison center, dentist)
 * @param id the disposition's id, such as {@code ed-now}
 * @param acuity its urgency: higher is more urgent
 * @param category emergent, non-emergent or self-care
 * @param label what the nurse tells the caller, such as "Go to the emergency department now"
 * @param timeFrame within what time, in words
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
        /** The broad kind of a disposition. */
        /** An emergency: call 911 or go to the emergency department. */
        EMERGENT,
        /** A clinician, now or within a time. */
        NON_EMERGENT,
        /** Care at home. */
        SELF_CARE;

        /** {@return the category as the scale file writes it} */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Checks the components. */
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

    /**
     * {@return whether this disposition is more urgent than {@code other} (a higher acuity)}
     *
     * @param other another disposition of the scale
     */
    public boolean isMoreUrgentThan(Disposition other) {
        return acuity > other.acuity;
    }
}

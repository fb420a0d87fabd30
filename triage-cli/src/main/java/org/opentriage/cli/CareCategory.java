package org.opentriage.cli;

import java.util.Locale;
import java.util.Optional;

import org.opentriage.protocol.Disposition;

/**
 * The three categories of care the acceptance suite compares, most urgent first: a story's gold, and the category
 * of a call's final disposition on the scale ({@code protocols/library/dispositions.yaml}).
 */
enum CareCategory {
    /** Call 911 or go to the emergency department now; also the poison center now, which the scale puts here. */
    EMERGENT,
    /** A clinician: the on-call provider within the hour, seen within 4 or 24 hours, 3 days or 2 weeks; a dentist. */
    CLINICIAN,
    /** Home care with advice and reasons to call back. */
    SELF_CARE;

    /** As the story format writes it: {@code emergent}, {@code clinician}, {@code self-care}. */
    String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The category of a word of the story format. */
    static Optional<CareCategory> of(String word) {
        for (CareCategory category : values()) {
            if (category.word().equals(word)) {
                return Optional.of(category);
            }
        }
        return Optional.empty();
    }

    /** The category of a disposition: the scale's {@code non-emergent} is {@link #CLINICIAN}. */
    static CareCategory of(Disposition disposition) {
        return switch (disposition.category()) {
            case EMERGENT -> EMERGENT;
            case NON_EMERGENT -> CLINICIAN;
            case SELF_CARE -> SELF_CARE;
        };
    }

    /** Whether this category is less urgent than {@code other} (under-triage, when this is a result and that the gold). */
    boolean isLessUrgentThan(CareCategory other) {
        return ordinal() > other.ordinal();
    }
}

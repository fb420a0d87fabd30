package org.opentriage.cli;

import java.util.Locale;
import java.util.Optional;

import org.opentriage.protocol.Sex;

/**
 * The patient's sex as the nurse gives it ({@code --sex}, a call script's {@code patient.sex}, the question at the
 * start of a call): female, male, or not known, said so rather than left out. Not known is never read as either sex.
 */
enum GivenSex {
    FEMALE, MALE, UNKNOWN;

    /** The sex, empty when not known. */
    Optional<Sex> sex() {
        return switch (this) {
            case FEMALE -> Optional.of(Sex.FEMALE);
            case MALE -> Optional.of(Sex.MALE);
            case UNKNOWN -> Optional.empty();
        };
    }

    /** The word in call scripts and on the command line: {@code female}, {@code male}, {@code unknown}. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** As a nurse types it: {@code f}, {@code female}, {@code m}, {@code male}, {@code ?}, {@code unknown}, {@code not known}. */
    static Optional<GivenSex> typed(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "f", "female" -> Optional.of(FEMALE);
            case "m", "male" -> Optional.of(MALE);
            case "?", "unknown", "not known", "dk", "don't know", "dont know" -> Optional.of(UNKNOWN);
            default -> Optional.empty();
        };
    }
}

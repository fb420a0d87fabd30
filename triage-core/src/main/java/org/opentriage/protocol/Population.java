package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Who a protocol is for: an age range ({@code from} inclusive, {@code below} exclusive, either open) and
 * the sexes it applies to.
 *
 * @param ageFrom the least age, included; empty for no least
 * @param ageBelow the age the population ends below; empty for no limit
 * @param sex which sexes
 * @since 0.1.0
 */
public record Population(Optional<Quantity> ageFrom, Optional<Quantity> ageBelow, SexFilter sex) {

    /**
     * The sexes a protocol applies to.
     *
     * @since 0.1.0
     */
    public enum SexFilter {
        /** Which sexes a population admits. */
        /** Every patient. */
        ANY,
        /** Female patients only. */
        FEMALE,
        /** Male patients only. */
        MALE;

        /**
         * {@return whether a patient of this sex is admitted}
         *
         * @param patientSex the patient's sex
         */
        public boolean admits(Sex patientSex) {
            return this == ANY || name().equals(patientSex.name());
        }
    }

    /** Checks the components. */
    public Population {
        requireNonNull(ageFrom, "ageFrom");
        requireNonNull(ageBelow, "ageBelow");
        requireNonNull(sex, "sex");
        ageFrom.ifPresent(Population::requireTime);
        ageBelow.ifPresent(Population::requireTime);
    }

    private static void requireTime(Quantity age) {
        if (age.dimension() != Dimension.TIME) {
            throw new IllegalArgumentException("an age must be a time, not " + age);
        }
    }

    /**
     * {@return whether a patient of this age is in the range}
     *
     * @param age the patient's age
     */
    public boolean admitsAge(Quantity age) {
        requireTime(age);
        return ageFrom.map(from -> age.compareTo(from) >= 0).orElse(true)
                && ageBelow.map(below -> age.compareTo(below) < 0).orElse(true);
    }

    /**
     * {@return whether a patient of this age and sex (when known) is in the population}
     *
     * @param age the patient's age
     * @param patientSex the patient's sex, when known
     */
    public boolean admits(Quantity age, Optional<Sex> patientSex) {
        requireNonNull(patientSex, "patientSex");
        return admitsAge(age) && patientSex.map(sex::admits).orElse(true);
    }

    /**
     * Whether some patient is in both populations: the age ranges meet and the sexes agree. Two protocols of one
     * topic must not share a patient, so that the topic names one protocol for each.
     *
     * @param other another population
     * @return whether they overlap
     */
    public boolean overlaps(Population other) {
        requireNonNull(other, "other");
        boolean agesMeet = ageFrom.map(from -> other.ageBelow.map(below -> from.compareTo(below) < 0).orElse(true)).orElse(true)
                && other.ageFrom.map(from -> ageBelow.map(below -> from.compareTo(below) < 0).orElse(true)).orElse(true);
        return agesMeet && (sex == SexFilter.ANY || other.sex == SexFilter.ANY || sex == other.sex);
    }

    /** {@return the population in words, such as {@code 18 y and over} or {@code under 18 y, female}} */
    public String describe() {
        String ages;
        if (ageFrom.isPresent() && ageBelow.isPresent()) {
            ages = ageFrom.get() + " to under " + ageBelow.get();
        } else if (ageFrom.isPresent()) {
            ages = ageFrom.get() + " and over";
        } else if (ageBelow.isPresent()) {
            ages = "under " + ageBelow.get();
        } else {
            ages = "all ages";
        }
        return sex == SexFilter.ANY ? ages : ages + ", " + sex.name().toLowerCase(java.util.Locale.ROOT);
    }
}

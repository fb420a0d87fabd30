package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.opentriage.protocol.Dimension;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/**
 * The patient of a call, as the triage needs it and no more: a pseudonymous reference from the host
 * (never a name or date of birth), age, sex, pregnancy and known facts such as a measured temperature.
 * {@link #toString()} prints none of it.
 *
 * @param reference pseudonymous patient reference supplied by the host
 * @param age       age as a time quantity ({@code 54 y}, {@code 6 wk})
 * @param facts     known facts; yes/no facts as {@link Answer.YesNo}, numeric ones as {@link Answer.Number}
 */
public record Patient(String reference, Quantity age, Optional<Sex> sex, Optional<Boolean> pregnant,
                      Map<PatientFact, Answer> facts) {

    public Patient {
        requireNonNull(reference, "reference");
        requireNonNull(age, "age");
        requireNonNull(sex, "sex");
        requireNonNull(pregnant, "pregnant");
        if (age.dimension() != Dimension.TIME || age.value().signum() < 0) {
            throw new IllegalArgumentException("age must be a non-negative time such as '54 y', not '" + age + "'");
        }
        if (sex.equals(Optional.of(Sex.MALE)) && pregnant.equals(Optional.of(true))) {
            throw new IllegalArgumentException("a patient recorded as male cannot be recorded as pregnant");
        }
        EnumMap<PatientFact, Answer> copy = new EnumMap<>(PatientFact.class);
        copy.putAll(facts);
        copy.forEach(Patient::checkFact);
        facts = Map.copyOf(copy);
    }

    private static void checkFact(PatientFact fact, Answer value) {
        boolean fits = fact.dimension()
                .map(d -> value instanceof Answer.Number n && n.value().dimension() == d)
                .orElse(value instanceof Answer.YesNo);
        if (!fits) {
            throw new IllegalArgumentException("fact '" + fact.key() + "' cannot be '" + value.text() + "': it is "
                    + fact.dimension().map(d -> "a " + d.word()).orElse("yes or no"));
        }
        fact.plausible().filter(range -> !range.contains(((Answer.Number) value).value())).ifPresent(range -> {
            throw new IllegalArgumentException("fact '" + fact.key() + "' cannot be " + value.text() + ": outside "
                    + range.min() + " to " + range.max());
        });
    }

    /** A patient with only an age. */
    public static Patient of(String reference, Quantity age) {
        return new Patient(reference, age, Optional.empty(), Optional.empty(), Map.of());
    }

    public Patient withSex(Sex value) {
        return new Patient(reference, age, Optional.of(value), pregnant, facts);
    }

    public Patient withPregnant(boolean value) {
        return new Patient(reference, age, sex, Optional.of(value), facts);
    }

    public Patient withFact(PatientFact fact, Answer value) {
        Map<PatientFact, Answer> more = new EnumMap<>(PatientFact.class);
        more.putAll(facts);
        more.put(fact, value);
        return new Patient(reference, age, sex, pregnant, more);
    }

    /** Prints no patient data. */
    @Override
    public String toString() {
        return "Patient[redacted]";
    }
}

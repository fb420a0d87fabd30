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
 * <p>Pregnancy is known from the record ({@code pregnant}, which a {@link PatientFact#PREGNANT} fact sets too: the
 * facts never hold it), from the weeks of a pregnancy, which only a pregnant patient has, and, as not pregnant,
 * from a sex recorded as male: {@link #isPregnant()}. A record that contradicts itself is refused.
 *
 * @param reference pseudonymous patient reference supplied by the host
 * @param age       age as a time quantity ({@code 54 y}, {@code 6 wk})
 * @param pregnant  the pregnancy status as recorded; empty when not known
 * @param facts     known facts; yes/no facts as {@link Answer.YesNo}, numeric ones as {@link Answer.Number}; a
 *                  {@link PatientFact#PREGNANT} fact is taken into {@code pregnant}
 * @param sex the patient's sex; empty when not known, never read as either
 * @since 0.1.0
 */
public record Patient(String reference, Quantity age, Optional<Sex> sex, Optional<Boolean> pregnant,
                      Map<PatientFact, Answer> facts) {

    /** Checks the components; the map is copied. */
    public Patient {
        requireNonNull(reference, "reference");
        requireNonNull(age, "age");
        requireNonNull(sex, "sex");
        requireNonNull(pregnant, "pregnant");
        if (age.dimension() != Dimension.TIME || age.value().signum() < 0) {
            throw new IllegalArgumentException("age must be a non-negative time such as '54 y', not '" + age + "'");
        }
        EnumMap<PatientFact, Answer> copy = new EnumMap<>(PatientFact.class);
        copy.putAll(facts);
        copy.forEach(Patient::checkFact);
        Answer.YesNo pregnantFact = (Answer.YesNo) copy.remove(PatientFact.PREGNANT);
        if (pregnantFact != null) {
            if (pregnant.isPresent() && pregnant.get() != pregnantFact.value()) {
                throw new IllegalArgumentException("the patient is recorded as " + (pregnant.get() ? "" : "not ")
                        + "pregnant, and the fact 'pregnant' says " + pregnantFact.text());
            }
            pregnant = Optional.of(pregnantFact.value());
        }
        if (sex.equals(Optional.of(Sex.MALE)) && pregnant.equals(Optional.of(true))) {
            throw new IllegalArgumentException("a patient recorded as male cannot be recorded as pregnant");
        }
        if (copy.containsKey(PatientFact.PREGNANCY_WEEKS) && (pregnant.equals(Optional.of(false)) || sex.equals(Optional.of(Sex.MALE)))) {
            throw new IllegalArgumentException("a patient recorded as " + (pregnant.equals(Optional.of(false)) ? "not pregnant" : "male")
                    + " cannot have weeks of pregnancy (fact '" + PatientFact.PREGNANCY_WEEKS.key() + "')");
        }
        facts = Map.copyOf(copy);
    }

    /**
     * Whether the patient is pregnant, as far as the call can tell: as recorded; yes when the weeks of a pregnancy are
     * known; no for a patient recorded as male; empty when not known.
     *
     * @return yes, no, or empty
     */
    public Optional<Boolean> isPregnant() {
        if (pregnant.isPresent()) {
            return pregnant;
        }
        if (facts.containsKey(PatientFact.PREGNANCY_WEEKS)) {
            return Optional.of(true);
        }
        return sex.filter(Sex.MALE::equals).map(male -> false);
    }

    /**
     * A fact about the patient: one of {@link #facts()}, or for {@link PatientFact#PREGNANT} the pregnancy as
     * {@link #isPregnant()} knows it; empty when not known.
     *
     * @param fact the fact
     * @return the fact's value, or empty
     */
    public Optional<Answer> fact(PatientFact fact) {
        requireNonNull(fact, "fact");
        if (fact == PatientFact.PREGNANT) {
            return isPregnant().map(Answer.YesNo::new);
        }
        return Optional.ofNullable(facts.get(fact));
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

    /**
     * {@return a patient with only an age}
     *
     * @param reference pseudonymous patient reference supplied by the host
     * @param age age as a time quantity
     */
    public static Patient of(String reference, Quantity age) {
        return new Patient(reference, age, Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * {@return this patient with a sex}
     *
     * @param value the patient's sex
     */
    public Patient withSex(Sex value) {
        return new Patient(reference, age, Optional.of(value), pregnant, facts);
    }

    /**
     * {@return this patient with a known pregnancy status}
     *
     * @param value whether the patient is pregnant
     */
    public Patient withPregnant(boolean value) {
        return new Patient(reference, age, sex, Optional.of(value), facts);
    }

    /**
     * {@return the patient with this fact in place of the one of that name; {@link PatientFact#PREGNANT} sets the pregnancy}
     *
     * @param fact the fact
     * @param value its value
     */
    public Patient withFact(PatientFact fact, Answer value) {
        if (fact == PatientFact.PREGNANT) {
            checkFact(fact, value);
            return withPregnant(((Answer.YesNo) value).value());
        }
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

package org.opentriage.cli;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Quantity;
import org.opentriage.triage.Answer;
import org.opentriage.triage.Patient;

/**
 * The patient of a call as the command line or a call script gives it: any field may be missing until the
 * two are merged, the command line winning field by field ({@link #overriddenBy}).
 */
record PatientFields(Optional<Quantity> age, Optional<GivenSex> sex, Optional<Boolean> pregnant,
                     Optional<String> reference, Map<PatientFact, Answer> facts) {

    /** A {@code pregnant} fact ({@code --fact pregnant=no}) is the pregnancy field, so that the command line's wins. */
    PatientFields {
        Map<PatientFact, Answer> copy = new EnumMap<>(PatientFact.class);
        copy.putAll(facts);
        if (copy.get(PatientFact.PREGNANT) instanceof Answer.YesNo given) {
            if (pregnant.isPresent() && pregnant.get() != given.value()) {
                throw new IllegalArgumentException("the patient is given as " + (pregnant.get() ? "" : "not ")
                        + "pregnant and with the fact pregnant=" + given.text() + "; give one of them");
            }
            pregnant = Optional.of(given.value());
            copy.remove(PatientFact.PREGNANT);
        }
        facts = Map.copyOf(copy);
    }

    /** These fields with each field {@code other} has in place of this one's; facts are merged one by one. */
    PatientFields overriddenBy(PatientFields other) {
        Map<PatientFact, Answer> merged = new EnumMap<>(PatientFact.class);
        merged.putAll(facts);
        merged.putAll(other.facts);
        return new PatientFields(other.age.or(() -> age), other.sex.or(() -> sex), other.pregnant.or(() -> pregnant),
                other.reference.or(() -> reference), merged);
    }

    /**
     * The patient.
     *
     * @throws IllegalArgumentException naming the problem: no age, a fact of the wrong kind, a male patient
     *                                  recorded as pregnant
     */
    Patient patient(String defaultReference) {
        Quantity patientAge = age.orElseThrow(() -> new IllegalArgumentException(
                "the patient's age is missing: give --age or 'age' under 'patient' in the call script"));
        return new Patient(reference.orElse(defaultReference), patientAge, sex.flatMap(GivenSex::sex), pregnant, facts);
    }

    /** These fields with the sex as given. */
    PatientFields withSex(GivenSex given) {
        return new PatientFields(age, Optional.of(given), pregnant, reference, facts);
    }

    /**
     * The first of these protocols whose questions or advice depend on the patient's sex ({@link Protocol#readsSex()}),
     * when the sex was not given at all (neither female, male nor not known): the nurse is then asked for it.
     */
    Optional<Protocol> sexNeededBy(List<Protocol> protocols) {
        return sex.isPresent() ? Optional.empty() : protocols.stream().filter(Protocol::readsSex).findFirst();
    }

    /** A fact as typed: {@code temperature} and {@code 38.2 °C}, {@code diabetes} and {@code yes}. */
    static Map.Entry<PatientFact, Answer> fact(String key, String value) {
        PatientFact fact = Facts.fact(key);
        return Map.entry(fact, Facts.value(fact, value));
    }
}

package org.opentriage.cli;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;
import org.opentriage.triage.Answer;
import org.opentriage.triage.Patient;

/**
 * The patient of a call as the command line or a call script gives it: any field may be missing until the
 * two are merged, the command line winning field by field ({@link #overriddenBy}).
 */
record PatientFields(Optional<Quantity> age, Optional<Sex> sex, Optional<Boolean> pregnant,
                     Optional<String> reference, Map<PatientFact, Answer> facts) {

    PatientFields {
        facts = Map.copyOf(facts);
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
        return new Patient(reference.orElse(defaultReference), patientAge, sex, pregnant, facts);
    }

    /** A fact as typed: {@code temperature} and {@code 38.2 °C}, {@code diabetes} and {@code yes}. */
    static Map.Entry<PatientFact, Answer> fact(String key, String value) {
        PatientFact fact = Facts.fact(key);
        return Map.entry(fact, Facts.value(fact, value));
    }
}

package org.opentriage.triage;

import java.util.ArrayList;
import java.util.List;

import org.opentriage.internal.engine.ValueFact;
import org.opentriage.protocol.PatientFact;

/** The facts a call gives its rules: the patient's values, and each answer. */
final class RuleFacts {
    private RuleFacts() {
    }

    /** The patient's values as the rules read them; a session gets those its rules read. */
    static List<ValueFact> patientFacts(Patient patient) {
        String patientScope = ValueFact.PATIENT;
        List<ValueFact> facts = new ArrayList<>();
        facts.add(ValueFact.amount(patientScope, "age", patient.age().canonicalValue()));
        facts.add(patient.sex().map(s -> ValueFact.code(patientScope, "sex", s.word()))
                .orElse(ValueFact.unknown(patientScope, "sex")));
        for (PatientFact fact : PatientFact.values()) {
            facts.add(patient.fact(fact).map(value -> valueFact(patientScope, fact.key(), value))
                    .orElse(ValueFact.unknown(patientScope, fact.key())));
        }
        return facts;
    }

    /**
     * The patient's values a fact sets, as {@link #patientFacts} has them: the fact's own, and the pregnancy where
     * the weeks of a pregnancy tell it.
     */
    static List<ValueFact> setBy(Patient patient, PatientFact fact) {
        List<String> names = namesSetBy(fact);
        return patientFacts(patient).stream().filter(value -> names.contains(value.getName())).toList();
    }

    /** The names of the patient's values a fact sets: its own, and {@code pregnant} for the weeks of a pregnancy. */
    static List<String> namesSetBy(PatientFact fact) {
        return fact == PatientFact.PREGNANCY_WEEKS ? List.of(fact.key(), PatientFact.PREGNANT.key()) : List.of(fact.key());
    }

    /** An answer as the fact its rules read: a boolean, an amount in the canonical unit, a code, or unknown. */
    static ValueFact valueFact(String scope, String name, Answer answer) {
        if (answer instanceof Answer.YesNo yesNo) {
            return ValueFact.bool(scope, name, yesNo.value());
        }
        if (answer instanceof Answer.Number number) {
            return ValueFact.amount(scope, name, number.value().canonicalValue());
        }
        if (answer instanceof Answer.Items items) {
            return ValueFact.bool(scope, name, !items.codes().isEmpty());
        }
        if (answer instanceof Answer.Choice choice) {
            return ValueFact.code(scope, name, choice.code());
        }
        return ValueFact.unknown(scope, name);
    }
}

package org.opentriage.triage;

import java.util.ArrayList;
import java.util.List;

import org.opentriage.internal.engine.ValueFact;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Sex;

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
        boolean maleCannotBePregnant = patient.sex().map(s -> s == Sex.MALE).orElse(false);
        facts.add(patient.pregnant().map(p -> ValueFact.bool(patientScope, "pregnant", p))
                .orElse(maleCannotBePregnant ? ValueFact.bool(patientScope, "pregnant", false)
                        : ValueFact.unknown(patientScope, "pregnant")));
        for (PatientFact fact : PatientFact.values()) {
            Answer value = patient.facts().get(fact);
            facts.add(value == null ? ValueFact.unknown(patientScope, fact.key()) : valueFact(patientScope, fact.key(), value));
        }
        return facts;
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

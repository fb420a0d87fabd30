package org.opentriage.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Unit;
import org.opentriage.triage.Answer;

/**
 * Patient facts as a nurse types them, up front ({@code --fact}) or during a call ({@code +spo2 91}): a fact's
 * key or a short name a nurse uses, then its value. A number takes the only unit its fact can have
 * ({@code 91} for oxygen saturation is 91 %) or the unit its name says ({@code pregnancy-weeks 20} is 20 wk);
 * otherwise (°C or °F) the unit is needed: {@link UnitNeeded} says which unit the number is plausible in.
 */
final class Facts {
    private static final Map<String, PatientFact> SHORT_NAMES = Map.ofEntries(
            Map.entry("spo2", PatientFact.OXYGEN_SATURATION), Map.entry("sats", PatientFact.OXYGEN_SATURATION),
            Map.entry("temp", PatientFact.TEMPERATURE), Map.entry("hr", PatientFact.HEART_RATE),
            Map.entry("pulse", PatientFact.HEART_RATE), Map.entry("rr", PatientFact.RESPIRATORY_RATE),
            Map.entry("bp", PatientFact.SYSTOLIC_BP), Map.entry("sbp", PatientFact.SYSTOLIC_BP),
            Map.entry("glucose", PatientFact.BLOOD_GLUCOSE), Map.entry("sugar", PatientFact.BLOOD_GLUCOSE));

    private Facts() {
    }

    /** {@code KEY VALUE}: {@code oxygen-saturation 91 %}, {@code spo2 91}, {@code nurse-concern} (yes). */
    static Map.Entry<PatientFact, Answer> typed(String typed) {
        String text = typed.strip();
        int space = text.indexOf(' ');
        String name = space < 0 ? text : text.substring(0, space);
        return Map.entry(fact(name), value(fact(name), space < 0 ? "" : text.substring(space + 1)));
    }

    static PatientFact fact(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return PatientFact.byKey(lower).or(() -> Optional.ofNullable(SHORT_NAMES.get(lower))).orElseThrow(() ->
                new IllegalArgumentException("unknown fact '" + name + "'; the facts are " + Arrays.stream(PatientFact.values())
                        .map(PatientFact::key).collect(Collectors.joining(", ")) + " (short: "
                        + String.join(", ", new java.util.TreeSet<>(SHORT_NAMES.keySet())) + ")"));
    }

    /** The fact's value: yes or no (nothing typed is yes), or a number in a unit of its dimension. */
    static Answer value(PatientFact fact, String typed) {
        String text = typed.strip();
        if (fact.dimension().isEmpty()) {
            Answer answer = text.isEmpty() ? Answer.yes() : Answer.parse(text).orElseThrow();
            if (!(answer instanceof Answer.YesNo)) {
                throw new IllegalArgumentException("fact '" + fact.key() + "' is yes or no, not '" + text + "'");
            }
            return answer;
        }
        Answer answer = Answer.parse(text).orElseThrow(() -> new IllegalArgumentException("fact '" + fact.key() + "' has no value"));
        if (!(answer instanceof Answer.Number number)) {
            throw new IllegalArgumentException("fact '" + fact.key() + "' is a " + fact.dimension().get().word() + ", not '" + text + "'");
        }
        if (number.value().unit() != Unit.NONE) {
            return number;
        }
        if (fact == PatientFact.PREGNANCY_WEEKS) {
            return Answer.number(new Quantity(number.value().value(), Unit.WEEK));
        }
        List<Unit> units = fact.dimension().get().units();
        if (units.size() != 1) {
            throw new UnitNeeded(fact, number, units);
        }
        return Answer.number(new Quantity(number.value().value(), units.get(0)));
    }

    /** A number given for a fact without its unit, where its fact has several; the message says what to write. */
    static final class UnitNeeded extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final transient PatientFact fact;
        private final transient Answer.Number bare;

        UnitNeeded(PatientFact fact, Answer.Number bare, List<Unit> units) {
            super(unitsOf(fact, bare) + "; " + BareNumbers.instead(bare, units, fact.plausible().orElseThrow()));
            this.fact = fact;
            this.bare = bare;
        }

        /** The problem alone, for the prompt, where the nurse is then offered a reading or asked for the unit. */
        String problem() {
            return unitsOf(fact, bare);
        }

        private static String unitsOf(PatientFact fact, Answer.Number bare) {
            return "fact '" + fact.key() + "': give the unit of " + bare.text() + ", one of "
                    + fact.dimension().orElseThrow().units().stream().map(Unit::symbol).toList();
        }

        PatientFact fact() {
            return fact;
        }

        Answer.Number bare() {
            return bare;
        }
    }
}

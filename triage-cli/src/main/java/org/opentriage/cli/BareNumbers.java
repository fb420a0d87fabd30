package org.opentriage.cli;

import java.util.List;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Unit;
import org.opentriage.triage.Answer;

/**
 * A number typed without its unit where several units fit (a temperature of {@code 102.2}): it is never given a
 * unit silently. At the prompt the nurse confirms the one reading that is plausible, or names the unit; input that
 * cannot be confirmed (a command-line option, a call script) is refused, saying which unit would be read and what
 * to write instead.
 */
final class BareNumbers {
    private BareNumbers() {
    }

    /** The bare number read in each of these units, where it falls inside the range. */
    static List<Answer.Number> plausibleReadings(Answer.Number bare, List<Unit> units, AnswerType.Range range) {
        return units.stream()
                .map(unit -> new Answer.Number(new Quantity(bare.value().value(), unit), bare.confirmed()))
                .filter(reading -> range.contains(reading.value()))
                .toList();
    }

    /**
     * What to write instead of a bare number that cannot be confirmed: {@code 102.2 is plausible only in °F: write
     * 102.2 °F}, or that it is plausible in several units or in none.
     */
    static String instead(Answer.Number bare, List<Unit> units, AnswerType.Range range) {
        List<Answer.Number> plausible = plausibleReadings(bare, units, range);
        if (plausible.size() == 1) {
            return bare.text() + " is plausible only in " + plausible.get(0).value().unit().symbol() + ": write "
                    + plausible.get(0).text();
        }
        return bare.text() + " is plausible in " + (plausible.isEmpty() ? "none of them"
                : plausible.stream().map(r -> r.value().unit().symbol()).toList() + ": write the one meant");
    }
}

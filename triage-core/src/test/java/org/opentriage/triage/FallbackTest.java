package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;

/**
 * A measurement the caller may not have (how many days of fever) declares an observable fallback question. "Don't
 * know" to the measurement asks the fallback in its place, and what decides is the fallback: the measurement nobody
 * made is never the route to a disposition, and the basis shows what was answered. "Don't know" to the fallback of
 * a red flag still counts as yes.
 */
class FallbackTest {
    private static final ProtocolLibrary LIBRARY = ProtocolLibrary.load(Path.of("src", "test", "resources", "libraries", "fallbacks"));
    private static final TriageEngine ENGINE = TriageEngine.builder(LIBRARY).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
            .auditSink(new MemoryAuditSink()).build();
    private static final Patient ADULT = Patient.of("p-1", Quantity.parse("40 y").orElseThrow());

    private static Call call() {
        return ENGINE.startCall("rn-1", ADULT, List.of("fever-days"));
    }

    private static String asked(Call call) {
        return ((Step.Ask) call.next()).question().id();
    }

    private static Outcome done(Step step) {
        return ((Step.Done) step).outcome();
    }

    @Test
    void aMeasurementGiven_decides_andTheFallbackIsNotAsked() {
        Outcome outcome = done(call().answer(Answer.number(Quantity.parse("6 d").orElseThrow())));

        assertThat(outcome.recommended().id()).isEqualTo("within-4h");
        assertThat(outcome.protocols().get(0).trigger()).contains("fever-duration");
    }

    @Test
    void dontKnowToTheMeasurement_asksTheFallbackInItsPlace() {
        Call call = call();

        call.answer(Answer.unknown());

        assertThat(asked(call)).isEqualTo("fever-duration-rough");
    }

    @Test
    void aFallbackAnswerThatIsShort_givesTheLowerDisposition_insteadOfTheUnknownMeasurementDecidingTheCall() {
        Call call = call();
        call.answer(Answer.unknown());

        Outcome outcome = done(call.answer(Answer.choice("a-day-or-two")));

        assertThat(outcome.recommended().id()).isEqualTo("home-care");
    }

    @Test
    void theFallbackDecidesAtTheMeasurementsLevel_andTheBasisNamesWhatWasAnswered() {
        Call call = call();
        call.answer(Answer.unknown());

        Outcome outcome = done(call.answer(Answer.choice("five-days-or-more")));

        ProtocolResult result = outcome.protocols().get(0);
        assertThat(result.disposition().id()).isEqualTo("within-4h");
        assertThat(result.basis()).isEqualTo(ProtocolResult.Basis.POSITIVE_ANSWER);
        assertThat(result.trigger()).contains("fever-duration-rough");
        assertThat(result.evidence()).extracting(RecordedAnswer::question, RecordedAnswer::answer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fever-duration", Answer.unknown()));
    }

    @Test
    void aConditionOnTheMeasurement_readsTheFallbackWhenTheMeasurementIsUnknown() {
        Call call = call();
        call.answer(Answer.unknown());

        Outcome outcome = done(call.answer(Answer.choice("a-few-days")));

        ProtocolResult result = outcome.protocols().get(0);
        assertThat(result.disposition().id()).isEqualTo("within-24h");
        assertThat(result.trigger()).contains("fever-three-days");
        assertThat(result.evidence()).extracting(RecordedAnswer::question)
                .containsExactly("fever-duration", "fever-duration-rough");
    }

    @Test
    void dontKnowToTheFallbackOfARedFlag_stillCountsAsYes() {
        Call call = call();
        call.answer(Answer.unknown());

        Outcome outcome = done(call.answer(Answer.unknown()));

        assertThat(outcome.recommended().id()).isEqualTo("within-4h");
        assertThat(outcome.protocols().get(0).basis()).isEqualTo(ProtocolResult.Basis.UNKNOWN_ANSWER);
        assertThat(outcome.protocols().get(0).trigger()).contains("fever-duration-rough");
    }

    @Test
    void aMeasurementGiven_isReadAsGiven_byTheConditionsThatAlsoReadTheFallback() {
        Outcome outcome = done(call().answer(Answer.number(Quantity.parse("4 d").orElseThrow())));

        ProtocolResult result = outcome.protocols().get(0);
        assertThat(result.trigger()).contains("fever-three-days");
        assertThat(result.evidence()).extracting(RecordedAnswer::question).containsExactly("fever-duration");
    }

    @Test
    void aShortMeasurementGiven_isNotOverruledByTheFallbackThatWasNeverAsked() {
        // fever-three-days reads "fever-duration >= 3 d or fever-duration-rough in [...]": with 2 days given, the
        // fallback is not asked, and its missing answer must not make the condition unknown (counted as yes).
        Outcome outcome = done(call().answer(Answer.number(Quantity.parse("2 d").orElseThrow())));

        assertThat(outcome.recommended().id()).isEqualTo("home-care");
        assertThat(outcome.protocols().get(0).basis()).isNotEqualTo(ProtocolResult.Basis.UNKNOWN_ANSWER);
    }
}

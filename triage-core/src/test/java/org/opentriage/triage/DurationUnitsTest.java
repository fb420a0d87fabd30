package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.opentriage.triage.PatientInput.ENGINE;
import static org.opentriage.triage.PatientInput.adult;
import static org.opentriage.triage.PatientInput.amount;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/**
 * A number question takes any unit of its dimension, not only those it offers: a pain of 3 years is entered as
 * {@code 3 y} where the question offers h, d and wk, and compares exactly with thresholds in other units.
 */
class DurationUnitsTest {

    /** The disposition of pain-check for a man whose pain has lasted this long (every other answer no). */
    private static String dispositionFor(Answer duration) {
        Call call = ENGINE.startCall("rn-1", adult().withSex(Sex.MALE), List.of("pain-check"));
        Step step = call.answer(duration);
        return Calls.answerAll(call, step, Answer.no()).recommended().id();
    }

    @Test
    void yearsToAQuestionOfferingHoursDaysAndWeeks_areAccepted_andCompareWithAThresholdInWeeks() {
        assertThat(dispositionFor(amount("1 y"))).isEqualTo("within-24h");
        assertThat(dispositionFor(amount("0.05 y"))).isEqualTo("home-care");   // 18.26 days
        assertThat(dispositionFor(amount("1 mo"))).isEqualTo("within-24h");
        assertThat(dispositionFor(amount("20 d"))).isEqualTo("home-care");
        assertThat(dispositionFor(amount("21 d"))).isEqualTo("within-24h");
        assertThat(dispositionFor(amount("504 h"))).isEqualTo("within-24h");   // exactly 3 weeks
    }

    @Test
    void aNumberInAnotherDimension_isRejectedListingTheUnitsOfTime() {
        Call call = ENGINE.startCall("rn-1", adult().withSex(Sex.MALE), List.of("pain-check"));

        AnswerRejectedException rejected = catchThrowableOfType(() -> call.answer(amount("3 kg")), AnswerRejectedException.class);

        assertThat(rejected.reason()).isEqualTo(AnswerRejectedException.Reason.WRONG_UNIT);
        assertThat(rejected.getMessage()).contains("a unit of time, one of [min, h, d, wk, mo, y]");
    }

    @Test
    void aBareNumber_isStillRejected_listingTheUnitsOffered() {
        Call call = ENGINE.startCall("rn-1", adult().withSex(Sex.MALE), List.of("pain-check"));

        AnswerRejectedException rejected = catchThrowableOfType(() -> call.answer(amount("3")), AnswerRejectedException.class);

        assertThat(rejected.reason()).isEqualTo(AnswerRejectedException.Reason.UNIT_NEEDED);
        assertThat(rejected.getMessage()).contains("[h, d, wk]");
    }

    @Test
    void yearsBeyondThePlausibleRange_areRejected() {
        Call call = ENGINE.startCall("rn-1", adult().withSex(Sex.MALE), List.of("pain-check"));

        AnswerRejectedException rejected = catchThrowableOfType(() -> call.answer(amount("51 y")), AnswerRejectedException.class);

        assertThat(rejected.reason()).isEqualTo(AnswerRejectedException.Reason.OUT_OF_RANGE);
    }

    @Test
    void aBundledDurationQuestion_takesYears_withinItsPlausibleRange() {
        Call call = Engines.BUNDLED.startCall("rn-1", Patient.of("p-1", Quantity.parse("40 y").orElseThrow()).withSex(Sex.MALE),
                List.of("cough-adult"));
        Step step = call.next();
        while (step instanceof Step.Ask ask && !ask.question().id().equals("cough-duration")) {
            step = call.answer(Calls.fit(ask, Answer.no()));
        }

        Step next = call.answer(new Answer.Number(Quantity.parse("2 y").orElseThrow(), true));

        assertThat(next).isNotEqualTo(step);
    }

    @Test
    void unitsTypedInWords_areRead() {
        assertThat(Answer.parse("3 years")).contains(amount("3 y"));
        assertThat(Answer.parse("2 Wks")).contains(amount("2 wk"));
        assertThat(Answer.parse("36 hours")).contains(amount("36 h"));
        assertThat(Answer.parse("3 D")).contains(amount("3 d"));
        assertThat(Answer.parse("3 m")).contains(Answer.choice("3 m"));   // minutes or months: not guessed
    }
}

package org.opentriage.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wording heuristics: which yes/no questions join several findings, and how alike two questions are. */
class WordingTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Has the patient fainted or collapsed, or are they now confused, very drowsy or hard to wake?",
            "Is the patient aged 50 or over, or do they have thin bones (osteoporosis)?",
            "Does the patient have a severe headache, a stiff neck, or a rash that does not fade when a glass is pressed on it?",
            "Is there light bleeding or spotting from the vagina, or mild period-like cramps?",
            "Thinking of the recent episode: did it spread to an arm, come with sweating, or wake the patient at night?",
            "Is the patient more short of breath than usual on effort, wheezing hard, or having chest pain when breathing in?"})
    void joinedFindings_ofAQuestionJoiningSeveralFindings_quotesWhereTheyJoin(String text) {
        assertThat(Wording.joinedFindings(text)).hasValueSatisfying(quote -> assertThat(quote).contains("or"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Is the patient struggling to breathe: can say only a few words, or is gasping for air (severe breathlessness)?",
            "Has the patient coughed up blood (streaks, spots, or clots in the phlegm)?",
            "Has the patient used cocaine, amphetamines or another stimulant drug in the last 24 hours?",
            "Has the patient vomited 3 or more times in the last 2 or 3 hours?",
            "Does the patient have chest pain or chest discomfort right now?",
            "Has hearing in one or both ears dropped suddenly?",
            "Does the patient take a medicine that weakens the immune system, such as steroids, methotrexate, or chemotherapy?",
            "Is the heart racing, pounding or beating irregularly?",
            "Is the cry weak, high-pitched, moaning or continuous?",
            "Nurse: from what you hear on the call, or from the caller's account, do you judge the patient sounds very sick?"})
    void joinedFindings_ofAQuestionAboutOneFinding_isEmpty(String text) {
        assertThat(Wording.joinedFindings(text)).isEmpty();
    }

    @Test
    void likeness_ofACopyWithOtherLittleWords_isHigh_ofAnotherQuestion_isLow() {
        String shared = "Are there spots, a rash or bruise-like marks that do not fade when the side of a clear glass is pressed firmly against them?";

        assertThat(Wording.likeness(shared, "Does the child have spots or a rash that do not fade when the side of a clear glass "
                + "is pressed on them?")).isGreaterThanOrEqualTo(0.5);
        assertThat(Wording.likeness(shared, "Does the patient have a new rash?")).isLessThan(0.5);
        assertThat(Wording.likeness(shared, "")).isZero();
    }
}

package org.opentriage.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What advice lines tell the caller to do, and how soon, by their action words. */
class DirectivesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Call 911 now. Do not drive the patient to hospital yourself.                         | call-911",
            "Take the patient to the emergency department now, or call 911 if you cannot get there. | ed-now",
            "Go to the emergency department or an urgent care centre now.                        | ed-ucc-now",
            "Call the poison center now (in the United States 1-800-222-1222).                   | poison-center-now",
            "A clinician needs to speak with the patient within the next hour.                   | call-provider-now",
            "The patient should be seen by a clinician today, within the next 4 hours.           | within-4h",
            "Arrange to see a dentist today or tomorrow.                                         | dentist-within-24h",
            "Arrange to see a clinician today or tomorrow.                                       | within-24h",
            "Arrange to see a clinician within the next 3 days.                                  | within-3d",
            "Book a routine appointment with primary care within the next 2 weeks.               | within-2wk"})
    void level_ofAnUnconditionalDirective_isItsLevel(String line, String level) {
        assertThat(Directives.level(line)).contains(level);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "If the pain comes back, feels like pressure, or comes with sweating, call 911.",
            "Call 911 instead if the patient stops breathing.",
            "Do not go to the emergency department unless the bleeding starts again.",
            "Until seen, rest; call 911 if the pain lasts more than a few minutes.",
            "Learn the signs of a stroke: face drooping, arm weakness, speech difficulty, time to call 911.",
            "Most fevers settle within 3 days with rest and fluids.",
            "While waiting for the ambulance, unlock the door."})
    void level_ofALineWithoutAnUnconditionalDirective_isEmpty(String line) {
        assertThat(Directives.level(line)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Rest, and drink plenty of fluids.                                      | true",
            "To stop a nosebleed: sit down, lean forward and pinch the nose.        | true",
            "Cool the burn under running water as soon as possible (up to 3 hours). | true",
            "Vomiting usually stops within 2 days and can be cared for at home.     | true",
            "Most coughs get better on their own within 3 weeks.                    | false",
            "If a sting is still in the skin, scrape it out sideways.               | false"})
    void opensWithHomeAction_isAnInstructionOrCareAtHome(String line, boolean action) {
        assertThat(Directives.opensWithHomeAction(line)).isEqualTo(action);
    }
}

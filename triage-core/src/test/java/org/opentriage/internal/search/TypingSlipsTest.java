package org.opentriage.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Unit;

/** Search reads a misspelt word as the word protocols use, and leaves other words as typed. */
class TypingSlipsTest {
    private static final ProtocolLibrary LIBRARY = ProtocolLibrary.bundled();

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            "diarrea, diarrhea, 1",        // a letter left out
            "vomitt, vomit, 1",            // a letter added
            "feinted, fainted, 1",         // a letter changed
            "diarrhae, diarrhea, 1",       // two neighbours swapped
            "constapation, constipation, 1",
            "throught, throat, 3",         // more than the limit: reported as limit + 1
            "fever, fever, 0"})
    void slips_countLettersLeftOutAddedChangedOrSwapped(String typed, String meant, int expected) {
        assertThat(ProtocolSearch.slips(typed, meant, 2, 1)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" at {1} y -> {2}")
    @CsvSource({
            "diarrea since yesterday, 33, diarrhea-adult",
            "weezing, 5, wheezing-child",
            "headach, 23, headache-adult",
            "constapation, 7, constipation-child",
            "dizzyness when I stand, 40, dizziness-adult"})
    void misspeltComplaint_findsWhatTheRightSpellingFinds(String phrase, BigDecimal years, String expected) {
        assertThat(first(phrase, years)).contains(expected);
    }

    /**
     * A word of another first letter is another word ("nail" is not "pain"), and so is a four-letter word with a
     * changed letter ("wash" is not "wasp"); a letter added to a short word is a slip ("rashh").
     */
    @Test
    void wordWithAnotherFirstLetter_orTooShort_isTakenAsTyped() {
        ProtocolSearch search = new ProtocolSearch(LIBRARY.protocols());

        assertThat(search.corrected(ProtocolSearch.words("wash nail wee"))).containsExactly("wash", "nail", "wee");
        assertThat(search.corrected(ProtocolSearch.words("rashh"))).contains("rash").doesNotContain("rashh");
    }

    private static Optional<String> first(String phrase, BigDecimal years) {
        List<Protocol> found = LIBRARY.search(phrase, Optional.of(new Quantity(years, Unit.YEAR)),
                ProtocolLibrary.Resolution.ANY_STATUS);
        return found.stream().findFirst().map(Protocol::id);
    }
}

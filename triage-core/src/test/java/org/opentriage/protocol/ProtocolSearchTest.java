package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** Lay phrasings a caller uses find the right bundled protocol first, and age routes adult or pediatric. */
class ProtocolSearchTest {
    private static final ProtocolLibrary LIBRARY = ProtocolLibrary.bundled();

    @ParameterizedTest(name = "\"{0}\" at {1} y -> {2}")
    @CsvFileSource(resources = "/search-phrases.csv", delimiter = '|', quoteCharacter = '"')
    void layPhrase_findsItsProtocolFirst(String phrase, BigDecimal years, String expected) {
        List<Protocol> found = LIBRARY.search(phrase, Optional.of(new Quantity(years, Unit.YEAR)),
                ProtocolLibrary.Resolution.ANY_STATUS);

        assertThat(found).as("search for '%s'", phrase).isNotEmpty();
        assertThat(found.get(0).id()).as("first result for '%s' at %s y: %s", phrase, years,
                found.stream().map(Protocol::id).limit(3).toList()).isEqualTo(expected);
        assertThat(found).allSatisfy(p -> assertThat(p.population().admitsAge(new Quantity(years, Unit.YEAR))).isTrue());
    }
}

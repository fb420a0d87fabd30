package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Versions, protocol references, quantities and units behave as the format says. */
class ValuesTest {

    @Test
    void versions_orderAsSemverSays() {
        List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0");

        List<Version> versions = ordered.stream().map(Version::of).toList();

        assertThat(versions.stream().sorted().map(Version::toString).toList()).isEqualTo(ordered);
    }

    @ParameterizedTest
    @CsvSource({"1.0", "01.0.0", "1.0.0.0", "v1.0.0", "1.0.0-", "1.0.0+build"})
    void malformedVersions_doNotParse(String text) {
        assertThat(Version.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"chest-pain-adult@0.1.1", "fever-child@2.10.0-rc.1", "x@0.0.0"})
    void protocolRefs_printAsTheyParse(String text) {
        ProtocolRef ref = ProtocolRef.of(text);

        assertThat(ref.toString()).isEqualTo(text);
        assertThat(ProtocolRef.parse(text)).contains(new ProtocolRef(ref.id(), ref.version()));
    }

    @Test
    void protocolRef_splitsIdAndVersion() {
        ProtocolRef ref = ProtocolRef.of("chest-pain-adult@1.2.3-beta");

        assertThat(ref.id()).isEqualTo("chest-pain-adult");
        assertThat(ref.version()).isEqualTo(Version.of("1.2.3-beta"));
    }

    @ParameterizedTest
    @CsvSource({"chest-pain-adult", "chest-pain-adult@", "@1.0.0", "chest-pain-adult@1.0", "a@b@1.0.0", "a@1.0.0@1.0.0"})
    void malformedProtocolRefs_doNotParse(String text) {
        assertThat(ProtocolRef.parse(text)).isEmpty();
        assertThatThrownBy(() -> ProtocolRef.of(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void protocolRef_refusesAnIdThatWouldNotParseBack() {
        assertThatThrownBy(() -> new ProtocolRef("a@b", Version.of("1.0.0"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProtocolRef("", Version.of("1.0.0"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            "100.4 °F, 38 °C, 0",
            "98.6 °F, 37 °C, 0",
            "104 °F, 40 °C, 0",
            "32 °F, 0 °C, 0",
            "3 mo, 91 d, 1",
            "12 mo, 1 y, 0",
            "2 wk, 14 d, 0",
            "90 min, 1.5 h, 0",
            "180 mg/dL, 10 mmol/L, 0",
            "10 lb, 4.5 kg, 1"})
    void quantities_compareAcrossUnitsOfOneDimension(String left, String right, int sign) {
        Quantity a = Quantity.parse(left).orElseThrow();
        Quantity b = Quantity.parse(right).orElseThrow();

        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(sign);
        assertThat(Integer.signum(b.compareTo(a))).isEqualTo(-sign);
    }

    @Test
    void fahrenheitToCelsius_isAffine_andRoundTrips() {
        Quantity fever = Quantity.parse("101.3 °F").orElseThrow();

        assertThat(fever.to(Unit.CELSIUS).value()).isEqualByComparingTo("38.5");
        assertThat(fever.to(Unit.CELSIUS).to(Unit.FAHRENHEIT).value()).isEqualByComparingTo("101.3");
    }

    @Test
    void quantitiesOfDifferentDimensions_neverCompare() {
        Quantity temperature = Quantity.parse("38 °C").orElseThrow();
        Quantity age = Quantity.parse("38 y").orElseThrow();

        assertThatThrownBy(() -> temperature.compareTo(age))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature").hasMessageContaining("time");
    }

    @Test
    void population_includesFromAndExcludesBelow() {
        Population infants = new Population(java.util.Optional.of(Quantity.parse("0 d").orElseThrow()),
                java.util.Optional.of(Quantity.parse("3 mo").orElseThrow()), Population.SexFilter.ANY);

        assertThat(infants.admitsAge(Quantity.parse("0 d").orElseThrow())).isTrue();
        assertThat(infants.admitsAge(Quantity.parse("12 wk").orElseThrow())).isTrue();
        assertThat(infants.admitsAge(Quantity.parse("3 mo").orElseThrow())).isFalse();
        assertThat(infants.admitsAge(Quantity.parse("1 y").orElseThrow())).isFalse();
    }
}

package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Text the command line did not write itself reaches the terminal with its control characters made visible. */
class VisibleTest {

    @Test
    void ansiEscapeSequence_isWrittenAsVisibleEscapes() {
        assertThat(Visible.text("\u001b[31myes\u001b[0m")).isEqualTo("\\u001b[31myes\\u001b[0m");
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x00, 0x07, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x9b, 0x9f, 0x202a, 0x202c, 0x202e, 0x2066,
            0x2069})
    void controlAndBidiCharacters_areMadeVisible(int character) {
        assertThat(Visible.text("a" + (char) character + "b"))
                .isEqualTo("a\\u" + String.format(Locale.ROOT, "%04x", character) + "b");
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x20, 0x41, 0x5c, 0x7e, 0xa0, 0xb0, 0xe9, 0x2029, 0x202f, 0x2065, 0x206a, 0x65e5})
    void printableCharacters_areLeftAsTheyAre(int character) {
        String text = "a" + (char) character + "b";

        assertThat(Visible.text(text)).isEqualTo(text);
    }
}

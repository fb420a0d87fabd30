package org.opentriage.cli;

import java.util.Locale;

/**
 * Text from callers, nurses, call scripts and files, made safe to write to a terminal: every control
 * character (C0, DEL, C1) and bidi embedding, override or isolate (U+202A to U+202E, U+2066 to U+2069) is
 * written as a backslash, {@code u} and its four hex digits (ESC as backslash-u001b), so an answer cannot
 * move the cursor, recolour or clear the screen, or reorder what the nurse reads. Everything the command
 * line prints that it did not write itself goes through {@link #text}.
 */
final class Visible {
    private Visible() {
    }

    /** The text with each control or bidi character written as an escape; other text unchanged. */
    static String text(String text) {
        StringBuilder visible = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (hidden(c)) {
                visible.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                visible.append((char) c);
            }
        });
        return visible.toString();
    }

    private static boolean hidden(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}

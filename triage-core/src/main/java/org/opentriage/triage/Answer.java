package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

import org.opentriage.protocol.Quantity;

/**
 * An answer to a question, as the nurse gives it.
 *
 * @since 0.1.0
 */
public sealed interface Answer {

    /**
     * {@return the answer in words, as {@link #parse} reads it back: {@code yes}, {@code no}, {@code unknown}, {@code 38.5 °C}, a code}
     */
    String text();

    /** {@return the answer yes} */
    static Answer yes() {
        return new YesNo(true);
    }

    /** {@return the answer no} */
    static Answer no() {
        return new YesNo(false);
    }

    /** {@return "don't know": never less cautious than yes} */
    static Answer unknown() {
        return new Unknown();
    }

    /**
     * {@return a number with its unit, to confirm if it is unusual}
     *
     * @param value the number and its unit ({@code 38.5 °C})
     */
    static Answer number(Quantity value) {
        return new Number(value, false);
    }

    /**
     * {@return the option with this code chosen}
     *
     * @param code an option code of the question
     */
    static Answer choice(String code) {
        return new Choice(code);
    }

    /**
     * Yes or no.
     *
     * @param value true for yes
     * @since 0.1.0
     */
    record YesNo(boolean value) implements Answer {
        @Override
        public String text() {
            return value ? "yes" : "no";
        }
    }

    /**
     * "Don't know".
     *
     * @since 0.1.0
     */
    record Unknown() implements Answer {
        @Override
        public String text() {
            return "unknown";
        }
    }

    /**
     * A measured number.
     *
     * @param confirmed the nurse confirmed a value outside the question's expected range
     * @param value the number and its unit
     * @since 0.1.0
     */
    record Number(Quantity value, boolean confirmed) implements Answer {
        /** Checks the components. */
        public Number {
            requireNonNull(value, "value");
        }

        /** {@return the same value, confirmed by the nurse although it is outside the expected range} */
        public Number confirm() {
            return new Number(value, true);
        }

        @Override
        public String text() {
            return value.toString();
        }
    }

    /**
     * The items of a checklist that apply, by code; none is an answer too ("none of these").
     *
     * @param codes the codes of the items that apply
     * @since 0.1.0
     */
    record Items(java.util.Set<String> codes) implements Answer {
        /** Checks the components; the set is copied. */
        public Items {
            codes = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(codes));
        }

        @Override
        public String text() {
            return codes.isEmpty() ? "none" : String.join(", ", codes);
        }
    }

    /**
     * {@return the items of a checklist that apply; none for "none of these"}
     *
     * @param codes the codes of the items that apply
     */
    static Answer items(String... codes) {
        return new Items(java.util.Set.of(codes));
    }

    /**
     * An option of a choice question, by code.
     *
     * @param code the option's code
     * @since 0.1.0
     */
    record Choice(String code) implements Answer {
        /** Checks the components. */
        public Choice {
            requireNonNull(code, "code");
        }

        @Override
        public String text() {
            return code;
        }
    }

    /**
     * Reads what a nurse types: {@code y}/{@code yes}, {@code n}/{@code no}, {@code ?}/{@code unknown}/
     * {@code dk}, a number with an optional unit ({@code 38.5 °C}, {@code 101 F}, {@code 3 d}, {@code 2 years}), or
     * an option code. Empty when the text is blank.
     *
     * @param typed the text as typed
     * @return the answer, or empty
     */
    static Optional<Answer> parse(String typed) {
        String text = requireNonNull(typed, "typed").strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "y", "yes":
                return Optional.of(yes());
            case "n", "no":
                return Optional.of(no());
            case "?", "unknown", "dk", "don't know", "dont know":
                return Optional.of(unknown());
            default:
                break;
        }
        String normalized = text.replaceAll("(?i)(\\d)\\s*(deg\\s*)?F$", "$1 °F").replaceAll("(?i)(\\d)\\s*(deg\\s*)?C$", "$1 °C");
        java.util.regex.Matcher word = java.util.regex.Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)\\s*([a-z]+)").matcher(lower);
        if (word.matches()) {
            normalized = timeUnit(word.group(2)).map(unit -> word.group(1) + " " + unit).orElse(normalized);
        }
        Optional<Quantity> quantity = Quantity.parse(normalized);
        if (quantity.isPresent()) {
            return Optional.of(number(quantity.get()));
        }
        return Optional.of(choice(lower));
    }

    /** A time unit as nurses type it, in any case or in words ({@code 3 years}, {@code 2 Wks}); not {@code m}: minutes or months. */
    private static Optional<String> timeUnit(String word) {
        return Optional.ofNullable(switch (word) {
            case "min", "mins", "minute", "minutes" -> "min";
            case "h", "hr", "hrs", "hour", "hours" -> "h";
            case "d", "day", "days" -> "d";
            case "w", "wk", "wks", "week", "weeks" -> "wk";
            case "mo", "mos", "month", "months" -> "mo";
            case "y", "yr", "yrs", "year", "years" -> "y";
            default -> null;
        });
    }
}

package org.opentriage.protocol;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The units protocols may use, with the library's own conversion table to the canonical unit of their
 * {@link Dimension}: an exact ratio and, for temperature, a shift (an affine conversion).
 *
 * @since 0.1.0
 */
public enum Unit {
    /** Minutes, {@code min}. */
    MINUTE("min", Dimension.TIME, 1, 1440, 0),
    /** Hours, {@code h}. */
    HOUR("h", Dimension.TIME, 1, 24, 0),
    /** Days, {@code d}. */
    DAY("d", Dimension.TIME, 1, 1, 0),
    /** Weeks, {@code wk}. */
    WEEK("wk", Dimension.TIME, 7, 1, 0),
    /** A calendar month on average: 365.25 / 12 days. */
    MONTH("mo", Dimension.TIME, 1461, 48, 0),
    /** Years, {@code y}: 365.25 days. */
    YEAR("y", Dimension.TIME, 1461, 4, 0),
    /** Degrees Celsius, {@code °C}. */
    CELSIUS("°C", Dimension.TEMPERATURE, 1, 1, 0),
    /** To °C: (F − 32) × 5/9. */
    FAHRENHEIT("°F", Dimension.TEMPERATURE, 5, 9, -32),
    /** Grams, {@code g}. */
    GRAM("g", Dimension.MASS, 1, 1000, 0),
    /** Kilograms, {@code kg}. */
    KILOGRAM("kg", Dimension.MASS, 1, 1, 0),
    /** Pounds, {@code lb}: 0.45359237 kg. */
    POUND("lb", Dimension.MASS, 45359237, 100000000, 0),
    /** Millimoles per litre, {@code mmol/L} (blood glucose). */
    MMOL_PER_L("mmol/L", Dimension.BLOOD_GLUCOSE, 1, 1, 0),
    /** Glucose only: 1 mmol/L is 18 mg/dL. */
    MG_PER_DL("mg/dL", Dimension.BLOOD_GLUCOSE, 1, 18, 0),
    /** Per minute, {@code /min} (heart and breathing rates). */
    PER_MINUTE("/min", Dimension.RATE, 1, 1, 0),
    /** Per cent, {@code %} (oxygen saturation). */
    PERCENT("%", Dimension.PERCENT, 1, 1, 0),
    /** Millimetres of mercury, {@code mmHg} (blood pressure). */
    MM_HG("mmHg", Dimension.PRESSURE, 1, 1, 0),
    /** No unit: a plain count. */
    NONE("", Dimension.COUNT, 1, 1, 0);

    /** Precision of every conversion; comparisons are made on values rounded to it. */
    public static final MathContext PRECISION = MathContext.DECIMAL64;

    private static final List<Unit> LONGEST_SYMBOL_FIRST = Arrays.stream(values())
            .filter(u -> u != NONE)
            .sorted(Comparator.comparingInt((Unit u) -> u.symbol.length()).reversed())
            .toList();

    private final String symbol;
    private final Dimension dimension;
    private final BigDecimal numerator;
    private final BigDecimal denominator;
    private final BigDecimal shift;

    /** canonical = (value + shift) × numerator / denominator. */
    Unit(String symbol, Dimension dimension, long numerator, long denominator, long shift) {
        this.symbol = symbol;
        this.dimension = dimension;
        this.numerator = BigDecimal.valueOf(numerator);
        this.denominator = BigDecimal.valueOf(denominator);
        this.shift = BigDecimal.valueOf(shift);
    }

    /** {@return the symbol written in protocol files ({@code °C}, {@code mo}); empty for a plain count} */
    public String symbol() {
        return symbol;
    }

    /** {@return what the unit measures} */
    public Dimension dimension() {
        return dimension;
    }

    /**
     * {@return the unit with this exact symbol}
     *
     * @param symbol a unit symbol, such as {@code °C}
     */
    public static Optional<Unit> bySymbol(String symbol) {
        return Arrays.stream(values()).filter(u -> u.symbol.equals(symbol)).findFirst();
    }

    /**
     * Units with a symbol, longest symbol first (so {@code mo} is tried before {@code min}'s rivals).
     *
     * @return the units
     */
    public static List<Unit> withSymbols() {
        return LONGEST_SYMBOL_FIRST;
    }

    BigDecimal toCanonical(BigDecimal value) {
        if (this == dimension.canonicalUnit()) {
            return value;
        }
        return value.add(shift).multiply(numerator).divide(denominator, PRECISION);
    }

    BigDecimal fromCanonical(BigDecimal value) {
        if (this == dimension.canonicalUnit()) {
            return value;
        }
        return value.multiply(denominator).divide(numerator, PRECISION).subtract(shift);
    }
}

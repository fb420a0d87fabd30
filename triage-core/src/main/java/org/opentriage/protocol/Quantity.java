package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number with a unit, such as {@code 38.5 °C} or {@code 3 mo}. Quantities of one dimension compare by
 * their value in the dimension's canonical unit.
 *
 * @param value the number as written
 * @param unit  its unit ({@link Unit#NONE} for a plain count)
 * @since 0.1.0
 */
public record Quantity(BigDecimal value, Unit unit) implements Comparable<Quantity> {
    private static final Pattern TEXT = Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)\\s*(\\S*)");

    /** Checks the components. */
    public Quantity {
        requireNonNull(value, "value");
        requireNonNull(unit, "unit");
    }

    /**
     * {@return the quantity of a number written in decimal and a unit}
     *
     * @param value the number, such as {@code 38.5}
     * @param unit its unit
     */
    public static Quantity of(String value, Unit unit) {
        return new Quantity(new BigDecimal(requireNonNull(value, "value")), unit);
    }

    /**
     * Reads {@code "38.5 °C"}, {@code "3 mo"} or {@code "4"}; empty when the text is not such a quantity.
     *
     * @param text the text
     * @return the quantity, or empty
     */
    public static Optional<Quantity> parse(String text) {
        Matcher m = TEXT.matcher(requireNonNull(text, "text").strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Unit.bySymbol(m.group(2)).map(unit -> new Quantity(new BigDecimal(m.group(1)), unit));
    }

    /** {@return what the quantity measures} */
    public Dimension dimension() {
        return unit.dimension();
    }

    /** {@return the value in the canonical unit of the dimension} */
    public BigDecimal canonicalValue() {
        return unit.toCanonical(value);
    }

    /**
     * {@return this quantity in another unit of the same dimension}
     *
     * @param target a unit of the same dimension
     */
    public Quantity to(Unit target) {
        requireNonNull(target, "target");
        requireSameDimension(target.dimension());
        return target == unit ? this : new Quantity(target.fromCanonical(canonicalValue()), target);
    }

    @Override
    public int compareTo(Quantity other) {
        requireSameDimension(other.dimension());
        return canonicalValue().compareTo(other.canonicalValue());
    }

    private void requireSameDimension(Dimension other) {
        if (other != dimension()) {
            throw new IllegalArgumentException("cannot compare " + dimension().word() + " with " + other.word()
                    + ": " + this);
        }
    }

    @Override
    public String toString() {
        return unit == Unit.NONE ? value.toPlainString() : value.toPlainString() + " " + unit.symbol();
    }
}

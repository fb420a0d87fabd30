package org.opentriage.protocol;

/**
 * What a quantity measures. Quantities of different dimensions never compare.
 *
 * @since 0.1.0
 */
public enum Dimension {
    /** Time: ages, durations. */
    TIME,
    /** Body temperature. */
    TEMPERATURE,
    /** Mass: body weight. */
    MASS,
    /** Blood glucose concentration. */
    BLOOD_GLUCOSE,
    /** A rate per minute: pulse, breathing. */
    RATE,
    /** A percentage: oxygen saturation. */
    PERCENT,
    /** Pressure: blood pressure. */
    PRESSURE,
    /** A plain count, without unit. */
    COUNT;

    /** {@return the unit values of this dimension are compared in} */
    public Unit canonicalUnit() {
        return switch (this) {
            case TIME -> Unit.DAY;
            case TEMPERATURE -> Unit.CELSIUS;
            case MASS -> Unit.KILOGRAM;
            case BLOOD_GLUCOSE -> Unit.MMOL_PER_L;
            case RATE -> Unit.PER_MINUTE;
            case PERCENT -> Unit.PERCENT;
            case PRESSURE -> Unit.MM_HG;
            case COUNT -> Unit.NONE;
        };
    }

    /**
     * {@return the units of this dimension, in the order {@link Unit} lists them ({@code min, h, d, wk, mo, y}); a count has {@link Unit#NONE} alone}
     */
    public java.util.List<Unit> units() {
        return java.util.Arrays.stream(Unit.values()).filter(u -> u.dimension() == this).toList();
    }

    /** {@return the dimension as protocol files and messages name it} */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}

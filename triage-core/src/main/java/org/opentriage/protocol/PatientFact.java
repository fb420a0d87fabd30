package org.opentriage.protocol;

import java.util.Arrays;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Facts about the patient: supplied by the host when a call starts, or given during the call (a reading the
 * caller reports). A question naming a fact is answered from it without being asked; a condition may name a
 * fact directly.
 *
 * @since 0.1.0
 */
public enum PatientFact {
    /** Body temperature, a reading ({@code temperature}). */
    TEMPERATURE("temperature", Dimension.TEMPERATURE, "25 °C", "45 °C"),
    /** Body weight ({@code weight}). */
    WEIGHT("weight", Dimension.MASS, "0.3 kg", "500 kg"),
    /** Blood glucose, a reading ({@code blood-glucose}). */
    BLOOD_GLUCOSE("blood-glucose", Dimension.BLOOD_GLUCOSE, "0.5 mmol/L", "60 mmol/L"),
    /** Heart rate, a reading ({@code heart-rate}). */
    HEART_RATE("heart-rate", Dimension.RATE, "10 /min", "350 /min"),
    /** Breathing rate, a count ({@code respiratory-rate}). */
    RESPIRATORY_RATE("respiratory-rate", Dimension.RATE, "2 /min", "150 /min"),
    /** Oxygen saturation, a pulse oximeter reading ({@code oxygen-saturation}). */
    OXYGEN_SATURATION("oxygen-saturation", Dimension.PERCENT, "40 %", "100 %"),
    /** The upper (systolic) number of a blood-pressure reading. */
    SYSTOLIC_BP("systolic-bp", Dimension.PRESSURE, "30 mmHg", "300 mmHg"),
    /** How far the pregnancy has gone (from the first day of the last period): a patient with it is pregnant. */
    PREGNANCY_WEEKS("pregnancy-weeks", Dimension.TIME, "0 wk", "45 wk"),
    /**
     * Whether the patient is pregnant: the patient's pregnancy status ({@code Patient.pregnant}) under the name a
     * question binds to ({@code fact: pregnant}), and that a fact given during a call may set.
     */
    PREGNANT("pregnant", null, null, null),
    /** Weakened immunity, yes or no ({@code immunocompromised}). */
    IMMUNOCOMPROMISED("immunocompromised", null, null, null),
    /** Diabetes, yes or no ({@code diabetes}). */
    DIABETES("diabetes", null, null, null),
    /** Heart disease, yes or no ({@code heart-disease}). */
    HEART_DISEASE("heart-disease", null, null, null),
    /** Lung disease, yes or no ({@code lung-disease}). */
    LUNG_DISEASE("lung-disease", null, null, null),
    /** Kidney disease, yes or no ({@code kidney-disease}). */
    KIDNEY_DISEASE("kidney-disease", null, null, null),
    /** The nurse judges that the patient sounds sick, whatever the answers. */
    NURSE_CONCERN("nurse-concern", null, null, null);

    private final String key;
    private final @Nullable Dimension dimension;
    private final @Nullable String min;
    private final @Nullable String max;

    PatientFact(String key, @Nullable Dimension dimension, @Nullable String min, @Nullable String max) {
        this.key = key;
        this.dimension = dimension;
        this.min = min;
        this.max = max;
    }

    /**
     * The values a numeric fact can have at all (a pulse oximeter shows no 910 %): a value outside is a typing
     * slip, refused; empty for a yes/no fact.
     *
     * @return the plausible range
     */
    public Optional<AnswerType.Range> plausible() {
        if (min == null || max == null) {
            return Optional.empty();
        }
        return Optional.of(new AnswerType.Range(Quantity.parse(min).orElseThrow(), Quantity.parse(max).orElseThrow()));
    }

    /** {@return the name used in protocol files} */
    public String key() {
        return key;
    }

    /** {@return the dimension of a numeric fact; empty for a yes/no fact} */
    public Optional<Dimension> dimension() {
        return Optional.ofNullable(dimension);
    }

    /**
     * {@return the fact with this name in protocol files}
     *
     * @param key a fact's name, such as {@code temperature}
     */
    public static Optional<PatientFact> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}

package org.opentriage.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * Facts about the patient a host may supply when a call starts. A question naming a fact is answered
 * from it without being asked.
 */
public enum PatientFact {
    TEMPERATURE("temperature", Dimension.TEMPERATURE),
    WEIGHT("weight", Dimension.MASS),
    BLOOD_GLUCOSE("blood-glucose", Dimension.BLOOD_GLUCOSE),
    HEART_RATE("heart-rate", Dimension.RATE),
    RESPIRATORY_RATE("respiratory-rate", Dimension.RATE),
    OXYGEN_SATURATION("oxygen-saturation", Dimension.PERCENT),
    PREGNANCY_WEEKS("pregnancy-weeks", Dimension.TIME),
    IMMUNOCOMPROMISED("immunocompromised", null),
    DIABETES("diabetes", null),
    HEART_DISEASE("heart-disease", null),
    LUNG_DISEASE("lung-disease", null),
    KIDNEY_DISEASE("kidney-disease", null),
    /** The nurse judges that the patient sounds sick, whatever the answers. */
    NURSE_CONCERN("nurse-concern", null);

    private final String key;
    private final Dimension dimension;

    PatientFact(String key, Dimension dimension) {
        this.key = key;
        this.dimension = dimension;
    }

    /** The name used in protocol files. */
    public String key() {
        return key;
    }

    /** The dimension of a numeric fact; empty for a yes/no fact. */
    public Optional<Dimension> dimension() {
        return Optional.ofNullable(dimension);
    }

    public static Optional<PatientFact> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}

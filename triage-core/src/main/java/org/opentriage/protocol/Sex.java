package org.opentriage.protocol;

/** A patient's sex as conditions and populations use it. */
public enum Sex {
    FEMALE, MALE;

    /** The word used in protocol files and conditions: {@code female} or {@code male}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

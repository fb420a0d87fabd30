package org.opentriage.protocol;

/**
 * A patient's sex as conditions and populations use it.
 *
 * @since 0.1.0
 */
public enum Sex {
    /** Female. */
    FEMALE,
    /** Male. */
    MALE;

    /** {@return the word used in protocol files and conditions: {@code female} or {@code male}} */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * {@return the sex a word names, as {@link #word()} writes it}
     *
     * @param word {@code female} or {@code male}
     */
    public static java.util.Optional<Sex> byWord(String word) {
        for (Sex sex : values()) {
            if (sex.word().equals(word)) {
                return java.util.Optional.of(sex);
            }
        }
        return java.util.Optional.empty();
    }
}

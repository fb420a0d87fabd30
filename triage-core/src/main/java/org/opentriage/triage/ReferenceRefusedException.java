package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

/**
 * A nurse id or patient reference that a new call refuses because it does not look pseudonymous (see
 * {@link TriageEngine.Builder#referencePattern}). The message names the field and why, never the refused
 * value: it may be a name or a date of birth, and messages end up in logs.
 *
 * @since 0.1.0
 */
public final class ReferenceRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Which identifier of the call was refused.
     *
     * @since 0.1.0
     */
    public enum Field {
        /** The nurse's id. */
        NURSE("nurse id"),
        /** The patient's reference. */
        PATIENT("patient reference");

        private final String words;

        Field(String words) {
            this.words = words;
        }

        /** {@return the field in words: {@code nurse id}, {@code patient reference}} */
        public String words() {
            return words;
        }
    }

    /**
     * Why it was refused.
     *
     * @since 0.1.0
     */
    public enum Reason {
        /** Something in it reads as a date (ISO, d/m/y or m/d/y with / . or -, yyyymmdd). */
        LOOKS_LIKE_DATE,
        /** It has a space or other white space, as a name would. */
        WHITESPACE,
        /** It is empty or too long. */
        LENGTH,
        /** It has a character outside the default set. */
        CHARACTER,
        /** It does not match the pattern the host configured. */
        PATTERN
    }

    /** The identifier refused. */
    private final Field field;
    /** Why. */
    private final Reason reason;

    ReferenceRefusedException(Field field, Reason reason, String why) {
        super(field.words() + " refused: " + requireNonNull(why, "why")
                + "; give a pseudonymous reference, never a name, date of birth or record number");
        this.field = field;
        this.reason = reason;
    }

    /** {@return which identifier was refused} */
    public Field field() {
        return field;
    }

    /** {@return why it was refused} */
    public Reason reason() {
        return reason;
    }
}

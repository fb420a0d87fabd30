package org.opentriage.triage;

/**
 * An answer that does not fit its question (wrong type, unit, range, option, or "don't know" where it
 * is refused). The call is unchanged; ask again.
 *
 * @since 0.1.0
 */
public final class AnswerRejectedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Why the answer was rejected. {@code UNIT_NEEDED}: a number without a unit to a question that accepts
     * several units; the message lists them.
     *
     * @since 0.1.0
     */
    public enum Reason {
        /** An answer of another type: a number to a yes/no question, a word to a number. */
        WRONG_TYPE,
        /** A unit the question does not accept. */
        WRONG_UNIT,
        /** A number without a unit where several units fit. */
        UNIT_NEEDED,
        /** A number outside what is plausible. */
        OUT_OF_RANGE,
        /** An unusual number, to confirm before it is taken. */
        NEEDS_CONFIRMATION,
        /** An option code the question does not have. */
        UNKNOWN_OPTION,
        /** "Don't know" to a question that does not allow it. */
        UNKNOWN_REFUSED
    }

    /** The question's id. */
    private final String question;
    /** The answer as given. */
    private final String answer;
    /** Why it was rejected. */
    private final Reason reason;

    AnswerRejectedException(String question, Answer answer, Reason reason, String message) {
        super("answer '" + answer.text() + "' to '" + question + "' rejected: " + message);
        this.question = question;
        this.answer = answer.text();
        this.reason = reason;
    }

    /** {@return the id of the question answered} */
    public String question() {
        return question;
    }

    /** {@return the answer, as given} */
    public String answer() {
        return answer;
    }

    /** {@return why the answer was rejected} */
    public Reason reason() {
        return reason;
    }
}

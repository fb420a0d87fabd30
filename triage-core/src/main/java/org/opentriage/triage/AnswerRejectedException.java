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
        WRONG_TYPE, WRONG_UNIT, UNIT_NEEDED, OUT_OF_RANGE, NEEDS_CONFIRMATION, UNKNOWN_OPTION, UNKNOWN_REFUSED
    }

    private final String question;
    private final String answer;
    private final Reason reason;

    AnswerRejectedException(String question, Answer answer, Reason reason, String message) {
        super("answer '" + answer.text() + "' to '" + question + "' rejected: " + message);
        this.question = question;
        this.answer = answer.text();
        this.reason = reason;
    }

    public String question() {
        return question;
    }

    public String answer() {
        return answer;
    }

    public Reason reason() {
        return reason;
    }
}

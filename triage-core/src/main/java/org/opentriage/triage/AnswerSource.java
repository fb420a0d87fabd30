package org.opentriage.triage;

/**
 * Where an answer came from.
 *
 * @since 0.1.0
 */
public enum AnswerSource {
    /** The nurse entered it. */
    NURSE,
    /** A patient fact supplied by the host when the call started answered it without asking. */
    PREFILLED,
    /** A shared question another protocol of the call asked already: its answer is taken, not asked again. */
    REUSED
}

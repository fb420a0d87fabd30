package org.opentriage.triage;

/**
 * An answer with where it came from: as a call keeps it for snapshots, and as a protocol result shows the
 * answers its trigger read.
 *
 * @param protocol the protocol's {@code id@version}
 * @param question the question's id
 * @param answer the answer
 * @param source where it came from
 * @since 0.1.0
 */
public record RecordedAnswer(String protocol, String question, Answer answer, AnswerSource source) {
    /** Checks the components. */
    public RecordedAnswer {
        java.util.Objects.requireNonNull(protocol, "protocol");
        java.util.Objects.requireNonNull(question, "question");
        java.util.Objects.requireNonNull(answer, "answer");
        java.util.Objects.requireNonNull(source, "source");
    }
}

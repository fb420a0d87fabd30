package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import org.opentriage.protocol.LocalizedText;

/**
 * A protocol the call offers to add because an answer suggests it ({@code suggests} in the protocol file): the
 * caller's answer revealed another complaint. The nurse adds it with {@link Call#addProtocol} (its questions come
 * next) or declines it with {@link Call#declineSuggestion}; until then it is pending, in {@link Step#suggestions()}
 * and {@link Outcome#suggestions()}.
 *
 * @param protocol the suggested protocol's id: the one for this patient when the answer names a topic
 * @param title    the suggested protocol's title
 * @param by       the id of the protocol whose question suggests it
 * @param question the question
 * @param answer   the answer that suggests it (yes, "don't know", the option or the items given)
 * @since 0.1.0
 */
public record Suggestion(String protocol, LocalizedText title, String by, String question, Answer answer) {
    /** Checks the components. */
    public Suggestion {
        requireNonNull(protocol, "protocol");
        requireNonNull(title, "title");
        requireNonNull(by, "by");
        requireNonNull(question, "question");
        requireNonNull(answer, "answer");
    }
}

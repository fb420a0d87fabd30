package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.util.List;

import org.opentriage.protocol.Question;

/**
 * What a call needs next: a question to ask, or its outcome.
 *
 * @since 0.1.0
 */
public sealed interface Step {

    /**
     * The protocols the call's answers suggest adding, not yet added or declined: for the nurse to decide
     * ({@link Call#addProtocol}, {@link Call#declineSuggestion}) before going on.
     *
     * @return the pending suggestions
     */
    List<Suggestion> suggestions();

    /**
     * Ask this question of this protocol.
     *
     * @param unknownAllowed whether "don't know" is accepted
     * @param suggestions    the suggestions pending
     * @param protocol the id of the protocol whose question this is (or of the general assessment)
     * @param question the question, with its text, type, options and rationale
     * @since 0.1.0
     */
    record Ask(String protocol, Question question, boolean unknownAllowed, List<Suggestion> suggestions) implements Step {
        /** Checks the components; the list is copied. */
        public Ask {
            requireNonNull(protocol, "protocol");
            requireNonNull(question, "question");
            suggestions = List.copyOf(suggestions);
        }
    }

    /**
     * The call has its outcome (it may still be overridden, extended with a protocol, or closed).
     *
     * @param outcome the call's outcome
     * @since 0.1.0
     */
    record Done(Outcome outcome) implements Step {
        /** Checks the components. */
        public Done {
            requireNonNull(outcome, "outcome");
        }

        /** The outcome's suggestions pending. */
        @Override
        public List<Suggestion> suggestions() {
            return outcome.suggestions();
        }
    }
}

package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import org.opentriage.protocol.Question;

/** What a call needs next: a question to ask, or its outcome. */
public sealed interface Step {

    /**
     * Ask this question of this protocol.
     *
     * @param unknownAllowed whether "don't know" is accepted
     */
    record Ask(String protocol, Question question, boolean unknownAllowed) implements Step {
        public Ask {
            requireNonNull(protocol, "protocol");
            requireNonNull(question, "question");
        }
    }

    /** The call has its outcome (it may still be overridden, extended with a protocol, or closed). */
    record Done(Outcome outcome) implements Step {
        public Done {
            requireNonNull(outcome, "outcome");
        }
    }
}

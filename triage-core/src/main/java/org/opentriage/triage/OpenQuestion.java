package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.Question;

/**
 * A triage question a call had not ruled out when it failed closed: the nurse asks it by hand.
 *
 * @param protocol   the protocol, as {@code id@version}
 * @param ifPositive the disposition a positive answer gives (its group's)
 * @param question the question
 * @since 0.1.0
 */
public record OpenQuestion(String protocol, Question question, Disposition ifPositive) {
    /** Checks the components. */
    public OpenQuestion {
        requireNonNull(protocol, "protocol");
        requireNonNull(question, "question");
        requireNonNull(ifPositive, "ifPositive");
    }
}

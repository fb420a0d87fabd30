package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An item of care advice or a call-back instruction, with the condition under which it is read: an age band,
 * the sex, pregnancy, a fact, an answer ("no nappy advice for a teenager", "call back if a fever develops" only
 * while no fever was reported).
 *
 * @param when care advice is read when the condition holds; a call-back instruction unless it is false (left
 *             in when not known: the caller should hear it rather than miss it)
 */
public record Advice(LocalizedText text, Optional<Condition> when) {
    public Advice {
        requireNonNull(text, "text");
        requireNonNull(when, "when");
    }

    /** Advice read whatever the call. */
    public static Advice always(LocalizedText text) {
        return new Advice(text, Optional.empty());
    }
}

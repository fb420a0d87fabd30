package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An item of care advice or a call-back instruction, with the condition under which it is read: an age band,
 * the sex, pregnancy, a fact, an answer ("no nappy advice for a teenager", "call back if a fever develops" only
 * while no fever was reported).
 *
 * @param when        care advice is read when the condition holds; a call-back instruction unless it is false
 *                    (left in when not known: the caller should hear it rather than miss it)
 * @param id          a call-back instruction's topic ({@code emergency-signs}, {@code worse-or-worried}): in a call
 *                    with several protocols, one instruction per topic, the first protocol's (the general
 *                    assessment's last), so a merged call gives one set of instructions
 * @param disposition a call-back instruction's urgency: what it tells the caller to do ({@code call-911} for "call
 *                    911 at once if"); in a call whose disposition is as urgent or more, it is left out, since it
 *                    would tell the caller to do less than they were just told to
 * @param text what the nurse reads to the caller
 * @since 0.1.0
 */
public record Advice(LocalizedText text, Optional<Condition> when, Optional<String> id, Optional<Disposition> disposition) {
    /** Checks the components. */
    public Advice {
        requireNonNull(text, "text");
        requireNonNull(when, "when");
        requireNonNull(id, "id");
        requireNonNull(disposition, "disposition");
    }

    /**
     * An item read under a condition, without topic or urgency.
     *
     * @param text what the nurse reads to the caller
     * @param when the condition under which it is read
     */
    public Advice(LocalizedText text, Optional<Condition> when) {
        this(text, when, Optional.empty(), Optional.empty());
    }

    /**
     * Advice read whatever the call.
     *
     * @param text what the nurse reads to the caller
     * @return the advice
     */
    public static Advice always(LocalizedText text) {
        return new Advice(text, Optional.empty());
    }
}

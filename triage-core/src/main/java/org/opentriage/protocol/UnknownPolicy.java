package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

/**
 * What a "don't know" answer to a triage question means. None is less cautious than yes: the loader
 * rejects a protocol where it would be.
 *
 * @since 0.1.0
 */
public sealed interface UnknownPolicy {

    /**
     * "Don't know" counts as yes (the default).
     *
     * @since 0.1.0
     */
    record Positive() implements UnknownPolicy {
    }

    /**
     * "Don't know" gives {@code disposition}, at least as urgent as the question's group.
     *
     * @since 0.1.0
     */
    record Escalate(Disposition disposition) implements UnknownPolicy {
        public Escalate {
            requireNonNull(disposition, "disposition");
        }
    }

    /**
     * "Don't know" is not accepted; {@code reason} tells the nurse why the question must be answered.
     *
     * @since 0.1.0
     */
    record Refuse(LocalizedText reason) implements UnknownPolicy {
        public Refuse {
            requireNonNull(reason, "reason");
        }
    }
}

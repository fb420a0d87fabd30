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
     * @param disposition the disposition "don't know" leads to
     * @since 0.1.0
     */
    record Escalate(Disposition disposition) implements UnknownPolicy {
        /** Checks the components. */
        public Escalate {
            requireNonNull(disposition, "disposition");
        }
    }

    /**
     * "Don't know" is not accepted; {@code reason} tells the nurse why the question must be answered.
     *
     * @param reason why "don't know" is refused, for the nurse
     * @since 0.1.0
     */
    record Refuse(LocalizedText reason) implements UnknownPolicy {
        /** Checks the components. */
        public Refuse {
            requireNonNull(reason, "reason");
        }
    }
}

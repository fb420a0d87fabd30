package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

/**
 * What a "don't know" answer to a triage question means. None is less cautious than yes: the loader
 * rejects a protocol where it would be.
 */
public sealed interface UnknownPolicy {

    /** "Don't know" counts as yes (the default). */
    record Positive() implements UnknownPolicy {
    }

    /** "Don't know" gives {@code disposition}, at least as urgent as the question's group. */
    record Escalate(Disposition disposition) implements UnknownPolicy {
        public Escalate {
            requireNonNull(disposition, "disposition");
        }
    }

    /** "Don't know" is not accepted; {@code reason} tells the nurse why the question must be answered. */
    record Refuse(LocalizedText reason) implements UnknownPolicy {
        public Refuse {
            requireNonNull(reason, "reason");
        }
    }
}

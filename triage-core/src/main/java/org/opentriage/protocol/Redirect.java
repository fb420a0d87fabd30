package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

/**
 * "Use protocol {@code protocolId} instead if …".
 *
 * @param protocolId the protocol to use instead
 * @param condition when, in words for the nurse
 * @since 0.1.0
 */
public record Redirect(String protocolId, LocalizedText condition) {
    /** Checks the components. */
    public Redirect {
        requireNonNull(protocolId, "protocolId");
        requireNonNull(condition, "condition");
    }
}

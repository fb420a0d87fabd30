package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

/**
 * "Use protocol {@code protocolId} instead if …".
 *
 * @since 0.1.0
 */
public record Redirect(String protocolId, LocalizedText condition) {
    public Redirect {
        requireNonNull(protocolId, "protocolId");
        requireNonNull(condition, "condition");
    }
}

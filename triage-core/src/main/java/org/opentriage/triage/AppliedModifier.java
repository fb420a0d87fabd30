package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.LocalizedText;

/**
 * A risk modifier that raised a protocol's disposition, with its reason.
 *
 * @param modifier the modifier's id
 * @param protocol the id of the protocol whose disposition it raised
 * @param from the disposition before
 * @param to the disposition after
 * @param reason why, for the nurse
 * @since 0.1.0
 */
public record AppliedModifier(String modifier, String protocol, Disposition from, Disposition to, LocalizedText reason) {
    /** Checks the components. */
    public AppliedModifier {
        requireNonNull(modifier, "modifier");
        requireNonNull(protocol, "protocol");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(reason, "reason");
        if (!to.isMoreUrgentThan(from)) {
            throw new IllegalArgumentException("a modifier only raises: " + from.id() + " to " + to.id());
        }
    }
}

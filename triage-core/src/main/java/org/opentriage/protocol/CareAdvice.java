package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Advice read to the caller when the call ends with {@code disposition}.
 *
 * @since 0.1.0
 */
public record CareAdvice(Disposition disposition, List<Advice> advice) {
    public CareAdvice {
        requireNonNull(disposition, "disposition");
        advice = List.copyOf(advice);
    }
}

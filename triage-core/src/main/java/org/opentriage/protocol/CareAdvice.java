package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Advice read to the caller when the call ends with {@code disposition}.
 *
 * @param disposition the disposition it is read for
 * @param advice the advice items, in reading order
 * @since 0.1.0
 */
public record CareAdvice(Disposition disposition, List<Advice> advice) {
    /** Checks the components; the list is copied. */
    public CareAdvice {
        requireNonNull(disposition, "disposition");
        advice = List.copyOf(advice);
    }
}

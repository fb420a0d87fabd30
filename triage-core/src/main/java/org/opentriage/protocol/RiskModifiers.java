package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The shared, versioned set of risk modifiers ({@code modifiers.yaml} at the root of a library).
 *
 * @param version the file's version
 * @param modifiers the modifiers
 * @since 0.1.0
 */
public record RiskModifiers(Version version, List<RiskModifier> modifiers) {
    /** Checks the components; the list is copied. */
    public RiskModifiers {
        requireNonNull(version, "version");
        modifiers = List.copyOf(modifiers);
    }

    /**
     * No modifiers, for a library without a modifiers file.
     *
     * @return no modifiers
     */
    public static RiskModifiers none() {
        return new RiskModifiers(new Version(0, 0, 0, List.of()), List.of());
    }
}

package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version ({@code MAJOR.MINOR.PATCH[-PRERELEASE]}), ordered as semver 2.0 orders them: a
 * pre-release sorts before its release, pre-release identifiers compare numerically or lexically.
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version
 * @param preRelease the pre-release identifiers, such as {@code rc.1}; empty for a release
 * @since 0.1.0
 */
public record Version(int major, int minor, int patch, List<String> preRelease) implements Comparable<Version> {
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})"
                    + "(?:-((?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*))?");

    /** Checks the components: no negative numbers; the list is copied. */
    public Version {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must not be negative: " + major + "." + minor + "." + patch);
        }
        preRelease = List.copyOf(requireNonNull(preRelease, "preRelease"));
    }

    /**
     * Parses a version; empty when the text is not a semantic version.
     *
     * @param text the text, such as {@code 0.1.0}
     * @return the version, or empty
     */
    public static Optional<Version> parse(String text) {
        Matcher m = SEMVER.matcher(requireNonNull(text, "text"));
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        return Optional.of(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), pre));
    }

    /**
     * Parses a version, failing with the bad text when it is not a semantic version.
     *
     * @param text the text, such as {@code 0.1.0}
     * @return the version
     */
    public static Version of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("not a semantic version: '" + text + "'"));
    }

    /** {@return whether this is a pre-release, such as {@code 1.0.0-rc.1}} */
    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    @Override
    public int compareTo(Version o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        if (c == 0) c = Integer.compare(patch, o.patch);
        if (c != 0) return c;
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
            c = compareIdentifier(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static int compareIdentifier(String a, String b) {
        boolean numericA = a.chars().allMatch(Character::isDigit);
        boolean numericB = b.chars().allMatch(Character::isDigit);
        if (numericA && numericB) {
            return new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
        }
        if (numericA != numericB) {
            return numericA ? -1 : 1;
        }
        return a.compareTo(b);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + String.join(".", preRelease));
    }
}

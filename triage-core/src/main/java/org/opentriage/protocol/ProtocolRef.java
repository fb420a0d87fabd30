package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A pinned protocol version, written {@code id@version} ({@code chest-pain-adult@0.2.0}): the way audit
 * records, pins and {@link ProtocolLibrary#resolve} name one version of a protocol. {@link #toString()}
 * and {@link #parse(String)} are inverse: a reference prints as it parses.
 *
 * @param id the protocol's id
 * @param version the version
 * @since 0.1.0
 */
public record ProtocolRef(String id, Version version) {

    /** Checks the components. */
    public ProtocolRef {
        requireNonNull(id, "id");
        requireNonNull(version, "version");
        if (id.isEmpty() || id.indexOf('@') >= 0) {
            throw new IllegalArgumentException("a protocol id is not empty and has no '@': '" + id + "'");
        }
    }

    /**
     * Parses {@code id@version}; empty when the text is not an id, an {@code @} and a semantic version.
     *
     * @param text the text, such as {@code chest-pain-adult@0.2.0}
     * @return the reference, or empty
     */
    public static Optional<ProtocolRef> parse(String text) {
        requireNonNull(text, "text");
        int at = text.indexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        return Version.parse(text.substring(at + 1)).map(version -> new ProtocolRef(text.substring(0, at), version));
    }

    /**
     * Parses {@code id@version}, failing with the bad text when it is not one.
     *
     * @param text the text, such as {@code chest-pain-adult@0.2.0}
     * @return the reference
     */
    public static ProtocolRef of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException(
                "not a protocol reference (id@version, such as chest-pain-adult@0.2.0): '" + text + "'"));
    }

    /** {@code id@version}. */
    @Override
    public String toString() {
        return id + "@" + version;
    }
}

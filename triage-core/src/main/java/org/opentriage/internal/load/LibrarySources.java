package org.opentriage.internal.load;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * Where a loaded library's files stand: its root, when it was read from one (a directory, the bundled library),
 * and the {@link SourceMap} of each protocol and of the shared questions. Immutable.
 *
 * @param root      the library's root as problems name it; empty for protocols loaded as loose sources
 * @param protocols by {@code id@version}
 * @param bank      the shared questions' file, when the library has one read from its root
 */
public record LibrarySources(Optional<String> root, Map<String, SourceMap> protocols, Optional<SourceMap> bank) {
    public LibrarySources {
        requireNonNull(root, "root");
        protocols = Map.copyOf(protocols);
        requireNonNull(bank, "bank");
    }
}

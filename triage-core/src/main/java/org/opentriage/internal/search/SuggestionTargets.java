package org.opentriage.internal.search;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.opentriage.protocol.Protocol;

/**
 * What a suggested name stands for: the protocols of that topic, or else the protocol of that id; never a general
 * assessment, which every call runs. The loader checks suggestions by it and the library resolves them by it, so
 * that the two agree.
 */
public final class SuggestionTargets {
    private SuggestionTargets() {
    }

    /** The protocols among these that the name stands for; empty when it names none. */
    public static List<Protocol> of(String name, Collection<Protocol> protocols) {
        List<Protocol> ofTopic = protocols.stream().filter(p -> !p.general() && p.topic().equals(Optional.of(name))).toList();
        if (!ofTopic.isEmpty()) {
            return ofTopic;
        }
        return protocols.stream().filter(p -> !p.general() && p.id().equals(name)).toList();
    }
}

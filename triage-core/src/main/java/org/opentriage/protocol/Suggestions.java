package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The protocols the answers to one question suggest adding to the call ({@code suggests} in a protocol file),
 * each named as written: a topic, which the library resolves to its protocol for the patient's population, or a
 * protocol id. A yes/no question suggests {@link #ifYes()} when answered yes; a choice option or a checklist item
 * suggests its own ({@link #byCode()}) when it is the answer or one of the items that apply. "Don't know" counts
 * as yes, so it suggests everything the question could suggest ({@link #all()}).
 *
 * @param ifYes  the names a yes suggests (a yes/no question), in the order written
 * @param byCode the names each option or item suggests, by its code, in the order written
 * @since 0.1.0
 */
public record Suggestions(List<String> ifYes, Map<String, List<String>> byCode) {
    /** A question that suggests nothing. */
    public static final Suggestions NONE = new Suggestions(List.of(), Map.of());

    /** Checks the components; collections are copied. */
    public Suggestions {
        ifYes = List.copyOf(ifYes);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        requireNonNull(byCode, "byCode").forEach((code, names) -> copy.put(requireNonNull(code, "code"), List.copyOf(names)));
        byCode = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * {@return the names the given option or item codes suggest, each once, in the order the file lists the options or items}
     *
     * @param codes the option or item codes given
     */
    public List<String> forCodes(Collection<String> codes) {
        Set<String> names = new LinkedHashSet<>();
        byCode.forEach((code, suggested) -> {
            if (codes.contains(code)) {
                names.addAll(suggested);
            }
        });
        return List.copyOf(names);
    }

    /** {@return every name the question can suggest, each once: what "don't know" suggests} */
    public List<String> all() {
        Set<String> names = new LinkedHashSet<>(ifYes);
        byCode.values().forEach(names::addAll);
        return new ArrayList<>(names);
    }

    /** {@return whether nothing is suggested} */
    public boolean isEmpty() {
        return ifYes.isEmpty() && byCode.isEmpty();
    }
}

package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared disposition scale, most urgent level first. Loaded from {@code dispositions.yaml}; levels
 * have unique ids and unique acuities.
 *
 * @param version the scale's version
 * @param levels the dispositions, most urgent first
 * @since 0.1.0
 */
public record DispositionScale(Version version, List<Disposition> levels) {
    /** Checks the components: at least one level, ids and acuities unique; the levels are sorted, most urgent first. */
    public DispositionScale {
        requireNonNull(version, "version");
        levels = levels.stream().sorted(Comparator.reverseOrder()).toList();
        Map<String, Disposition> ids = new LinkedHashMap<>();
        for (Disposition level : levels) {
            if (ids.put(level.id(), level) != null) {
                throw new IllegalArgumentException("disposition id '" + level.id() + "' appears twice");
            }
        }
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a disposition scale needs at least one level");
        }
        if (levels.stream().map(Disposition::acuity).distinct().count() != levels.size()) {
            throw new IllegalArgumentException("disposition acuities must be unique");
        }
    }

    /**
     * {@return the level with this id, or empty}
     *
     * @param id a disposition id
     */
    public Optional<Disposition> find(String id) {
        requireNonNull(id, "id");
        return levels.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /**
     * {@return the level with this id; fails naming the id when the scale has none}
     *
     * @param id a disposition id
     */
    public Disposition get(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no disposition '" + id + "' in the scale"));
    }
}

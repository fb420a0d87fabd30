package org.opentriage.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.opentriage.cli.AcceptanceFigures.Share;
import org.opentriage.protocol.ProblemCode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The figures an acceptance suite must not fall below, kept in its {@value #FILE}: {@code --check} fails naming
 * each figure past its threshold, and {@code --update-ratchet} rewrites the file from the current figures, only
 * ever tightening them unless forced. Percentages are recorded to one decimal, rounded the way that keeps the
 * figures they were recorded from within them. Immutable.
 */
record Ratchet(Map<Figure, BigDecimal> thresholds) {
    static final String FILE = "ratchet.yaml";
    static final String FORMAT = "opentriage/acceptance-ratchet/v1";

    Ratchet {
        if (!thresholds.keySet().equals(Set.of(Figure.values()))) {
            throw new IllegalArgumentException("a ratchet has a threshold for every figure, not only " + thresholds.keySet());
        }
        Map<Figure, BigDecimal> normal = new EnumMap<>(Figure.class);
        // One decimal for a percentage, none for a count, so that equal thresholds are equal records.
        thresholds.forEach((figure, value) -> normal.put(figure, figure.percent ? value.setScale(Math.max(1, value.scale()))
                : value.setScale(0, RoundingMode.UNNECESSARY)));
        thresholds = Collections.unmodifiableMap(normal);
    }

    /** A figure of the suite that the ratchet holds, a floor or a ceiling. */
    enum Figure {
        APPROPRIATE("appropriatePercent", "appropriate (category equals gold)", true, true, AcceptanceFigures::appropriate),
        EMERGENT_APPROPRIATE("emergentAppropriatePercent", "emergent stories appropriate", true, true,
                AcceptanceFigures::emergentAppropriate),
        UNDER_TRIAGE("maxUnderTriage", "under-triage (less urgent than gold)", false, false, f -> new Share(f.all().under(), 1)),
        SELF_CARE_TO_CLINICIAN("maxSelfCareToClinicianPercent", "self-care stories sent to a clinician or further", false,
                true, AcceptanceFigures::selfCareToClinician),
        NOT_REPLAYABLE("maxNotReplayable", "not replayable", false, false, f -> new Share(f.notReplayable().size(), 1));

        /** The key in {@value #FILE}. */
        final String key;
        final String label;
        /** A floor: the figure must not fall below the threshold; else a ceiling it must not rise above. */
        final boolean floor;
        /** A percentage of the share; else its count. */
        final boolean percent;
        private final Function<AcceptanceFigures, Share> share;

        Figure(String key, String label, boolean floor, boolean percent, Function<AcceptanceFigures, Share> share) {
            this.key = key;
            this.label = label;
            this.floor = floor;
            this.percent = percent;
            this.share = share;
        }

        /** Whether the suite's figure is within {@code threshold}. */
        boolean holds(AcceptanceFigures figures, BigDecimal threshold) {
            Share current = share.apply(figures);
            int compared = percent ? current.compareTo(threshold) : BigDecimal.valueOf(current.count()).compareTo(threshold);
            return floor ? compared >= 0 : compared <= 0;
        }

        /** The figure as the ratchet records it: a count, or a percentage rounded down for a floor, up for a ceiling. */
        BigDecimal recorded(AcceptanceFigures figures) {
            Share current = share.apply(figures);
            return percent ? current.percent(floor ? RoundingMode.FLOOR : RoundingMode.CEILING) : BigDecimal.valueOf(current.count());
        }

        /** The figure for people: {@code 42.9 % (3 of 7)}, or a count. */
        String shown(AcceptanceFigures figures) {
            Share current = share.apply(figures);
            return percent ? current.percent().map(p -> p.toPlainString() + " %").orElse("-") + " (" + current.count() + " of "
                    + current.of() + ")" : String.valueOf(current.count());
        }

        /** A threshold for people: {@code 50.0 %}, or a count. */
        String shown(BigDecimal threshold) {
            return threshold.toPlainString() + (percent ? " %" : "");
        }
    }

    /** A ratchet that every suite holds: floors of 0 %, ceilings of 0, as for a suite with no story. */
    static Ratchet zero() {
        Map<Figure, BigDecimal> zero = new EnumMap<>(Figure.class);
        for (Figure figure : Figure.values()) {
            zero.put(figure, figure.percent ? BigDecimal.ZERO.setScale(1) : BigDecimal.ZERO);
        }
        return new Ratchet(zero);
    }

    /** The figures of the suite past their thresholds, in the file's order. */
    List<Figure> regressions(AcceptanceFigures figures) {
        return thresholds.entrySet().stream().filter(t -> !t.getKey().holds(figures, t.getValue())).map(Map.Entry::getKey)
                .toList();
    }

    /**
     * This ratchet with each threshold moved to the suite's figure where that is tighter; with {@code force}, to the
     * suite's figure wherever it is.
     */
    Ratchet updated(AcceptanceFigures figures, boolean force) {
        Map<Figure, BigDecimal> updated = new EnumMap<>(Figure.class);
        thresholds.forEach((figure, old) -> {
            BigDecimal now = figure.recorded(figures);
            updated.put(figure, force ? now : figure.floor ? now.max(old) : now.min(old));
        });
        return new Ratchet(updated);
    }

    /** Reads a ratchet file; fails with {@link LocatedYaml.Failure} at its first problem. */
    static Ratchet read(Path file) {
        LocatedYaml yaml = LocatedYaml.read(file, "ratchet");
        Set<String> keys = new LinkedHashSet<>(List.of("format"));
        for (Figure figure : Figure.values()) {
            keys.add(figure.key);
        }
        LocatedYaml.Fields top = yaml.top(keys);
        Node format = top.required("format");
        if (!yaml.scalar(format, "format").equals(FORMAT)) {
            throw yaml.fail(ProblemCode.UNSUPPORTED_FORMAT, format, "format", "expected " + FORMAT + ", not '"
                    + yaml.scalar(format, "format") + "'");
        }
        Map<Figure, BigDecimal> thresholds = new EnumMap<>(Figure.class);
        for (Figure figure : Figure.values()) {
            Node node = top.required(figure.key);
            String given = yaml.scalar(node, figure.key);
            BigDecimal value;
            try {
                value = new BigDecimal(given);
            } catch (NumberFormatException e) {
                throw yaml.fail(ProblemCode.WRONG_TYPE, node, figure.key, "expected a number, not '" + given + "'");
            }
            boolean fits = figure.percent ? value.signum() >= 0 && value.compareTo(BigDecimal.valueOf(100)) <= 0
                    : value.signum() >= 0 && value.stripTrailingZeros().scale() <= 0;
            if (!fits) {
                throw yaml.fail(ProblemCode.INVALID_VALUE, node, figure.key, "expected " + (figure.percent
                        ? "a percentage from 0 to 100" : "a count (0 or more)") + ", not " + given);
            }
            thresholds.put(figure, value);
        }
        return new Ratchet(thresholds);
    }

    /** Writes the ratchet to a file, replacing it, with a comment for each figure. */
    void write(Path file) {
        List<String> lines = new ArrayList<>(List.of(
                "# The figures the acceptance suite must not fall below. ./triage acceptance --check fails (exit 6) naming",
                "# each figure past its threshold; ./triage acceptance --update-ratchet rewrites this file from the current",
                "# figures, only ever tightening them (--force loosens them: say why in the commit). See README.md.",
                "format: " + FORMAT));
        thresholds.forEach((figure, threshold) -> lines.add(String.format(Locale.ROOT, "%-36s # %s %s", figure.key + ": "
                + figure.shown(threshold).replace(" %", ""), figure.floor ? "at least:" : "at most: ",
                figure.label + (figure.percent ? ", %" : ""))));
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.BAD_INPUT, file + ": cannot write the ratchet: " + CommandFailure.why(e));
        }
    }
}

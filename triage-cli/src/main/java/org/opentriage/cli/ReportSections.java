package org.opentriage.cli;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The report as sections of tables, for the text and the HTML page alike: each a title, columns, rows of cells (as
 * written; the renderers escape them), notes, and the bars of a chart. Cells that came from a trail are untrusted.
 */
final class ReportSections {
    /** A bar of a chart: its label, its value in percent, and a public figure to compare with, when there is one. */
    record Bar(String label, double percent, Optional<Double> compare) {
    }

    /**
     * A table of the report.
     *
     * @param numeric for each column, whether it is a number (right-aligned)
     * @param chart   bars to draw on the HTML page; empty for none
     */
    record Section(String title, List<String> columns, boolean[] numeric, List<List<String>> rows, List<String> notes,
                   List<Bar> chart, String chartLegend) {
    }

    /** One trail as verification found it. */
    record TrailLine(String name, String status, long records, long calls) {
    }

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ReportSections() {
    }

    /** The report's one-line summary. */
    static String headline(TrailFigures f, List<TrailLine> trails) {
        return "Triage report: " + trails.size() + (trails.size() == 1 ? " trail, " : " trails, ") + f.calls + " calls"
                + (f.first == null ? "" : " (" + MINUTE.format(f.first) + " to " + MINUTE.format(f.last) + " UTC)");
    }

    static List<Section> build(TrailFigures f, List<TrailLine> trails) {
        List<Section> sections = new ArrayList<>();
        sections.add(new Section("Trails", List.of("trail", "status", "records", "calls"),
                new boolean[] {false, false, true, true},
                trails.stream().map(t -> List.of(t.name(), t.status(), n(t.records()), n(t.calls()))).toList(),
                List.of(), List.of(), ""));
        sections.add(calls(f));
        sections.add(mix(f));
        sections.add(categories(f));
        if (!f.failedTo.isEmpty()) {
            sections.add(new Section("Calls failed closed, by the disposition they escalated to", List.of("disposition", "calls"),
                    new boolean[] {false, true}, f.byAcuity(f.failedTo.keySet()).stream()
                    .map(d -> List.of(d, n(f.failedTo.get(d)))).toList(), List.of(), List.of(), ""));
        }
        sections.add(overrides(f));
        sections.add(reasons(f));
        sections.add(nurses(f));
        sections.add(times(f));
        sections.add(triggers(f));
        sections.add(protocols(f));
        sections.add(suggestions(f));
        sections.add(counted("Languages of calls", "language", f.languages, f.calls, List.of()));
        sections.add(escalations(f));
        return sections;
    }

    private static Section calls(TrailFigures f) {
        List<List<String>> rows = new ArrayList<>();
        for (TrailFigures.Ending ending : TrailFigures.Ending.values()) {
            long count = f.ended(ending);
            if (count > 0 || ending != TrailFigures.Ending.OPEN) {
                rows.add(List.of(ending.words, n(count), percent(count, f.calls)));
            }
        }
        rows.add(List.of("all calls", n(f.calls), percent(f.calls, f.calls)));
        List<String> notes = new ArrayList<>();
        notes.add(f.nurses.size() + (f.nurses.size() == 1 ? " nurse" : " nurses") + "; " + f.resumed
                + " resumed from a snapshot; " + f.recoveries + " trail recover" + (f.recoveries == 1 ? "y" : "ies"));
        return new Section("Calls", List.of("ended", "calls", "%"), new boolean[] {false, true, true}, rows, notes,
                List.of(), "");
    }

    private static Section mix(TrailFigures f) {
        long closed = f.ended(TrailFigures.Ending.CLOSED);
        Set<String> ids = new LinkedHashSet<>(f.byAcuity(f.finalMix.keySet()));
        ids.addAll(PublicMix.BY_DISPOSITION.keySet());
        List<List<String>> rows = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        for (String id : f.byAcuity(ids)) {
            long count = f.finalMix.getOrDefault(id, 0L);
            Optional<Double> pub = PublicMix.disposition(id);
            rows.add(List.of(id, f.category(id).orElse("not on the scale"), n(count), percent(count, closed),
                    pub.map(ReportSections::pct).orElse("\u2014")));
            bars.add(new Bar(id, closed == 0 ? 0 : 100.0 * count / closed, pub));
        }
        rows.add(List.of("all closed calls", "", n(closed), percent(closed, closed), "90.2%"));
        return new Section("Final disposition of closed calls, beside a public call-centre mix",
                List.of("disposition", "category", "calls", "%", "public %"), new boolean[] {false, false, true, true, true},
                rows, List.of(PublicMix.SOURCE), bars, "this trail \u2014 public mix");
    }

    private static Section categories(TrailFigures f) {
        long closed = f.ended(TrailFigures.Ending.CLOSED);
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (CareCategory c : CareCategory.values()) {
            counts.put(c.word(), 0L);
        }
        f.finalMix.forEach((id, count) -> counts.merge(f.category(id).orElse("not on the scale"), count, Long::sum));
        List<List<String>> rows = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        counts.forEach((category, count) -> {
            Optional<Double> pub = PublicMix.category(category);
            rows.add(List.of(category, n(count), percent(count, closed), pub.map(ReportSections::pct).orElse("\u2014")));
            bars.add(new Bar(category, closed == 0 ? 0 : 100.0 * count / closed, pub));
        });
        return new Section("Final disposition by category (closed calls)", List.of("category", "calls", "%", "public %"),
                new boolean[] {false, true, true, true}, rows,
                List.of("emergent: 911, ED, ED/UCC, poison center; clinician: on-call provider, within 4 h to 2 weeks, "
                        + "dentist; self-care: home care (the scale's categories, as triage acceptance counts them)"),
                bars, "this trail \u2014 public mix");
    }

    private static Section overrides(TrailFigures f) {
        long closed = f.ended(TrailFigures.Ending.CLOSED);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("final as recommended", n(closed - f.closedOverridden), percent(closed - f.closedOverridden, closed)));
        rows.add(List.of("overridden", n(f.closedOverridden), percent(f.closedOverridden, closed)));
        rows.add(List.of("  up (more urgent)", n(f.closedUp), percent(f.closedUp, closed)));
        rows.add(List.of("  down (less urgent)", n(f.closedDown), percent(f.closedDown, closed)));
        long unranked = f.closedOverridden - f.closedUp - f.closedDown;
        if (unranked > 0) {
            rows.add(List.of("  not on the scale", n(unranked), percent(unranked, closed)));
        }
        List<String> notes = new ArrayList<>();
        TrailFigures.top(f.overridePairs, 10).forEach(e -> notes.add("recommended " + e.getKey() + ": " + e.getValue()));
        return new Section("Recommended vs final disposition (closed calls)", List.of("final", "calls", "%"),
                new boolean[] {false, true, true}, rows, notes, List.of(), "");
    }

    private static Section reasons(TrailFigures f) {
        List<List<String>> rows = new ArrayList<>();
        f.overrideReasons.forEach((code, c) -> rows.add(List.of(code, n(c[0]), n(c[1]), n(c[0] + c[1]))));
        rows.add(List.of("all overrides", n(f.overridesUp), n(f.overridesDown), n(f.overrideEvents)));
        List<String> notes = new ArrayList<>();
        notes.add(f.overridesVoided + " override(s) voided when the recommendation rose above them");
        long approved = f.overridesDown - f.downgradesWithoutApprover;
        notes.add("downgrades: " + f.overridesDown + ", with an approver " + approved + ", without "
                + f.downgradesWithoutApprover);
        f.approvers.forEach((approver, count) -> notes.add("approved by " + approver + ": " + count));
        return new Section("Overrides applied, by reason code", List.of("reason code", "up", "down", "all"),
                new boolean[] {false, true, true, true}, rows, notes, List.of(), "");
    }

    private static Section nurses(TrailFigures f) {
        java.util.Set<String> names = new java.util.TreeSet<>(f.nurses.keySet());
        names.addAll(f.nurseOverrides.keySet());
        List<List<String>> rows = new ArrayList<>();
        for (String nurse : names) {
            long calls = f.nurses.getOrDefault(nurse, 0L);
            long[] o = f.nurseOverrides.getOrDefault(nurse, new long[2]);
            rows.add(List.of(nurse, n(calls), n(o[0]), n(o[1]), percent(o[0] + o[1], calls)));
        }
        return new Section("Calls and overrides by nurse", List.of("nurse", "calls", "up", "down", "overrides per call"),
                new boolean[] {false, true, true, true, true}, rows,
                List.of("override notes are free text and may hold patient details: the report leaves them out"),
                List.of(), "");
    }

    private static Section times(TrailFigures f) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("call start to first disposition", f.timeToDisposition(), true, f.reachedDisposition()));
        rows.add(row("call start to close", f.timeToClose(), true, f.closedTimed()));
        rows.add(row("questions asked to first disposition", f.questionsToDisposition(), false, f.reachedDisposition()));
        return new Section("Time and questions to disposition", List.of("measure", "median", "p90", "calls"),
                new boolean[] {false, true, true, true}, rows,
                List.of("times between record times (when each record was written); percentiles by nearest rank; a "
                        + "resumed call counts from its resumption"), List.of(), "");
    }

    private static List<String> row(String measure, Optional<long[]> values, boolean time, long calls) {
        if (values.isEmpty()) {
            return List.of(measure, "\u2014", "\u2014", n(calls));
        }
        long[] v = values.get();
        return List.of(measure, time ? duration(v[0]) : n(v[0]), time ? duration(v[1]) : n(v[1]), n(calls));
    }

    private static Section triggers(TrailFigures f) {
        long total = f.calls;
        List<List<String>> rows = new ArrayList<>();
        List<Bar> bars = new ArrayList<>();
        for (Map.Entry<String, Long> e : TrailFigures.top(f.triggers, 10)) {
            rows.add(List.of(e.getKey(), n(e.getValue()), percent(e.getValue(), total)));
            bars.add(new Bar(e.getKey(), total == 0 ? 0 : 100.0 * e.getValue() / total, Optional.empty()));
        }
        return new Section("Top 10 triggering questions (the question that decided a protocol's disposition)",
                List.of("protocol/question", "calls", "% of calls"), new boolean[] {false, true, true}, rows,
                List.of(f.triggers.size() + " distinct triggering questions"), bars, "% of calls");
    }

    private static Section protocols(TrailFigures f) {
        List<Bar> bars = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Long> e : TrailFigures.top(f.protocols, Integer.MAX_VALUE)) {
            rows.add(List.of(e.getKey(), n(e.getValue()), percent(e.getValue(), f.calls)));
            if (bars.size() < 15) {  // the chart shows the 15 most used; the table all
                bars.add(new Bar(e.getKey(), f.calls == 0 ? 0 : 100.0 * e.getValue() / f.calls, Optional.empty()));
            }
        }
        return new Section("Protocols used", List.of("protocol", "calls", "% of calls"), new boolean[] {false, true, true},
                rows, List.of("a call counts once for each protocol it used, from its start or added"), bars, "% of calls");
    }

    private static Section suggestions(TrailFigures f) {
        List<List<String>> rows = List.of(
                List.of("offered", n(f.suggestionsOffered)),
                List.of("accepted (protocol added)", n(f.suggestionsAccepted)),
                List.of("declined", n(f.suggestionsDeclined)),
                List.of("withdrawn (answer withdrawn)", n(f.suggestionsWithdrawn)),
                List.of("undecided at close", n(f.suggestionsUndecided)),
                List.of("protocols added without a suggestion", n(f.protocolsAddedUnsuggested)));
        return new Section("Suggested protocols", List.of("suggestions", "count"), new boolean[] {false, true}, rows,
                List.of(), List.of(), "");
    }

    private static Section escalations(TrailFigures f) {
        List<List<String>> rows = new ArrayList<>();
        f.escalationReasons.forEach((reason, c) -> rows.add(List.of(reason, n(c[0]), n(c[1]))));
        rows.add(List.of("all deliveries", n(f.escalationsSent), n(f.escalationsFailed)));
        return new Section("Escalation deliveries to the on-call clinician", List.of("reason", "sent", "failed"),
                new boolean[] {false, true, true}, rows,
                List.of(f.escalationsSent + f.escalationsFailed == 0 ? "none recorded (no escalation listener, or none reached)"
                        : f.escalationAttempts + " attempts in all; after a failed delivery the nurse phones the clinician by hand"),
                List.of(), "");
    }

    private static Section counted(String title, String what, Map<String, Long> counts, long total, List<String> notes) {
        List<List<String>> rows = TrailFigures.top(counts, Integer.MAX_VALUE).stream()
                .map(e -> List.of(e.getKey(), n(e.getValue()), percent(e.getValue(), total))).toList();
        return new Section(title, List.of(what, "calls", "%"), new boolean[] {false, true, true}, rows, notes, List.of(), "");
    }

    static String n(long value) {
        return Long.toString(value);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "\u2014" : pct(100.0 * part / whole);
    }

    static String pct(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }

    /** Milliseconds as {@code 45s}, {@code 3m 05s} or {@code 1h 02m}. */
    static String duration(long millis) {
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }
}

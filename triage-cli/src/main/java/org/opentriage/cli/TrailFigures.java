package org.opentriage.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.DispositionScale;
import org.opentriage.protocol.ProtocolRef;
import org.opentriage.triage.AuditEvent;
import org.opentriage.triage.AuditRecord;

/**
 * The figures of {@code triage report}, gathered from audit records as they stream by: what it holds grows with the
 * calls open at the point reached (a few words each), a few numbers for each call ended (its times and question
 * count, for the percentiles), and counters keyed by disposition, protocol, question, reason code, approver and
 * language. It never holds a record once it has read it. Trails are read one after the other; a call is known by its
 * trail and id. Everything kept that came from a trail is untrusted text: the renderers escape it.
 */
final class TrailFigures {
    /** How a call ended. */
    enum Ending {
        CLOSED("closed"), ABANDONED("abandoned"), FAILED_CLOSED("failed closed"), INTERRUPTED("interrupted"),
        OPEN("left open (trail interrupted)");

        final String words;

        Ending(String words) {
            this.words = words;
        }
    }

    /** A call being read. */
    private static final class OpenCall {
        final Instant start;
        final boolean resumed;
        Instant firstDisposition;
        int questions;
        int questionsToDisposition = -1;
        final Map<String, String> triggers = new HashMap<>();
        final Set<String> suggested = new HashSet<>();
        final Set<String> protocols = new HashSet<>();

        OpenCall(Instant start, boolean resumed) {
            this.start = start;
            this.resumed = resumed;
        }
    }

    private final DispositionScale scale;
    private final Map<String, OpenCall> open = new HashMap<>();
    private String trail = "";

    long calls;
    long resumed;
    long records;
    final Map<Ending, Long> endings = new LinkedHashMap<>();
    /** Closed calls by final disposition. */
    final Map<String, Long> finalMix = new TreeMap<>();
    /** Calls failed closed, by the disposition they failed to. */
    final Map<String, Long> failedTo = new TreeMap<>();
    long closedOverridden;
    long closedUp;
    long closedDown;
    long overrideEvents;
    long overridesUp;
    long overridesDown;
    long overridesVoided;
    /** Override events by reason code: {up, down}. */
    final Map<String, long[]> overrideReasons = new TreeMap<>();
    long downgradesWithoutApprover;
    final Map<String, Long> approvers = new TreeMap<>();
    /** Closed calls by recommended to final disposition, for the calls whose final one differs. */
    final Map<String, Long> overridePairs = new TreeMap<>();
    private final LongList toDisposition = new LongList();
    private final LongList toClose = new LongList();
    private final LongList questionsToDisposition = new LongList();
    final Map<String, Long> triggers = new HashMap<>();
    final Map<String, Long> protocols = new TreeMap<>();
    long suggestionsOffered;
    long suggestionsAccepted;
    long suggestionsDeclined;
    long suggestionsWithdrawn;
    long suggestionsUndecided;
    long protocolsAddedUnsuggested;
    final Map<String, Long> languages = new TreeMap<>();
    final Map<String, Long> nurses = new TreeMap<>();
    /** Override events by the nurse who made them: {up, down}. */
    final Map<String, long[]> nurseOverrides = new TreeMap<>();
    long escalationsSent;
    long escalationsFailed;
    long escalationAttempts;
    /** Escalation deliveries by reason word: {sent, failed}. */
    final Map<String, long[]> escalationReasons = new TreeMap<>();
    long recoveries;
    Instant first;
    Instant last;

    TrailFigures(DispositionScale scale) {
        this.scale = scale;
        for (Ending ending : Ending.values()) {
            endings.put(ending, 0L);
        }
    }

    /** Starts the records of another trail. */
    void startTrail(String name) {
        trail = name;
    }

    /** Ends the records of the current trail: the calls it left open are counted as such. */
    void endTrail() {
        new ArrayList<>(open.keySet()).stream().filter(k -> k.startsWith(trail + "\u0000")).sorted()
                .forEach(k -> end(k, Ending.OPEN));
    }

    void accept(AuditRecord record) {
        records++;
        if (first == null || record.time().isBefore(first)) {
            first = record.time();
        }
        if (last == null || record.time().isAfter(last)) {
            last = record.time();
        }
        if (record.callId().isEmpty()) {
            record.events().forEach(this::trailEvent);
            return;
        }
        String key = trail + "\u0000" + record.callId().get();
        for (AuditEvent event : record.events()) {
            callEvent(key, record.time(), event);
        }
    }

    private void trailEvent(AuditEvent event) {
        if (event instanceof AuditEvent.EscalationDelivery d) {
            long[] counts = escalationReasons.computeIfAbsent(d.reason().word(), r -> new long[2]);
            if (d.sent()) {
                escalationsSent++;
                counts[0]++;
            } else {
                escalationsFailed++;
                counts[1]++;
            }
            escalationAttempts += d.attempts();
        } else if (event instanceof AuditEvent.TrailRecovered) {
            recoveries++;
        }
    }

    private void callEvent(String key, Instant time, AuditEvent event) {
        if (event instanceof AuditEvent.CallStarted s) {
            calls++;
            OpenCall call = new OpenCall(time, false);
            open.put(key, call);
            s.protocols().forEach(p -> use(call, ProtocolRef.of(p.ref()).id()));
            languages.merge(s.language(), 1L, Long::sum);
            nurses.merge(s.nurse(), 1L, Long::sum);
            return;
        }
        if (event instanceof AuditEvent.CallResumed) {
            calls++;
            resumed++;
            open.put(key, new OpenCall(time, true));
            return;
        }
        OpenCall call = open.get(key);
        if (call == null) {
            return;  // a verified trail has none: nothing of a call follows its end
        }
        if (event instanceof AuditEvent.ProtocolAdded a) {
            String id = ProtocolRef.of(a.protocol().ref()).id();
            if (call.suggested.contains(id)) {
                suggestionsAccepted++;
            } else {
                protocolsAddedUnsuggested++;
            }
            use(call, id);
        } else if (event instanceof AuditEvent.QuestionAsked) {
            call.questions++;
        } else if (event instanceof AuditEvent.DispositionReached d) {
            if (d.trigger().isPresent()) {
                call.triggers.put(d.protocol(), d.trigger().get());
            } else {
                call.triggers.remove(d.protocol());
            }
        } else if (event instanceof AuditEvent.Recommended) {
            if (call.firstDisposition == null) {
                call.firstDisposition = time;
                call.questionsToDisposition = call.questions;
            }
        } else if (event instanceof AuditEvent.OverrideApplied o) {
            override(o);
        } else if (event instanceof AuditEvent.OverridesVoided v) {
            overridesVoided += v.voided().size();
        } else if (event instanceof AuditEvent.SuggestionOffered s) {
            suggestionsOffered++;
            call.suggested.add(s.suggested());
        } else if (event instanceof AuditEvent.SuggestionDeclined) {
            suggestionsDeclined++;
        } else if (event instanceof AuditEvent.SuggestionWithdrawn) {
            suggestionsWithdrawn++;
        } else if (event instanceof AuditEvent.CallClosed c) {
            closed(c);
            toClose.add(Duration.between(call.start, time).toMillis());
            end(key, Ending.CLOSED);
        } else if (event instanceof AuditEvent.CallAbandoned) {
            end(key, Ending.ABANDONED);
        } else if (event instanceof AuditEvent.CallError e) {
            failedTo.merge(e.disposition(), 1L, Long::sum);
            end(key, Ending.FAILED_CLOSED);
        } else if (event instanceof AuditEvent.CallInterrupted) {
            end(key, Ending.INTERRUPTED);
        }
        // answers, facts, rules, modifiers and advice: no figure of the report
    }

    private void override(AuditEvent.OverrideApplied o) {
        overrideEvents++;
        long[] counts = overrideReasons.computeIfAbsent(o.reasonCode(), c -> new long[2]);
        nurseOverrides.computeIfAbsent(o.nurse(), n -> new long[2])[o.downgrade() ? 1 : 0]++;
        if (o.downgrade()) {
            overridesDown++;
            counts[1]++;
            if (o.approver().isPresent()) {
                approvers.merge(o.approver().get(), 1L, Long::sum);
            } else {
                downgradesWithoutApprover++;
            }
        } else {
            overridesUp++;
            counts[0]++;
        }
    }

    private void closed(AuditEvent.CallClosed c) {
        finalMix.merge(c.finalDisposition(), 1L, Long::sum);
        suggestionsUndecided += c.undecided().size();
        if (c.finalDisposition().equals(c.recommended())) {
            return;
        }
        closedOverridden++;
        overridePairs.merge(c.recommended() + " \u2192 " + c.finalDisposition(), 1L, Long::sum);
        Optional<Disposition> from = scale.find(c.recommended());
        Optional<Disposition> to = scale.find(c.finalDisposition());
        if (from.isPresent() && to.isPresent()) {
            if (to.get().isMoreUrgentThan(from.get())) {
                closedUp++;
            } else {
                closedDown++;
            }
        }
    }

    private void use(OpenCall call, String protocol) {
        if (call.protocols.add(protocol)) {
            protocols.merge(protocol, 1L, Long::sum);
        }
    }

    private void end(String key, Ending ending) {
        OpenCall call = open.remove(key);
        endings.merge(ending, 1L, Long::sum);
        if (call.firstDisposition != null) {
            toDisposition.add(Duration.between(call.start, call.firstDisposition).toMillis());
            questionsToDisposition.add(call.questionsToDisposition);
        }
        call.triggers.forEach((protocol, question) -> triggers.merge(protocol + "/" + question, 1L, Long::sum));
    }

    long ended(Ending ending) {
        return endings.get(ending);
    }

    /** The calls that reached a first disposition. */
    long reachedDisposition() {
        return toDisposition.size;
    }

    /** Milliseconds from a call's first record to the record of its first recommendation: {median, p90}. */
    Optional<long[]> timeToDisposition() {
        return toDisposition.percentiles();
    }

    /** Milliseconds from a call's first record to its closing record, for closed calls: {median, p90}. */
    Optional<long[]> timeToClose() {
        return toClose.percentiles();
    }

    long closedTimed() {
        return toClose.size;
    }

    /** Questions asked before the first recommendation: {median, p90}. */
    Optional<long[]> questionsToDisposition() {
        return questionsToDisposition.percentiles();
    }

    /** The most counted entries, most first, ties by name. */
    static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(limit).toList();
    }

    /** The category word of a disposition on the scale: emergent, clinician or self-care; empty when not on it. */
    Optional<String> category(String disposition) {
        return scale.find(disposition).map(d -> CareCategory.of(d).word());
    }

    /** The disposition ids of a mix, most urgent first; those not on the scale last, by id. */
    List<String> byAcuity(Set<String> ids) {
        return ids.stream().sorted(Comparator.comparing((String id) -> -scale.find(id).map(Disposition::acuity)
                .orElse(Integer.MIN_VALUE + 1)).thenComparing(Comparator.naturalOrder())).toList();
    }

    /** The levels of the scale, most urgent first. */
    List<String> scaleIds() {
        return scale.levels().stream().sorted(Comparator.reverseOrder()).map(Disposition::id).toList();
    }

    /** A growable array of longs: a number or two per call, never the records. */
    private static final class LongList {
        long[] values = new long[64];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        /** The median and 90th percentile by nearest rank: the value at rank ceil(p × n) of the sorted values. */
        Optional<long[]> percentiles() {
            if (size == 0) {
                return Optional.empty();
            }
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return Optional.of(new long[] {rank(sorted, 50), rank(sorted, 90)});
        }

        private static long rank(long[] sorted, int percent) {
            int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
            return sorted[Math.max(rank, 1) - 1];
        }
    }
}

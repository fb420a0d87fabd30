package org.opentriage.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/** Reading trails in tests: a call's events, in order. */
final class Trails {
    /** The last verification of each sink's trail, so that a trail not written since is not read again. */
    private static final Map<MemoryAuditSink, Verified> VERIFIED = Collections.synchronizedMap(new WeakHashMap<>());

    private record Verified(int lines, Optional<byte[]> key, AuditTrail.Verification verification) {
    }

    private Trails() {
    }

    /**
     * Verifies a sink's whole trail ({@link AuditTrail#verify}). A trail verified with the same key and not
     * written since is not read again: the invariant checker and the test verify many trails both.
     */
    static AuditTrail.Verification verify(MemoryAuditSink sink, Optional<byte[]> key) {
        List<String> lines = sink.lines();
        Verified known = VERIFIED.get(sink);
        if (known != null && known.lines() == lines.size() && known.key().isPresent() == key.isPresent()
                && (key.isEmpty() || Arrays.equals(known.key().get(), key.get()))) {
            return known.verification();
        }
        AuditTrail.Verification verification = AuditTrail.verify(lines, key);
        VERIFIED.put(sink, new Verified(lines.size(), key, verification));
        return verification;
    }

    /** How many lines of the sink's trail were verified last (0 for a trail not verified). */
    static int verifiedLines(MemoryAuditSink sink) {
        Verified known = VERIFIED.get(sink);
        return known == null ? 0 : known.lines();
    }

    static List<AuditEvent> events(List<AuditRecord> records) {
        List<AuditEvent> events = new ArrayList<>();
        records.forEach(r -> events.addAll(r.events()));
        return events;
    }

    static List<AuditEvent> events(MemoryAuditSink sink, String callId) {
        return events(sink.records(callId));
    }

    static List<AuditEvent.Type> types(MemoryAuditSink sink, String callId) {
        return events(sink, callId).stream().map(AuditEvent::type).toList();
    }

    /** The records of a whole trail, chained from its first line. */
    static List<AuditRecord> parse(List<String> lines) {
        List<AuditRecord> records = new ArrayList<>();
        String prev = org.opentriage.internal.engine.AuditChain.GENESIS;
        for (String line : lines) {
            AuditRecord record = AuditRecord.parse(line, prev);
            records.add(record);
            prev = record.hash();
        }
        return records;
    }
}

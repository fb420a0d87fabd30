package org.opentriage.triage;

import java.util.ArrayList;
import java.util.List;

/** Reading trails in tests: a call's events, in order. */
final class Trails {
    private Trails() {
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

package org.opentriage.triage;

import java.util.ArrayList;
import java.util.List;

/** Keeps a trail in memory, for tests and for hosts that store records elsewhere. Thread-safe. */
public final class MemoryAuditSink implements AuditSink {
    private final List<AuditRecord> records = new ArrayList<>();

    /** An empty trail. */
    public MemoryAuditSink() {
    }

    @java.lang.Override
    public synchronized void append(AuditRecord record) {
        records.add(record);
    }

    /** The records so far, in order, the trail's header first. */
    public synchronized List<AuditRecord> records() {
        return List.copyOf(records);
    }

    /** The records of one call, in order. */
    public synchronized List<AuditRecord> records(String callId) {
        return records.stream().filter(r -> r.callId().filter(callId::equals).isPresent()).toList();
    }

    /** The whole trail as JSON lines, as a trail file holds it. */
    public synchronized List<String> lines() {
        return records.stream().map(AuditRecord::line).toList();
    }
}

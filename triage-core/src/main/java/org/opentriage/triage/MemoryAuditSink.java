package org.opentriage.triage;

import java.util.ArrayList;
import java.util.List;

/** Keeps records in memory, for tests and for hosts that store them elsewhere. Thread-safe. */
public final class MemoryAuditSink implements AuditSink {
    private final List<AuditRecord> records = new ArrayList<>();

    @java.lang.Override
    public synchronized void append(AuditRecord record) {
        records.add(record);
    }

    /** The records so far, in order. */
    public synchronized List<AuditRecord> records() {
        return List.copyOf(records);
    }

    /** The JSON lines of one call, in order. */
    public synchronized List<String> lines(String callId) {
        return records.stream().filter(r -> r.callId().equals(callId)).map(AuditRecord::json).toList();
    }
}

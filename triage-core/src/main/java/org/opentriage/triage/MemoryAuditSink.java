package org.opentriage.triage;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a trail in memory, for tests and for hosts that store records elsewhere. Thread-safe.
 *
 * @since 0.1.0
 */
public final class MemoryAuditSink implements AuditSink {
    /** An empty sink. */
    public MemoryAuditSink() {
    }

    private final List<AuditRecord> records = new ArrayList<>();

    @java.lang.Override
    public synchronized void append(AuditRecord record) {
        records.add(record);
    }

    /** {@return the records so far, in order, the trail's header first} */
    public synchronized List<AuditRecord> records() {
        return List.copyOf(records);
    }

    /**
     * {@return the records of one call, in order}
     *
     * @param callId the call's id
     */
    public synchronized List<AuditRecord> records(String callId) {
        return records.stream().filter(r -> r.callId().filter(callId::equals).isPresent()).toList();
    }

    /** {@return the whole trail as JSON lines, as a trail file holds it} */
    public synchronized List<String> lines() {
        return records.stream().map(AuditRecord::line).toList();
    }
}

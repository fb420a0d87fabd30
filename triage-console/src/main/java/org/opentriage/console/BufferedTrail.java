package org.opentriage.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.AuditSink;

/**
 * The audit sink of one write of one call: keeps the records the engine seals during the write, to be inserted in
 * the transaction that stores the call's new state, and tells the engine where the call's trail ends in the store,
 * so the records chain onto it. A new one for every write; not shared between threads.
 */
final class BufferedTrail implements AuditSink {
    private final Optional<Head> head;
    private final List<AuditRecord> records = new ArrayList<>();

    /** @param head the end of the call's trail in the store; empty for a new call, whose trail starts with its header */
    BufferedTrail(Optional<Head> head) {
        this.head = head;
    }

    @Override
    public void append(AuditRecord record) {
        records.add(record);
    }

    /** Nothing to do here: the records are durable when the transaction that inserts them commits. */
    @Override
    public void sync() {
    }

    @Override
    public Optional<Head> head() {
        return head;
    }

    List<String> lines() {
        return records.stream().map(AuditRecord::line).toList();
    }

    /** The hash of the last record written, or of the trail's end before. */
    String lastHash() {
        return records.isEmpty() ? head.orElseThrow().hash() : records.get(records.size() - 1).hash();
    }
}

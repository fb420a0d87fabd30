package org.opentriage.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.AuditSink;

/**
 * The audit sink of one call on this node: keeps the records the engine seals during a write, to be inserted in the
 * transaction that stores the call's new state, and tells the engine where the call's trail ends in the store, so the
 * records chain onto it. A call kept between writes keeps its sink, emptied after each commit ({@link #committed}).
 * Used by one request at a time.
 */
final class BufferedTrail implements AuditSink {
    private final Optional<Head> head;
    private final List<AuditRecord> records = new ArrayList<>();
    private Optional<String> last;

    /** @param head the end of the call's trail in the store; empty for a new call, whose trail starts with its header */
    BufferedTrail(Optional<Head> head) {
        this.head = head;
        this.last = head.map(Head::hash);
    }

    @Override
    public void append(AuditRecord record) {
        records.add(record);
        last = Optional.of(record.hash());
    }

    /** The records of the write are in the store: the next write's records follow them. */
    void committed() {
        records.clear();
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
        return last.orElseThrow();
    }
}

package org.opentriage.triage;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a replayed call writes: its events only, unsealed (no hash, no line), for {@link Replay} to compare with the
 * trail's. Sealing is the trail's business, not the replay's; skipping it halves the cost of replaying.
 */
final class ReplaySink implements AuditSink {
    private final List<AuditEvent> events = new ArrayList<>();

    @Override
    public synchronized void append(AuditRecord record) {
        events.addAll(record.events());
    }

    /** {@return the events written so far, in order} */
    synchronized List<AuditEvent> events() {
        return List.copyOf(events);
    }
}

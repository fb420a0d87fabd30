package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

/**
 * One event of a call's audit trail, as written: its position in the call's chain, its type, its hash,
 * and the canonical JSON line (which holds everything, including the previous record's hash).
 */
public record AuditRecord(String callId, long seq, String type, String hash, String json) {
    public AuditRecord {
        requireNonNull(callId, "callId");
        requireNonNull(type, "type");
        requireNonNull(hash, "hash");
        requireNonNull(json, "json");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, not " + seq);
        }
    }

    @Override
    public String toString() {
        return "AuditRecord[" + callId + "#" + seq + " " + type + "]";
    }
}

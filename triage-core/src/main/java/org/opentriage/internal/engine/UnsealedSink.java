package org.opentriage.internal.engine;

import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.AuditSink;

/**
 * A sink for calls whose trail nobody reads: the engine neither seals (hashes, signs, writes a line for) their records
 * nor keeps them. The safety verifier walks the full grid's extra patients with it, whose trails it does not check
 * (those of the default grid's patients it does). It keeps no trail at all, which any {@link AuditSink} that drops its
 * records could do too: sealing records that are then dropped is only work.
 */
public final class UnsealedSink implements AuditSink {
    private long records;
    private long sealed;

    /** A sink that drops what it is given. */
    public UnsealedSink() {
    }

    @Override
    public synchronized void append(AuditRecord record) {
        records++;
        if (!record.hash().isEmpty()) {
            sealed++;
        }
    }

    /** {@return how many records were given (and dropped)} */
    public synchronized long records() {
        return records;
    }

    /** {@return how many of them came sealed (none, from the engine: sealing them would be wasted)} */
    public synchronized long sealed() {
        return sealed;
    }
}

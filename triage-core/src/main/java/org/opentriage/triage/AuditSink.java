package org.opentriage.triage;

import java.util.Optional;

/**
 * Where an audit trail is stored. The engine chains and seals the records; a sink stores them in the order
 * given. {@link #append} is called for one record at a time, in chain order (the engine holds the trail's
 * lock); {@link #sync} is called outside that lock, and must return only once every record appended before
 * it is durable (for a file, forced to disk): the call moves on only then. A sink is written by every engine
 * given it as one trail. A failure to append or sync fails the call closed.
 *
 * @since 0.1.0
 */
public interface AuditSink {
    /**
     * Stores a record after those before it. It need not be durable until {@link #sync}.
     *
     * @param record the record
     */
    void append(AuditRecord record);

    /** Makes every record appended so far durable. The default does nothing: for sinks whose appends are durable. */
    default void sync() {
    }

    /**
     * The end of the trail the sink held before this process wrote to it (a trail file opened again), so that
     * new records chain onto it; empty for a new trail, which then starts with a header record.
     *
     * @return the last record's hash and whether the trail is keyed; empty for a new trail
     */
    default Optional<Head> head() {
        return Optional.empty();
    }

    /**
     * The end of an existing trail.
     *
     * @param hash  the hash of its last record
     * @param keyed whether its header says its records carry HMACs: it is continued only with a key if so, and
     *              only without one if not
     * @since 0.1.0
     */
    record Head(String hash, boolean keyed) {
        /** Checks the components. */
        public Head {
            java.util.Objects.requireNonNull(hash, "hash");
        }
    }

    /**
     * A new sink that keeps nothing, for trying calls out. Each is a trail of its own: engines with different
     * HMAC keys may each have one.
     *
     * @return the sink
     */
    static AuditSink discard() {
        return new AuditSink() {
            @Override
            public void append(AuditRecord record) {
                // kept nowhere
            }
        };
    }
}

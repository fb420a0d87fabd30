package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One record of an audit trail, as written: the events of one step of one call (or the trail's header),
 * sealed by {@code hash} (and {@code hmac} with a key) over its content and {@code prev}, the hash of the record
 * before it in the trail, and its canonical JSON {@code line}, which holds the hash but not {@code prev}.
 * docs/audit-format.md describes the format.
 *
 * @param callId empty for the trail's header record
 * @param seq    the record's number within its call, from 1 (0 for the header)
 * @param time when the record was written
 * @param events what happened, in order
 * @param prev the hash of the record before it in the trail
 * @param hash this record's hash, over its content and {@code prev}
 * @param hmac its HMAC, in a keyed trail
 * @param line the record as written, one line of canonical JSON
 * @since 0.1.0
 */
public record AuditRecord(Optional<String> callId, long seq, Instant time, List<AuditEvent> events, String prev,
                          String hash, Optional<String> hmac, String line) {
    /** Checks the components; the list is copied. */
    public AuditRecord {
        requireNonNull(callId, "callId");
        requireNonNull(time, "time");
        events = List.copyOf(events);
        requireNonNull(prev, "prev");
        requireNonNull(hash, "hash");
        requireNonNull(hmac, "hmac");
        requireNonNull(line, "line");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a record holds at least one event");
        }
        if (callId.isPresent() ? seq < 1 : seq != 0) {
            throw new IllegalArgumentException("a call's records count from 1 and the header is 0, not " + seq);
        }
    }

    /**
     * Reads a record from its line, given the hash of the record before it in the trail (64 zeros before the
     * first): checks that the line is the record's canonical form and that its hash matches its content and
     * that link (not its HMAC).
     *
     * @param line the record's line
     * @param prev the hash of the record before it
     * @return the record
     * @throws IllegalArgumentException naming what is wrong with the line
     */
    public static AuditRecord parse(String line, String prev) {
        return AuditCodec.parse(requireNonNull(line, "line"), requireNonNull(prev, "prev"));
    }

    /**
     * {@return whether one of the record's events is of this type}
     *
     * @param type an event type
     */
    public boolean has(AuditEvent.Type type) {
        return events.stream().anyMatch(e -> e.type() == type);
    }

    /**
     * {@return the record's first event of this class}
     *
     * @param <T> the event's class
     * @param kind the event's class
     */
    public <T extends AuditEvent> Optional<T> event(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }

    /** Names the record, never its content (which may hold patient data). */
    @Override
    public String toString() {
        return "AuditRecord[" + callId.orElse("trail") + "#" + seq + " " + events.stream().map(e -> e.type().wireName()).toList() + "]";
    }
}

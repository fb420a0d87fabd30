package org.opentriage.triage;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.engine.AuditChain;
import org.opentriage.internal.engine.UnsealedSink;

/**
 * Chains and seals the records of one sink's trail, whichever engine writes them: one chain per sink, so
 * that engines sharing a sink (an engine and its copies with another key or sink) write one chain. The first
 * record decides the trail's key; a record with another key is refused, as two keys in one trail could not
 * be verified.
 */
final class TrailWriter {
    /** Weak keys: a sink no longer used goes, with its chain. A chain must not refer to its sink, or it never would. */
    private static final Map<AuditSink, Chain> CHAINS = Collections.synchronizedMap(new WeakHashMap<>());

    private final AuditSink sink;
    private final Chain chain;

    /** One sink's trail; its lock orders the trail's records. */
    private static final class Chain {
        /** The hash of the last record in the trail; null until the first append reads it from the sink. */
        private @Nullable String head;
        /** The trail's key, taken with the head. */
        private Optional<byte[]> key = Optional.empty();
    }

    private TrailWriter(AuditSink sink, Chain chain) {
        this.sink = sink;
        this.chain = chain;
    }

    static TrailWriter of(AuditSink sink) {
        return new TrailWriter(sink, CHAINS.computeIfAbsent(sink, unused -> new Chain()));
    }

    /**
     * Seals and stores one record of a call. The record is in the trail from then on, durable or not: the call's
     * next record follows it even when {@link #sync} then fails.
     */
    AuditRecord append(String callId, long seq, Instant time, List<AuditEvent> events, Optional<byte[]> hmacKey) {
        if (sink instanceof ReplaySink || sink instanceof UnsealedSink) {
            // A replay compares the engine's events with the trail's; nothing reads its records' hashes or lines, nor
            // those of a sink that drops them.
            AuditRecord record = new AuditRecord(Optional.of(callId), seq, time, events, "", "", Optional.empty(), "");
            sink.append(record);
            return record;
        }
        AuditRecord record;
        synchronized (chain) {
            record = AuditCodec.seal(Optional.of(callId), seq, time, events, head(time, hmacKey), hmacKey);
            sink.append(record);
            chain.head = record.hash();
        }
        return record;
    }

    /** Returns once every record stored so far is durable. */
    void sync() {
        sink.sync();
    }

    /**
     * Records that recovery closed the trail: writes the header of a trail left without one, then a record of the
     * trail (no call) with what recovery found.
     */
    void recovered(Instant time, Optional<byte[]> hmacKey, AuditEvent.TrailRecovered event) {
        trailRecord(time, hmacKey, event);
    }

    /**
     * Seals and stores a record of the trail (no call, {@code seq} 0) holding one event, chained after the last record
     * whoever wrote it: recovery's, or an escalation's delivery, which ends beside its call. Not durable until
     * {@link #sync}.
     */
    AuditRecord trailRecord(Instant time, Optional<byte[]> hmacKey, AuditEvent event) {
        synchronized (chain) {
            AuditRecord record = AuditCodec.seal(Optional.empty(), 0, time, List.of(event), head(time, hmacKey), hmacKey);
            sink.append(record);
            chain.head = record.hash();
            return record;
        }
    }

    /** The hash the next record chains onto: on first use the sink's last record, or a new trail's header. */
    private String head(Instant time, Optional<byte[]> hmacKey) {
        String head = chain.head;
        if (head == null) {
            return begin(time, hmacKey);
        }
        requireKey(hmacKey);
        return head;
    }

    private void requireKey(Optional<byte[]> hmacKey) {
        if (chain.key.isPresent() != hmacKey.isPresent()
                || (chain.key.isPresent() && !MessageDigest.isEqual(chain.key.get(), hmacKey.get()))) {
            throw new IllegalStateException("this audit sink's trail is "
                    + (chain.key.isPresent() ? "signed with another key" : "not signed") + "; one trail takes one key");
        }
    }

    /** Takes the trail's key and chains onto the sink's last record, or writes the header of a new trail. */
    private String begin(Instant time, Optional<byte[]> hmacKey) {
        Optional<AuditSink.Head> existing = sink.head();
        if (existing.isPresent() && existing.get().keyed() != hmacKey.isPresent()) {
            throw new IllegalStateException("the trail in this audit sink is " + (existing.get().keyed() ? "signed: continue it "
                    + "with its HMAC key" : "not signed: continue it without an HMAC key") + "; one trail takes one key");
        }
        chain.key = hmacKey;
        if (existing.isPresent()) {
            chain.head = existing.get().hash();
            return existing.get().hash();
        }
        AuditRecord header = AuditCodec.seal(Optional.empty(), 0, time,
                List.of(new AuditEvent.TrailStarted(AuditCodec.FORMAT, TriageEngine.VERSION, hmacKey.isPresent())),
                AuditChain.GENESIS, hmacKey);
        sink.append(header);
        chain.head = header.hash();
        return header.hash();
    }
}

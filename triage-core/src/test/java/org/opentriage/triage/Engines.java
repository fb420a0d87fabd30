package org.opentriage.triage;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import org.opentriage.protocol.ProtocolLibrary;

/** Shared engines for tests: building one compiles the rules, so each is built once per test run. */
final class Engines {
    static final ProtocolLibrary LIBRARY = ProtocolLibrary.bundled();
    static final MemoryAuditSink SINK = new MemoryAuditSink();
    static final TriageEngine BUNDLED = builder().auditSink(SINK).build();

    private Engines() {
    }

    /**
     * A builder over the bundled library with drafts allowed, a fixed clock, counted call ids and a trail of its own
     * in memory (which the call-invariant checker verifies).
     */
    static TriageEngine.Builder builder() {
        AtomicLong ids = new AtomicLong();
        return TriageEngine.builder(LIBRARY)
                .auditSink(new MemoryAuditSink())
                .resolution(ProtocolLibrary.Resolution.ANY_STATUS)
                .clock(Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC))
                .callIds(() -> "call-" + ids.incrementAndGet())
                // Tests of one protocol exercise it alone; GeneralAssessmentTest runs calls as a host does.
                .generalAssessment(false);
    }
}

package org.opentriage.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.opentriage.internal.engine.AuditChain;
import org.opentriage.internal.engine.CanonicalJson;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AuditSink;
import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.MemoryAuditSink;
import org.opentriage.triage.TriageEngine;

/**
 * A full call through the engine (rules, answer checks, audit records hashed into a discarding sink)
 * against the bare walker over the same protocol and answers, in the same run; and the audit trail of
 * that call alone, the part of the engine's cost that no rule engine choice removes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CallBenchmark {
    private TriageEngine engine;
    private TriageEngine compactEngine;
    private Protocol protocol;
    private Map<String, Answer> answers;

    private List<ObjectNode> unsealed;

    @Setup
    public void setUp() throws IOException {
        ProtocolLibrary library = ProtocolLibrary.bundled();
        engine = Scripts.engine(library);
        protocol = library.resolve(Scripts.PROTOCOL, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
        answers = Scripts.longestWalk(engine);
        compactEngine = TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
                .auditSink(AuditSink.discard()).compactCalls().build();
        MemoryAuditSink memory = new MemoryAuditSink();
        Scripts.run(engine.withAuditSink(memory), answers);
        unsealed = new ArrayList<>();
        for (AuditRecord record : memory.records()) {
            ObjectNode node = (ObjectNode) CanonicalJson.MAPPER.readTree(record.line());
            node.remove("hash");
            unsealed.add(node);
        }
    }

    @Benchmark
    public Object engineCall() {
        return Scripts.run(engine, answers);
    }

    /** The same call on an engine whose calls release their rule sessions between steps. */
    @Benchmark
    public Object engineCallCompact() {
        return Scripts.run(compactEngine, answers);
    }

    /** The audit trail alone: the same call's records written as canonical JSON and hashed into the chain. */
    @Benchmark
    public int auditTrailOnly() {
        int length = 0;
        String prev = AuditChain.GENESIS;
        for (ObjectNode record : unsealed) {
            prev = AuditChain.hash(AuditChain.body(record, prev));
            record.put("hash", prev);
            length += CanonicalJson.write(record).length();
            record.remove("hash");
        }
        return length;
    }

    @Benchmark
    public Object bareWalker() {
        return BareWalker.walk(protocol, Scripts.PATIENT, answers);
    }
}

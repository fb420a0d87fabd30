package org.opentriage.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.JsonLinesAuditSink;
import org.opentriage.triage.MemoryAuditSink;

/** Records appended to a JSON Lines file a second, forcing each to disk or leaving it to the OS (batched). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditSinkBenchmark {
    @Param({"true", "false"})
    public boolean forceEachRecord;

    private Path file;
    private JsonLinesAuditSink sink;
    private AuditRecord record;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        MemoryAuditSink memory = new MemoryAuditSink();
        Scripts.run(Scripts.engine(ProtocolLibrary.bundled()).withAuditSink(memory),
                Scripts.longestWalk(Scripts.engine(ProtocolLibrary.bundled())));
        List<AuditRecord> records = memory.records();
        record = records.get(records.size() / 2);
        file = Files.createTempFile("audit-bench", ".jsonl");
        sink = JsonLinesAuditSink.open(file, forceEachRecord);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        sink.close();
        Files.deleteIfExists(file);
    }

    /** One record appended and made durable, as a call's step does (the force is a no-op without forceEachRecord). */
    @Benchmark
    public void append() {
        sink.append(record);
        sink.sync();
    }
}

package org.opentriage.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

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
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.triage.Answer;
import org.opentriage.triage.TriageEngine;

/**
 * A full call through the engine (rules, answer checks, audit records hashed into a discarding sink)
 * against the bare walker over the same protocol and answers, in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class CallBenchmark {
    private TriageEngine engine;
    private Protocol protocol;
    private Map<String, Answer> answers;

    @Setup
    public void setUp() {
        ProtocolLibrary library = ProtocolLibrary.bundled();
        engine = Scripts.engine(library);
        protocol = library.resolve(Scripts.PROTOCOL, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
        answers = Scripts.longestWalk(engine);
    }

    @Benchmark
    public Object engineCall() {
        return Scripts.run(engine, answers);
    }

    @Benchmark
    public Object bareWalker() {
        return BareWalker.walk(protocol, Scripts.PATIENT, answers);
    }
}

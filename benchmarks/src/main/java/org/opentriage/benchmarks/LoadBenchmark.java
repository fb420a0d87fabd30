package org.opentriage.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.opentriage.protocol.ProtocolLibrary;

/** Loading the bundled library in a fresh JVM: parse and validate, then also compile the rules. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
public class LoadBenchmark {

    @Benchmark
    public Object parseAndValidate() {
        return ProtocolLibrary.bundled();
    }

    @Benchmark
    public Object parseValidateAndCompile() {
        return Scripts.engine(ProtocolLibrary.bundled());
    }
}

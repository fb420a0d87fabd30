package org.opentriage.benchmarks;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.ProtocolLoader;
import org.opentriage.triage.TriageEngine;

/**
 * Loading in a fresh JVM (each fork one shot): the whole bundled library parsed and validated; that and
 * the rules of every protocol built; and what one call needs, the scale, the modifiers and one protocol
 * read and checked, its rules built, and the call at its first question.
 */
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
    public Object parseValidateAndBuildAllRules() {
        return TriageEngine.builder(ProtocolLibrary.bundled()).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
                .buildRulesAhead().build();
    }

    @Benchmark
    public Object oneCallToFirstQuestion() {
        ProtocolLibrary library = ProtocolLoader.checkBundled(Set.of(Scripts.PROTOCOL)).library().orElseThrow();
        return Scripts.engine(library).startCall("rn-bench", Scripts.PATIENT, List.of(Scripts.PROTOCOL)).next();
    }
}

package org.opentriage.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AuditSink;
import org.opentriage.triage.Call;
import org.opentriage.triage.Step;
import org.opentriage.triage.TriageEngine;

/**
 * Retained heap per call in flight (the shared rules excluded) and snapshot size: holds 10,000 calls
 * halfway through their walk and measures the heap after garbage collection. Run with {@code -Xmx512m}
 * ({@code benchmarks/run --probe}), which also shows that 10,000 calls fit in 512 MB.
 */
public final class MemoryProbe {
    private static final int CALLS = 10_000;

    private MemoryProbe() {
    }

    public static void main(String[] args) {
        ProtocolLibrary library = ProtocolLibrary.bundled();
        probe("calls that keep their rule sessions", Scripts.engine(library));
        probe("compact calls (TriageEngine.Builder.compactCalls())", TriageEngine.builder(library)
                .resolution(ProtocolLibrary.Resolution.ANY_STATUS).auditSink(AuditSink.discard()).compactCalls().build());
    }

    private static void probe(String title, TriageEngine engine) {
        Map<String, Answer> answers = Scripts.longestWalk(engine);
        int halfway = answers.size() / 2;
        long before = usedAfterGc();
        List<Call> calls = new ArrayList<>(CALLS);
        long snapshotBytes = 0;
        for (int i = 0; i < CALLS; i++) {
            Call call = engine.startCall("rn-probe", Scripts.PATIENT, List.of(Scripts.PROTOCOL));
            Step step = call.next();
            for (int a = 0; a < halfway && step instanceof Step.Ask ask; a++) {
                step = call.answer(answers.get(ask.question().id()));
            }
            if (i < 100) {
                snapshotBytes += call.snapshot().length();
            }
            calls.add(call);
        }
        long after = usedAfterGc();
        System.out.println(title);
        System.out.printf(Locale.ROOT, "  calls in flight: %d (answered %d of %d questions each)%n", calls.size(), halfway, answers.size());
        System.out.printf(Locale.ROOT, "  retained heap per call: %.1f KB%n", (after - before) / 1024.0 / CALLS);
        System.out.printf(Locale.ROOT, "  snapshot size: %.0f bytes%n", snapshotBytes / 100.0);
        System.out.printf(Locale.ROOT, "  heap used with all calls: %.0f MB of %.0f MB max%n", after / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
        calls.forEach(c -> c.abandon("probe done"));
    }

    private static long usedAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}

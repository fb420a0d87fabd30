package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentriage.verify.PathWalker;

/**
 * The walker that goes down a repeated future once must see what the walker that walks every path sees:
 * the same number of walks, the same least and most urgent outcome below every question, the same questions
 * asked, and no walk without care advice, on protocols whose every path can still be walked in seconds (screening
 * questions up front, answers read late, checklists, numbers, fallbacks and modifiers among them).
 */
class PathWalkerTest {

    @ParameterizedTest
    @ValueSource(strings = {"diarrhea-adult", "fever-child", "testicle-pain-adult", "seizure-adult", "hives-adult",
            "heat-illness-adult", "rectal-bleeding-adult", "mental-health-crisis-adult", "cold-injury-adult",
            "pregnancy-concern-adult"})
    void goingDownARepeatedFutureOnce_seesWhatWalkingEveryPathSees(String protocolId) {
        Walked every = walk(protocolId, PathWalker.Memo.EVERY_PATH);
        Walked once = walk(protocolId, PathWalker.Memo.DISPOSITIONS);

        assertThat(once.summary).isEqualTo(every.summary);
        assertThat(once.branches).isEqualTo(every.branches);
        assertThat(once.asked).isEqualTo(every.asked);
        assertThat(once.withoutAdvice).isEqualTo(every.withoutAdvice).isZero();
        assertThat(once.walksRun).isLessThanOrEqualTo(every.walksRun);
        assertThat(every.walksRun).isEqualTo(every.summary.leaves());
    }

    private record Walked(PathWalker.Summary summary, Map<String, java.util.Set<String>> branches, long walksRun,
                          java.util.Set<String> asked, long withoutAdvice) {
    }

    /** The summary, and for each question and live answers the branch summaries the checker saw (every distinct one). */
    private static Walked walk(String protocolId, PathWalker.Memo memo) {
        var protocol = Engines.LIBRARY.latest(java.util.Optional.empty(), org.opentriage.protocol.ProtocolLibrary.Resolution.ANY_STATUS)
                .stream().filter(p -> p.id().equals(protocolId)).findFirst().orElseThrow();
        Patient patient = ProtocolInvariantsTest.patients(protocol).get(0);
        Call call = Engines.BUNDLED.withAuditSink(new MemoryAuditSink()).startCall("rn-enumerator", patient, List.of(protocol.ref()));
        Map<String, java.util.Set<String>> branches = new TreeMap<>();
        java.util.Set<String> asked = new java.util.TreeSet<>();
        long[] withoutAdvice = {0};
        PathWalker enumerator = new PathWalker(Engines.LIBRARY, call, leaf -> {
            asked.addAll(leaf.questions());
            withoutAdvice[0] += leaf.outcome().careAdvice().isEmpty() ? 1 : 0;
        }, memo);
        PathWalker.Summary summary = enumerator.walk((ask, questions, prefix, answers, seen) -> {
            List<String> described = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                described.add(answers.get(i) + "=" + seen.get(i).minAcuity() + ".." + seen.get(i).maxAcuity() + "x" + seen.get(i).leaves());
            }
            branches.computeIfAbsent(ask.question().id(), id -> new java.util.TreeSet<>()).add(String.join(" ", described));
        });
        call.abandon("walked");
        return new Walked(summary.counts(), branches, enumerator.walksRun(), asked, withoutAdvice[0]);
    }
}

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

    /**
     * Walkers of one protocol's calls for the patients of the full grid that share the futures already walked must
     * see, patient by patient, what each patient's own walk sees (the same number of walks and least and most urgent
     * outcome), and together the same branches below every question and the same questions asked: protocols whose
     * guards read the age, the sex or the pregnancy at the top and further down, modifiers among them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"general-assessment", "newborn-jaundice-child", "urination-pain-child", "flank-pain-adult",
            "head-injury-child", "poisoning-child", "newborn-concerns-child", "cough-child", "back-pain-adult"})
    void sharingFuturesBetweenPatients_seesWhatEachPatientsOwnWalkSees(String protocolId) {
        var protocol = Engines.LIBRARY.latest(java.util.Optional.empty(), org.opentriage.protocol.ProtocolLibrary.Resolution.ANY_STATUS)
                .stream().filter(p -> p.id().equals(protocolId)).findFirst().orElseThrow();
        List<Patient> patients = org.opentriage.verify.ProtocolVerifier.patients(protocol,
                org.opentriage.verify.ProtocolVerifier.Grid.FULL);
        assertThat(patients).hasSizeGreaterThan(10);
        PathWalker.Futures futures = new PathWalker.Futures();
        Map<String, java.util.Set<String>> ownBranches = new TreeMap<>();
        Map<String, java.util.Set<String>> sharedBranches = new TreeMap<>();
        java.util.Set<String> ownAsked = new java.util.TreeSet<>();
        java.util.Set<String> sharedAsked = new java.util.TreeSet<>();
        long ownRun = 0;
        long sharedRun = 0;
        for (Patient patient : patients) {
            Walked own = walk(protocol, patient, null);
            Walked shared = walk(protocol, patient, futures);

            assertThat(shared.summary).as("%s", patient).isEqualTo(own.summary);
            assertThat(shared.withoutAdvice).isEqualTo(own.withoutAdvice).isZero();
            own.branches.forEach((q, b) -> ownBranches.computeIfAbsent(q, k -> new java.util.TreeSet<>()).addAll(b));
            shared.branches.forEach((q, b) -> sharedBranches.computeIfAbsent(q, k -> new java.util.TreeSet<>()).addAll(b));
            ownAsked.addAll(own.asked);
            sharedAsked.addAll(shared.asked);
            ownRun += own.walksRun;
            sharedRun += shared.walksRun;
        }
        assertThat(sharedBranches).isEqualTo(ownBranches);
        assertThat(sharedAsked).isEqualTo(ownAsked);
        assertThat(sharedRun).isLessThanOrEqualTo(ownRun);
    }

    /**
     * Patients whom no condition tells apart share their futures even where a comparison of their sex or pregnancy
     * comes out differently: in cough-child only the pregnancy modifier reads the pregnancy, and it raises neither a
     * boy (not pregnant) nor a child of unknown sex (pregnancy unknown, and a modifier raises only where its condition
     * holds), so the second walks nothing in the engine that the first has not.
     */
    @org.junit.jupiter.api.Test
    void aPatientNoConditionTellsApart_walksNothingNewInTheEngine() {
        var protocol = Engines.LIBRARY.latest(java.util.Optional.empty(), org.opentriage.protocol.ProtocolLibrary.Resolution.ANY_STATUS)
                .stream().filter(p -> p.id().equals("cough-child")).findFirst().orElseThrow();
        PathWalker.Futures futures = new PathWalker.Futures();
        for (Patient patient : org.opentriage.verify.ProtocolVerifier.patients(protocol, org.opentriage.verify.ProtocolVerifier.Grid.FULL)) {
            Walked walked = walk(protocol, patient, futures);
            if (patient.sex().isEmpty()) {
                assertThat(walked.walksRun).as("%s", patient).isZero();
                assertThat(walked.summary.leaves()).as("%s", patient).isPositive();
            }
        }
    }

    private record Walked(PathWalker.Summary summary, Map<String, java.util.Set<String>> branches, long walksRun,
                          java.util.Set<String> asked, long withoutAdvice) {
    }

    /** The summary, and for each question and live answers the branch summaries the checker saw (every distinct one). */
    private static Walked walk(String protocolId, PathWalker.Memo memo) {
        var protocol = Engines.LIBRARY.latest(java.util.Optional.empty(), org.opentriage.protocol.ProtocolLibrary.Resolution.ANY_STATUS)
                .stream().filter(p -> p.id().equals(protocolId)).findFirst().orElseThrow();
        Patient patient = ProtocolInvariantsTest.patients(protocol).get(0);
        return walk(protocol, patient, memo, null);
    }

    /** A patient's walk: with futures of its own (null), or shared with other patients' walkers. */
    private static Walked walk(org.opentriage.protocol.Protocol protocol, Patient patient,
                               PathWalker.@org.jspecify.annotations.Nullable Futures futures) {
        return walk(protocol, patient, PathWalker.Memo.DISPOSITIONS, futures);
    }

    private static Walked walk(org.opentriage.protocol.Protocol protocol, Patient patient, PathWalker.Memo memo,
                               PathWalker.@org.jspecify.annotations.Nullable Futures futures) {
        Call call = Engines.BUNDLED.withAuditSink(new MemoryAuditSink()).startCall("rn-enumerator", patient, List.of(protocol.ref()));
        Map<String, java.util.Set<String>> branches = new TreeMap<>();
        java.util.Set<String> asked = new java.util.TreeSet<>();
        long[] withoutAdvice = {0};
        java.util.function.Consumer<PathWalker.Leaf> onLeaf = leaf -> {
            asked.addAll(leaf.questions());
            withoutAdvice[0] += leaf.outcome().careAdvice().isEmpty() ? 1 : 0;
        };
        PathWalker enumerator = futures == null ? new PathWalker(Engines.LIBRARY, call, onLeaf, memo)
                : new PathWalker(Engines.LIBRARY, call, patient, onLeaf, futures);
        PathWalker.Summary summary = enumerator.walk((ask, questions, prefix, answers, seen) -> {
            asked.add(ask.question().id());
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

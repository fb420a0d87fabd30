package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.Protocol;

/**
 * A compact call releases its rule sessions after every step and rebuilds them from its facts at the
 * next. Over seeded random calls — answers, "don't know", withdrawn answers, a second protocol added
 * midway, overrides, snapshots — it must write exactly the audit trail of a call that keeps its sessions.
 */
class CompactCallsTest {
    private static final int WALKS = 300;

    @Test
    void compactCalls_writeExactlyTheTrailOfCallsThatKeepTheirSessions() {
        MemoryAuditSink keptSink = new MemoryAuditSink();
        MemoryAuditSink compactSink = new MemoryAuditSink();
        TriageEngine kept = Engines.builder().auditSink(keptSink).build();
        TriageEngine compact = Engines.builder().auditSink(compactSink).compactCalls().build();
        int withdrawn = 0;
        int added = 0;
        for (long seed = 1; seed <= WALKS; seed++) {
            String keptId = walk(kept, seed);
            String compactId = walk(compact, seed);
            List<AuditRecord> keptTrail = keptSink.records(keptId);
            assertThat(compactSink.records(compactId)).as("seed %d", seed).isEqualTo(keptTrail);
            withdrawn += keptTrail.stream().anyMatch(r -> r.has(AuditEvent.Type.ANSWER_WITHDRAWN)) ? 1 : 0;
            added += keptTrail.stream().anyMatch(r -> r.has(AuditEvent.Type.PROTOCOL_ADDED)) ? 1 : 0;
        }
        assertThat(compactSink.lines()).isEqualTo(keptSink.lines());
        assertThat(AuditTrail.verify(keptSink.lines(), Optional.empty()).intact()).isTrue();
        assertThat(withdrawn).isGreaterThan(WALKS / 4);
        assertThat(added).isGreaterThan(WALKS / 10);
    }

    /** One seeded call; returns its id. The same seed makes the same call on any engine. */
    private static String walk(TriageEngine engine, long seed) {
        Random random = new Random(seed * 31);
        Call call = RandomWalks.start(engine, seed);
        Step step = call.next();
        boolean addedOne = false;
        while (step instanceof Step.Ask ask) {
            step = call.answer(RandomWalks.answer(ask, random));
            if (step instanceof Step.Ask && random.nextInt(4) == 0) {
                step = call.withdrawLastAnswer();
                step = call.answer(RandomWalks.answer((Step.Ask) step, random));
            }
            if (!addedOne && random.nextInt(8) == 0) {
                addedOne = true;
                List<Protocol> all = RandomWalks.protocols();
                Protocol second = all.get(random.nextInt(all.size()));
                try {
                    step = call.addProtocol(second.ref());
                } catch (IllegalArgumentException notForThisPatientOrAlreadyThere) {
                    // refused before anything changed, on either engine alike
                }
            }
            if (step instanceof Step.Ask && random.nextInt(10) == 0) {
                call = engine.resume(call.snapshot());
                step = call.next();
            }
        }
        if (random.nextBoolean() && !((Step.Done) step).outcome().finalDisposition().id().equals("call-911")) {
            call.override("call-911", "nurse-judgment", "sounds unwell", Optional.empty());
        }
        call.close();
        return call.id();
    }

}

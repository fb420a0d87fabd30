package org.opentriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentriage.protocol.Quantity;
import org.opentriage.triage.AuditTrail;
import org.opentriage.triage.JsonLinesAuditSink;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.Patient;

class NurseCallTest {

    @Test
    void aCallWithUnansweredQuestions_errsTowardUrgency_andLeavesAnIntactTrail(@TempDir Path dir) throws Exception {
        Path trail = dir.resolve("calls.jsonl");
        Outcome outcome;
        try (JsonLinesAuditSink audit = JsonLinesAuditSink.open(trail)) {
            NurseCall calls = new NurseCall(NurseCall.engine(audit));
            outcome = calls.run("rn-1", Patient.of("ref-1", Quantity.parse("40 y").orElseThrow()), "chest-pain-adult", Map.of());
        }

        assertThat(outcome.recommended().id()).isEqualTo("call-911");
        assertThat(NurseCall.summary(outcome)).startsWith("Call 911 now").contains("because:");
        assertThat(AuditTrail.verify(trail, Optional.empty()).intact()).isTrue();
    }
}

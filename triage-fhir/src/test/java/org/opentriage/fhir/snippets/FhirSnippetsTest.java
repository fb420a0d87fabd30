package org.opentriage.fhir.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentriage.fhir.FhirExport;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.AuditTrail;
import org.opentriage.triage.Call;
import org.opentriage.triage.JsonLinesAuditSink;
import org.opentriage.triage.Patient;
import org.opentriage.triage.Step;
import org.opentriage.triage.TriageEngine;

/**
 * The example of {@link FhirExport}'s javadoc ({@code {@snippet class=org.opentriage.fhir.snippets.FhirSnippetsTest
 * region=export}}), compiled and run here.
 */
class FhirSnippetsTest {

    @TempDir
    Path temp;

    @Test
    void export() throws Exception {
        Path trail = temp.resolve("calls.jsonl");
        ProtocolLibrary library = ProtocolLibrary.bundled();
        String callId;
        try (JsonLinesAuditSink audit = JsonLinesAuditSink.open(trail);
             TriageEngine engine = TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
                     .auditSink(audit).build()) {
            Call call = engine.startCall("rn-042", Patient.of("host-ref-4711", Quantity.parse("67 y").orElseThrow()),
                    List.of("headache-adult"));
            for (Step step = call.next(); step instanceof Step.Ask; ) {
                step = call.answer(Answer.unknown());
            }
            call.close();
            callId = call.id();
        }

        // @start region="export"
        FhirExport fhir = new FhirExport(library);   // the library the calls ran on
        String questionnaire = FhirExport.json(fhir.questionnaire("chest-pain-adult"));   // its latest version

        List<AuditRecord> records = new ArrayList<>();   // one finished call's records, in order, from a verified trail
        try (AuditTrail.RecordStream stream = AuditTrail.records(trail)) {
            stream.forEachRemaining(record -> {
                if (record.callId().equals(Optional.of(callId))) {
                    records.add(record);
                }
            });
        }
        Bundle bundle = fhir.call(records);          // QuestionnaireResponses, the disposition, Provenance
        String json = FhirExport.json(bundle);
        // @end

        assertThat(questionnaire).contains("\"resourceType\": \"Questionnaire\"");
        assertThat(json).contains("\"resourceType\": \"Bundle\"");
    }
}

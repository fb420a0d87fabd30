package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentriage.fhir.FhirExport;
import org.opentriage.fhir.FhirValidation;
import org.opentriage.protocol.ProtocolLibrary;

/**
 * {@code triage export}: every example call, run to an audit trail and exported, is a Bundle the HAPI FHIR R4
 * validator passes with no error, and a Questionnaire too; what cannot be exported is refused with its reason.
 */
class ExportCommandTest {
    @BeforeAll
    static void knowTheQuestionnaires() {
        FhirExport fhir = new FhirExport(ProtocolLibrary.bundled());
        FhirValidation.know(ProtocolLibrary.bundled().protocols().stream().map(fhir::questionnaire).toList());
    }

    @Test
    void everyExampleCall_exportsToABundleThatValidates_withItsDisposition(@TempDir Path dir) throws IOException {
        List<String> failures = new ArrayList<>();
        int exported = 0;
        for (Path script : Cli.exampleCalls()) {
            Path trail = dir.resolve(script.getFileName() + ".jsonl");
            Cli.Run run = triage("run", "--answers", script.toString(), "--audit", trail.toString(), "--rn", "rn-test");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
            String callId = Cli.lines(trail).get(1).replaceAll(".*\"call\":\"([^\"]*)\".*", "$1");

            Cli.Run export = triage("export", "call", trail.toString(), callId);

            assertThat(export.exitCode()).as(export.err()).isEqualTo(ExitCode.OK);
            Bundle bundle = FhirExport.context().newJsonParser().parseResource(Bundle.class, export.out());
            String expected = CallScript.read(script).expect().orElseThrow().disposition();
            Observation outcome = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(Observation.class::isInstance).map(Observation.class::cast).findFirst().orElseThrow();
            assertThat(outcome.getValueCodeableConcept().getCodingFirstRep().getCode()).as(script.toString()).isEqualTo(expected);
            FhirValidation.errors(bundle).forEach(m -> failures.add(script.getFileName() + ": " + FhirValidation.describe(m)));
            exported++;
        }
        System.out.printf("FHIR: %d example calls exported, %d validator errors%n", exported, failures.size());
        assertThat(failures).isEmpty();
    }

    @Test
    void aQuestionnaire_isWrittenAsJson_andValidates() {
        Cli.Run export = triage("export", "questionnaire", "fever-child");

        assertThat(export.exitCode()).as(export.err()).isEqualTo(ExitCode.OK);
        assertThat(export.out()).contains("\"resourceType\": \"Questionnaire\"",
                "\"url\": \"https://opentriage.org/fhir/Questionnaire/fever-child\"");
        assertThat(FhirValidation.errors(export.out())).isEmpty();
    }

    @Test
    void aBrokenTrail_isRefused_andAnUnknownCallIsAUsageError(@TempDir Path dir) throws IOException {
        Path trail = dir.resolve("call.jsonl");
        triage("run", "--answers", Cli.EXAMPLE_CALLS.resolve("chest-pain-adult-ed-now.call.yaml").toString(),
                "--audit", trail.toString());

        Cli.Run unknown = triage("export", "call", trail.toString(), "no-such-call");
        byte[] bytes = Files.readAllBytes(trail);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(trail, bytes);
        Cli.Run broken = triage("export", "call", trail.toString(), "no-such-call");

        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("no call no-such-call in the trail");
        assertThat(broken.exitCode()).isEqualTo(ExitCode.TRAIL_BROKEN);
        assertThat(broken.out()).isEmpty();
    }
}

package org.opentriage.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.Call;
import org.opentriage.triage.MemoryAuditSink;
import org.opentriage.triage.Patient;
import org.opentriage.triage.Step;
import org.opentriage.triage.TriageEngine;
import org.opentriage.verify.PathWalker;
import org.opentriage.verify.ProtocolVerifier;

import ca.uhn.fhir.validation.SingleValidationMessage;

/**
 * Every bundled protocol as a Questionnaire, and calls over every bundled protocol as Bundles, pass the HAPI FHIR R4
 * validator with no error; the Bundle says what the audit trail says.
 */
class FhirExportTest {
    private static final ProtocolLibrary LIBRARY = ProtocolLibrary.bundled();
    private static final FhirExport FHIR = new FhirExport(LIBRARY);
    private static final TriageEngine ENGINE = TriageEngine.builder(LIBRARY)
            .resolution(ProtocolLibrary.Resolution.ANY_STATUS).build();
    private static final List<Protocol> PROTOCOLS = LIBRARY.latest(Optional.empty(), ProtocolLibrary.Resolution.ANY_STATUS);

    private static final Map<String, Integer> KINDS = new TreeMap<>();

    @BeforeAll
    static void knowTheQuestionnaires() {
        FhirValidation.know(LIBRARY.protocols().stream().map(FHIR::questionnaire).toList());
    }

    @Test
    void everyBundledProtocol_asAQuestionnaire_validatesWithNoError_andHasAnItemPerQuestion() {
        Map<String, List<String>> errors = new TreeMap<>();
        int warnings = 0;
        long que7 = 0;
        for (Protocol protocol : PROTOCOLS) {
            Questionnaire q = FHIR.questionnaire(protocol);
            List<SingleValidationMessage> messages = FhirValidation.messages(q);
            List<String> found = FhirValidation.errors(q).stream().map(FhirValidation::describe).toList();
            que7 += FhirValidation.que7(q);
            assertThat(FhirValidation.exists_enableWhenHaveABooleanAnswer(q)).isTrue();
            if (!found.isEmpty()) {
                errors.put(protocol.id(), found);
            }
            messages.stream().filter(m -> m.getSeverity() != ca.uhn.fhir.validation.ResultSeverityEnum.ERROR)
                    .forEach(m -> KINDS.merge(m.getSeverity() + " " + m.getMessage().replaceAll("'[^']*'", "'…'")
                            .replaceAll("[0-9]+", "N"), 1, Integer::sum));
            warnings += messages.stream().filter(m -> m.getSeverity() == ca.uhn.fhir.validation.ResultSeverityEnum.WARNING).count();
            assertThat(q.getUrl()).isEqualTo("https://opentriage.org/fhir/Questionnaire/" + protocol.id());
            assertThat(q.getVersion()).isEqualTo(protocol.version().toString());
            assertThat(linkIds(q.getItem())).containsAll(protocol.questions().map(org.opentriage.protocol.Question::id).toList());
        }
        System.out.printf("FHIR Questionnaires: %d validated, %d with errors, %d warnings, %d que-7 (R4 fault); messages by kind:%n",
                PROTOCOLS.size(), errors.size(), warnings, que7);
        KINDS.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.printf("  %6d  %s%n", e.getValue(), e.getKey().length() > 160
                        ? e.getKey().substring(0, 160) : e.getKey()));
        assertThat(errors).isEmpty();
    }

    @Test
    void aQuestionnaire_keepsAcuityGroupsInOrder_redFlags_andSpanishAsTranslations() {
        Protocol protocol = LIBRARY.resolve("chest-pain-adult", ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
        Questionnaire q = FHIR.questionnaire(protocol);

        List<String> groups = q.getItem().stream().filter(i -> i.hasExtension(FhirExport.EXTENSION + "acuity-group"))
                .map(i -> i.getExtensionByUrl(FhirExport.EXTENSION + "acuity-group").getValue().primitiveValue()).toList();
        assertThat(q.getItem().stream().filter(i -> i.hasExtension(FhirExport.EXTENSION + "acuity-group"))
                .map(i -> ((org.hl7.fhir.r4.model.Coding) i.getExtensionByUrl(FhirExport.EXTENSION + "acuity-group").getValue())
                        .getCode()).toList())
                .isEqualTo(protocol.triage().stream().map(g -> g.disposition().id()).toList());
        assertThat(groups).hasSize(protocol.triage().size());
        QuestionnaireItemComponent first = q.getItem().get(protocol.assessment().isEmpty() ? 0 : 1).getItemFirstRep();
        assertThat(first.getExtensionByUrl(FhirExport.EXTENSION + "red-flag")).isNotNull();
        assertThat(q.getExperimental()).as("a draft not clinically validated is experimental").isTrue();
        assertThat(q.getStatus().toCode()).isEqualTo("draft");
    }

    @Test
    void callsOverEveryBundledProtocol_asBundles_validateWithNoError() {
        Map<String, List<String>> errors = new TreeMap<>();
        int bundles = 0;
        for (Protocol protocol : PROTOCOLS) {
            for (long seed = 1; seed <= 3; seed++) {
                MemoryAuditSink sink = new MemoryAuditSink();
                Call call = walk(protocol, seed, sink);
                Bundle bundle = FHIR.call(sink.records(call.id()));
                bundles++;
                List<String> found = FhirValidation.errors(bundle).stream().map(FhirValidation::describe).toList();
                if (!found.isEmpty()) {
                    errors.put(protocol.id() + " seed " + seed, found);
                }
            }
        }
        System.out.printf("FHIR call Bundles: %d validated, %d with errors%n", bundles, errors.size());
        assertThat(errors).isEmpty();
    }

    @Test
    void aBundle_saysWhatTheTrailSays() {
        Protocol protocol = LIBRARY.resolve("chest-pain-adult", ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = walk(protocol, 11, sink);
        List<AuditRecord> records = sink.records(call.id());

        Bundle bundle = FHIR.call(records);

        List<QuestionnaireResponse> responses = resources(bundle, QuestionnaireResponse.class);
        assertThat(responses).extracting(QuestionnaireResponse::getQuestionnaire)
                .contains("https://opentriage.org/fhir/Questionnaire/chest-pain-adult|" + protocol.version());
        Observation outcome = resources(bundle, Observation.class).get(0);
        assertThat(outcome.getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo(call.outcome().orElseThrow().finalDisposition().id());
        Provenance provenance = resources(bundle, Provenance.class).get(0);
        assertThat(provenance.getEntity()).anySatisfy(e -> assertThat(e.getWhat().getIdentifier().getValue())
                .isEqualTo(protocol.contentHash()));
        assertThat(provenance.getEntity()).anySatisfy(e -> assertThat(e.getWhat().getIdentifier().getValue())
                .isEqualTo(records.get(records.size() - 1).hash()));
        assertThat(provenance.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("rn-fhir");
        assertThat(FhirExport.json(FHIR.call(records))).as("the same call exports to the same Bundle")
                .isEqualTo(FhirExport.json(bundle));
    }

    @Test
    void aCallThatIsNotFinished_isRefused() {
        Protocol protocol = LIBRARY.resolve("chest-pain-adult", ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = ENGINE.withAuditSink(sink).startCall("rn-fhir",
                ProtocolVerifier.patients(protocol, ProtocolVerifier.Grid.DEFAULT).get(0), List.of(protocol.ref()));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FHIR.call(sink.records(call.id())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finished");
    }

    /** A seeded call: answers drawn from those worth trying, "don't know" among them; closed at its end. */
    private static Call walk(Protocol protocol, long seed, MemoryAuditSink sink) {
        Random random = new Random(seed * 31 + protocol.id().hashCode());
        List<Patient> patients = ProtocolVerifier.patients(protocol, ProtocolVerifier.Grid.DEFAULT);
        Call call = ENGINE.withAuditSink(sink).startCall("rn-fhir", patients.get(random.nextInt(patients.size())),
                List.of(protocol.ref()));
        Step step = call.next();
        while (step instanceof Step.Ask ask) {
            List<Answer> domain = PathWalker.domain(LIBRARY, ask);
            step = call.answer(domain.get(random.nextInt(domain.size())));
        }
        call.close();
        return call;
    }

    private static <T> List<T> resources(Bundle bundle, Class<T> kind) {
        List<T> found = new ArrayList<>();
        bundle.getEntry().forEach(e -> {
            if (kind.isInstance(e.getResource())) {
                found.add(kind.cast(e.getResource()));
            }
        });
        return found;
    }

    private static List<String> linkIds(List<QuestionnaireItemComponent> items) {
        List<String> ids = new ArrayList<>();
        for (QuestionnaireItemComponent item : items) {
            ids.add(item.getLinkId());
            ids.addAll(linkIds(item.getItem()));
        }
        return ids;
    }
}

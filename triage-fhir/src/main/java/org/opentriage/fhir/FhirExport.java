package org.opentriage.fhir;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Resource;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Question;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AnswerSource;
import org.opentriage.triage.AuditEvent;
import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.Patient;

import ca.uhn.fhir.context.FhirContext;

/**
 * OpenTriage in FHIR R4: a protocol as a {@link Questionnaire}, a finished call as a {@link Bundle}.
 *
 * <p>The Questionnaire carries the protocol's canonical {@code url} and {@code version}, an item per question (with
 * its type, answer options and units), a group per acuity level in descending acuity, {@code enableWhen} where a
 * question's condition can be said in FHIR without changing what the engine asks, and extensions under
 * {@value #EXTENSION} for what FHIR cannot say (acuity groups, red flags, conditions, rationales, advice). It
 * documents the protocol for an EHR; the engine, not a FHIR form filler, decides dispositions.
 *
 * <p>The Bundle of a call (a {@code collection}) holds a QuestionnaireResponse per protocol of the call (answers as
 * the nurse gave them; "don't know" as an item without an answer and with the {@code answer-unknown} extension),
 * an Observation with the final disposition, the recommendation and its basis, and a Provenance naming the nurse,
 * any approver of a downgrade, each protocol version with its content hash, and the hash of the call's last audit
 * record. It is built from the call's audit records, which the caller has verified.
 *
 * {@snippet class=org.opentriage.fhir.snippets.FhirSnippetsTest region=export}
 *
 * @since 0.1.0
 */
public final class FhirExport {
    /** The base of every canonical URL and code system the export names. */
    public static final String BASE = "https://opentriage.org/fhir";
    /** The base of the extensions the export defines. */
    public static final String EXTENSION = BASE + "/StructureDefinition/";
    /** The code system of dispositions (the library's scale). */
    public static final String DISPOSITION_SYSTEM = BASE + "/CodeSystem/disposition";
    static final String PATIENT_SYSTEM = BASE + "/patient-reference";
    static final String NURSE_SYSTEM = BASE + "/nurse-id";
    static final String CALL_SYSTEM = BASE + "/call-id";
    static final String CONTENT_HASH_SYSTEM = BASE + "/protocol-content-hash";
    static final String AUDIT_RECORD_SYSTEM = BASE + "/audit-record-hash";
    static final String OBSERVATION_SYSTEM = BASE + "/CodeSystem/observation";

    private final ProtocolLibrary library;

    /**
     * An export over the protocols that calls ran on.
     *
     * @param library the library holding every protocol version a call to export pinned
     */
    public FhirExport(ProtocolLibrary library) {
        this.library = requireNonNull(library, "library");
    }

    /** {@return the HAPI FHIR R4 context the export uses (created once; it is expensive)} */
    public static FhirContext context() {
        return FhirContext.forR4Cached();
    }

    /**
     * {@return a resource as pretty-printed FHIR JSON}
     *
     * @param resource a Questionnaire, a Bundle, or any FHIR R4 resource
     */
    public static String json(IBaseResource resource) {
        return context().newJsonParser().setPrettyPrint(true).encodeResourceToString(resource);
    }

    /**
     * {@return the canonical URL of a protocol's Questionnaire (each version is {@code url|version})}
     *
     * @param protocolId the protocol's id, without version
     */
    public static String questionnaireUrl(String protocolId) {
        return BASE + "/Questionnaire/" + protocolId;
    }

    /**
     * {@return the code system of one question's answer options}
     *
     * @param protocolId the protocol's id
     * @param questionId the question's id in the protocol
     */
    public static String codeSystem(String protocolId, String questionId) {
        return BASE + "/CodeSystem/" + protocolId + "/" + questionId;
    }

    /**
     * The protocol {@code id} (its latest version) or {@code id@version} as a Questionnaire.
     *
     * @param reference {@code id} or {@code id@version}
     * @return the Questionnaire
     * @throws IllegalArgumentException when the library has no such protocol
     */
    public Questionnaire questionnaire(String reference) {
        return questionnaire(library.resolve(reference, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow(
                () -> new IllegalArgumentException("no protocol '" + reference + "' in the library")));
    }

    /**
     * {@return the protocol as a Questionnaire}
     *
     * @param protocol a protocol of any library
     */
    public Questionnaire questionnaire(Protocol protocol) {
        return FhirQuestionnaires.build(protocol);
    }

    /**
     * A finished call as a Bundle, from its audit records in order (the records of one call id, as
     * {@code AuditTrail.records} reads them, after {@code AuditTrail.verify}).
     *
     * @param records the call's records, from its first to its last
     * @return a Bundle of type collection
     * @throws IllegalArgumentException when the records are not one call that started and closed in them, or a
     *                                  protocol version it ran is not in the library with the content it pinned
     */
    public Bundle call(List<AuditRecord> records) {
        return new CallBundle(records).build();
    }

    /** Reads one call's records into FHIR resources. */
    private final class CallBundle {
        private final List<AuditRecord> records;
        private final String callId;
        private AuditEvent.CallStarted started;
        private final Map<String, AuditEvent.Pin> pins = new LinkedHashMap<>();
        /** Per protocol id: the answers in force, by question id, in the order first given. */
        private final Map<String, Map<String, AuditEvent.AnswerGiven>> answers = new LinkedHashMap<>();
        private final Map<String, AuditEvent.DispositionReached> reached = new LinkedHashMap<>();
        private final List<AuditEvent.ModifierApplied> modifiers = new ArrayList<>();
        private final List<AuditEvent.OverrideApplied> overrides = new ArrayList<>();
        private Optional<AuditEvent.CallError> error = Optional.empty();
        private AuditEvent.CallClosed closed;
        private AuditRecord closing;

        CallBundle(List<AuditRecord> records) {
            requireNonNull(records, "records");
            if (records.isEmpty()) {
                throw new IllegalArgumentException("no audit records: nothing to export");
            }
            this.records = records;
            this.callId = records.get(0).callId().orElseThrow(
                    () -> new IllegalArgumentException("the first record is not a call's"));
        }

        Bundle build() {
            read();
            Date time = Date.from(closing.time());
            Bundle bundle = new Bundle();
            bundle.setType(Bundle.BundleType.COLLECTION);
            bundle.setIdentifier(new Identifier().setSystem(CALL_SYSTEM).setValue(callId));
            bundle.setTimestamp(time);
            List<Resource> responses = new ArrayList<>();
            for (AuditEvent.Pin pin : pins.values()) {
                Protocol protocol = protocol(pin);
                responses.add(response(protocol, pin, time));
            }
            Observation observation = observation(time, responses);
            Provenance provenance = provenance(time, responses, observation);
            responses.forEach(r -> add(bundle, r));
            add(bundle, observation);
            add(bundle, provenance);
            return bundle;
        }

        private void read() {
            for (AuditRecord record : records) {
                if (!record.callId().equals(Optional.of(callId))) {
                    throw new IllegalArgumentException("the records are of more than one call: " + callId + " and "
                            + record.callId().orElse("the trail"));
                }
                for (AuditEvent event : record.events()) {
                    if (event instanceof AuditEvent.CallStarted s) {
                        started = s;
                        s.protocols().forEach(p -> pins.put(id(p.ref()), p));
                    } else if (event instanceof AuditEvent.ProtocolAdded a) {
                        pins.put(id(a.protocol().ref()), a.protocol());
                    } else if (event instanceof AuditEvent.AnswerGiven a) {
                        answers.computeIfAbsent(a.protocol(), k -> new LinkedHashMap<>()).put(a.question(), a);
                    } else if (event instanceof AuditEvent.AnswerWithdrawn w) {
                        Map<String, AuditEvent.AnswerGiven> of = answers.get(w.protocol());
                        if (of != null) {
                            of.remove(w.question());
                        }
                        reached.remove(w.protocol());
                    } else if (event instanceof AuditEvent.DispositionReached d) {
                        reached.put(d.protocol(), d);
                    } else if (event instanceof AuditEvent.ModifierApplied m) {
                        modifiers.add(m);
                    } else if (event instanceof AuditEvent.OverrideApplied o) {
                        overrides.add(o);
                    } else if (event instanceof AuditEvent.OverridesVoided v) {
                        overrides.removeIf(o -> v.voided().contains(o.to()));
                    } else if (event instanceof AuditEvent.CallError e) {
                        error = Optional.of(e);
                    } else if (event instanceof AuditEvent.CallClosed c) {
                        closed = c;
                        closing = record;
                    }
                }
            }
            if (started == null) {
                throw new IllegalArgumentException("call " + callId + " did not start in these records (it continues a "
                        + "snapshot taken elsewhere): export it from the trail where it started");
            }
            if (closed == null) {
                throw new IllegalArgumentException("call " + callId + " is not finished: it has no closing record");
            }
        }

        private Protocol protocol(AuditEvent.Pin pin) {
            Protocol protocol = library.resolve(pin.ref(), ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow(
                    () -> new IllegalArgumentException("call " + callId + " ran " + pin.ref() + ", which is not in the library"));
            if (!protocol.contentHash().equals(pin.hash())) {
                throw new IllegalArgumentException("call " + callId + " ran " + pin.ref() + " with content " + pin.hash()
                        + "; the library's " + pin.ref() + " has " + protocol.contentHash());
            }
            return protocol;
        }

        private QuestionnaireResponse response(Protocol protocol, AuditEvent.Pin pin, Date time) {
            QuestionnaireResponse r = new QuestionnaireResponse();
            r.setId(uuid("response/" + protocol.id()));
            r.setQuestionnaire(questionnaireUrl(protocol.id()) + "|" + protocol.version());
            r.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
            r.setLanguage(started.language());
            r.setSubject(patient());
            r.setAuthor(nurse(started.nurse()));
            r.setAuthored(time);
            Questionnaire questionnaire = FhirQuestionnaires.build(protocol);
            Map<String, AuditEvent.AnswerGiven> given = answers.getOrDefault(protocol.id(), Map.of());
            for (QuestionnaireItemComponent group : questionnaire.getItem()) {
                QuestionnaireResponseItemComponent groupItem = new QuestionnaireResponseItemComponent()
                        .setLinkId(group.getLinkId()).setText(group.getText());
                for (QuestionnaireItemComponent item : group.getItem()) {
                    AuditEvent.AnswerGiven a = given.get(item.getLinkId());
                    if (a != null) {
                        groupItem.addItem(answered(protocol, item, a));
                    }
                }
                if (groupItem.hasItem()) {
                    r.addItem(groupItem);
                }
            }
            return r;
        }

        private QuestionnaireResponseItemComponent answered(Protocol protocol, QuestionnaireItemComponent item,
                                                           AuditEvent.AnswerGiven given) {
            Question question = protocol.question(item.getLinkId()).orElseThrow();
            // The text as the nurse read it: in the call's language when the question has it.
            QuestionnaireResponseItemComponent out = new QuestionnaireResponseItemComponent().setLinkId(item.getLinkId())
                    .setText(question.text().in(started.language()).orElse(question.text().english()));
            Answer answer = given.answer();
            if (answer instanceof Answer.YesNo yesNo) {
                out.addAnswer().setValue(new BooleanType(yesNo.value()));
            } else if (answer instanceof Answer.Number number) {
                Coding unit = FhirQuestionnaires.ucum(number.value().unit());
                out.addAnswer().setValue(new Quantity().setValue(number.value().value()).setUnit(unit.getDisplay())
                        .setSystem(unit.getSystem()).setCode(unit.getCode()));
                if (number.confirmed()) {
                    out.addExtension(EXTENSION + "confirmed-outside-expected", new BooleanType(true));
                }
            } else if (answer instanceof Answer.Choice choice) {
                AnswerType.Choice type = (AnswerType.Choice) question.type();
                type.options().stream().filter(o -> o.code().equals(choice.code())).findFirst().ifPresent(o ->
                        out.addAnswer().setValue(FhirQuestionnaires.coding(protocol, question, o.code(), o.text())));
            } else if (answer instanceof Answer.Items items) {
                AnswerType.Checklist type = (AnswerType.Checklist) question.type();
                if (items.codes().isEmpty()) {
                    out.addAnswer().setValue(new Coding(codeSystem(protocol.id(), question.id()),
                            FhirQuestionnaires.NONE_OF_THESE, "None of these"));
                }
                type.items().stream().filter(i -> items.codes().contains(i.code())).forEach(i ->
                        out.addAnswer().setValue(FhirQuestionnaires.coding(protocol, question, i.code(), i.text())));
            } else {
                // "Don't know": FHIR has no answer value for it; the item says so without an answer.
                out.addExtension(EXTENSION + "answer-unknown", new BooleanType(true));
            }
            if (given.source() != AnswerSource.NURSE) {
                out.addExtension(EXTENSION + "answer-source",
                        new CodeType(given.source().name().toLowerCase(java.util.Locale.ROOT)));
            }
            return out;
        }

        private Observation observation(Date time, List<Resource> responses) {
            Observation o = new Observation();
            o.setId(uuid("disposition"));
            o.setStatus(Observation.ObservationStatus.FINAL);
            o.setCode(new CodeableConcept(new Coding(OBSERVATION_SYSTEM, "triage-disposition",
                    "Telephone triage disposition")).setText("Telephone triage disposition"));
            o.setSubject(patient());
            o.setEffective(new org.hl7.fhir.r4.model.DateTimeType(time));
            o.setIssued(time);
            o.addPerformer(nurse(started.nurse()));
            o.setValue(new CodeableConcept(disposition(closed.finalDisposition())));
            o.addComponent().setCode(new CodeableConcept(new Coding(OBSERVATION_SYSTEM, "recommended-disposition",
                    "Disposition the protocols recommended"))).setValue(new CodeableConcept(disposition(closed.recommended())));
            for (Map.Entry<String, AuditEvent.DispositionReached> e : reached.entrySet()) {
                AuditEvent.DispositionReached d = e.getValue();
                String pin = Optional.ofNullable(pins.get(d.protocol())).map(AuditEvent.Pin::ref).orElse(d.protocol());
                o.addNote(new Annotation().setText(pin + ": " + d.disposition() + " (" + basis(d) + ")"));
            }
            modifiers.forEach(m -> o.addNote(new Annotation().setText("modifier " + m.modifier() + " raised " + m.protocol()
                    + " from " + m.from() + " to " + m.to() + ": " + m.reason())));
            overrides.forEach(ov -> o.addNote(new Annotation().setText("nurse override from " + ov.from() + " to " + ov.to()
                    + (ov.downgrade() ? " (downgrade" + ov.approver().map(a -> ", approved by " + a).orElse("") + ")" : "")
                    + ", reason " + ov.reasonCode() + (ov.note().isBlank() ? "" : ": " + ov.note()))));
            error.ifPresent(e -> o.addNote(new Annotation().setText("the call failed closed at " + e.disposition() + ": "
                    + e.error())));
            responses.forEach(r -> o.addDerivedFrom(new org.hl7.fhir.r4.model.Reference("urn:uuid:" + r.getIdPart())));
            return o;
        }

        private String basis(AuditEvent.DispositionReached d) {
            String how = switch (d.basis()) {
                case POSITIVE_ANSWER -> "positive answer";
                case UNKNOWN_ANSWER -> "\"don't know\", counted as positive";
                case UNKNOWN_ESCALATED -> "\"don't know\", escalated";
                case DEFAULT -> "no question positive: the protocol's default";
                default -> d.basis().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            };
            return how + d.trigger().map(t -> " to " + t).orElse("");
        }

        private Provenance provenance(Date time, List<Resource> responses, Observation observation) {
            Provenance p = new Provenance();
            p.setId(uuid("provenance"));
            responses.forEach(r -> p.addTarget(new org.hl7.fhir.r4.model.Reference("urn:uuid:" + r.getIdPart())));
            p.addTarget(new org.hl7.fhir.r4.model.Reference("urn:uuid:" + observation.getIdPart()));
            p.setRecorded(time);
            p.addAgent().setType(new CodeableConcept(new Coding(
                            "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author")))
                    .setWho(nurse(started.nurse()));
            overrides.stream().map(AuditEvent.OverrideApplied::approver).flatMap(Optional::stream).distinct().forEach(a ->
                    p.addAgent().setType(new CodeableConcept(new Coding(
                                    "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "verifier", "Verifier")))
                            .setWho(nurse(a)));
            for (AuditEvent.Pin pin : pins.values()) {
                p.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(new org.hl7.fhir.r4.model.Reference()
                        .setDisplay("protocol " + pin.ref())
                        .setIdentifier(new Identifier().setSystem(CONTENT_HASH_SYSTEM).setValue(pin.hash())));
            }
            AuditRecord last = records.get(records.size() - 1);
            p.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(new org.hl7.fhir.r4.model.Reference()
                    .setDisplay("audit trail of call " + callId + ", last record " + last.seq())
                    .setIdentifier(new Identifier().setSystem(AUDIT_RECORD_SYSTEM).setValue(last.hash())));
            return p;
        }

        private Coding disposition(String id) {
            return library.scale().find(id).map(FhirQuestionnaires::disposition)
                    .orElseGet(() -> new Coding(DISPOSITION_SYSTEM, id, null));
        }

        private org.hl7.fhir.r4.model.Reference patient() {
            Patient patient = started.patient();
            return new org.hl7.fhir.r4.model.Reference().setType("Patient")
                    .setIdentifier(new Identifier().setSystem(PATIENT_SYSTEM).setValue(patient.reference()));
        }

        private org.hl7.fhir.r4.model.Reference nurse(String id) {
            return new org.hl7.fhir.r4.model.Reference().setType("Practitioner")
                    .setIdentifier(new Identifier().setSystem(NURSE_SYSTEM).setValue(id));
        }

        private void add(Bundle bundle, Resource resource) {
            bundle.addEntry().setFullUrl("urn:uuid:" + resource.getIdPart()).setResource(resource);
        }

        /** A stable id: the same call exports to the same ids. */
        private String uuid(String what) {
            return UUID.nameUUIDFromBytes((callId + "/" + what).getBytes(StandardCharsets.UTF_8)).toString();
        }

        private static String id(String ref) {
            int at = ref.indexOf('@');
            return at < 0 ? ref : ref.substring(0, at);
        }
    }
}

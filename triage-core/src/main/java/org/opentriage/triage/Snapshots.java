package org.opentriage.triage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.opentriage.internal.engine.CanonicalJson;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.Unit;

/** The JSON forms of patients, answers and call snapshots, shared by the audit trail and snapshots. */
final class Snapshots {
    static final String FORMAT = "opentriage/call-snapshot/v1";

    private Snapshots() {
    }

    /** A pinned protocol version: {@code id@version} and the content hash it must have. */
    record Pin(String ref, String hash) {
    }

    record Snapshot(String callId, String nurse, Patient patient, List<Pin> protocols, List<Call.RecordedAnswer> answers,
                    List<NurseOverride> overrides, CallState state, long seq, String lastHash) {
    }

    static ObjectNode patient(Patient patient) {
        ObjectNode node = CanonicalJson.MAPPER.createObjectNode();
        node.put("reference", patient.reference());
        node.put("age", patient.age().toString());
        patient.sex().ifPresent(s -> node.put("sex", s.word()));
        patient.pregnant().ifPresent(p -> node.put("pregnant", p));
        ObjectNode facts = node.putObject("facts");
        patient.facts().forEach((fact, value) -> facts.set(fact.key(), answer(value)));
        return node;
    }

    static Patient patient(JsonNode node) {
        Quantity age = Quantity.parse(text(node, "age")).orElseThrow(() -> new IllegalArgumentException("bad age " + node.get("age")));
        Optional<Sex> sex = Optional.ofNullable(node.get("sex")).map(s -> Sex.valueOf(s.asText().toUpperCase(java.util.Locale.ROOT)));
        Optional<Boolean> pregnant = Optional.ofNullable(node.get("pregnant")).map(JsonNode::asBoolean);
        Map<PatientFact, Answer> facts = new EnumMap<>(PatientFact.class);
        node.path("facts").fields().forEachRemaining(e -> facts.put(PatientFact.byKey(e.getKey())
                .orElseThrow(() -> new IllegalArgumentException("unknown fact " + e.getKey())), answer(e.getValue())));
        return new Patient(text(node, "reference"), age, sex, pregnant, facts);
    }

    static ObjectNode answer(Answer answer) {
        ObjectNode node = CanonicalJson.MAPPER.createObjectNode();
        if (answer instanceof Answer.YesNo yesNo) {
            node.put("kind", "yesno");
            node.put("value", yesNo.value());
        } else if (answer instanceof Answer.Number number) {
            node.put("kind", "number");
            node.put("value", number.value().value().toPlainString());
            node.put("unit", number.value().unit().symbol());
            node.put("confirmed", number.confirmed());
        } else if (answer instanceof Answer.Choice choice) {
            node.put("kind", "choice");
            node.put("code", choice.code());
        } else {
            node.put("kind", "unknown");
        }
        return node;
    }

    static Answer answer(JsonNode node) {
        return switch (text(node, "kind")) {
            case "yesno" -> new Answer.YesNo(node.get("value").asBoolean());
            case "number" -> new Answer.Number(new Quantity(new BigDecimal(text(node, "value")),
                    Unit.bySymbol(text(node, "unit")).orElseThrow(() -> new IllegalArgumentException("bad unit " + node.get("unit")))),
                    node.path("confirmed").asBoolean(false));
            case "choice" -> new Answer.Choice(text(node, "code"));
            case "unknown" -> new Answer.Unknown();
            default -> throw new IllegalArgumentException("unknown answer kind " + node.get("kind"));
        };
    }

    static String write(String callId, String nurse, Patient patient, List<Protocol> protocols,
                        List<Call.RecordedAnswer> answers, List<NurseOverride> overrides, CallState state, long seq,
                        String lastHash) {
        ObjectNode root = CanonicalJson.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("call", callId);
        root.put("nurse", nurse);
        root.set("patient", patient(patient));
        ArrayNode pins = root.putArray("protocols");
        for (Protocol p : protocols) {
            pins.addObject().put("ref", p.ref()).put("hash", p.contentHash());
        }
        ArrayNode answerNodes = root.putArray("answers");
        for (Call.RecordedAnswer a : answers) {
            ObjectNode node = answerNodes.addObject();
            node.put("protocol", a.protocol());
            node.put("question", a.question());
            node.set("answer", answer(a.answer()));
            node.put("source", a.source().name());
        }
        ArrayNode overrideNodes = root.putArray("overrides");
        for (NurseOverride o : overrides) {
            ObjectNode node = overrideNodes.addObject();
            node.put("from", o.from().id());
            node.put("to", o.to().id());
            node.put("reasonCode", o.reasonCode());
            node.put("note", o.note());
            node.put("nurse", o.nurse());
            o.approver().ifPresent(a -> node.put("approver", a));
        }
        root.put("state", state.name());
        root.put("seq", seq);
        root.put("lastHash", lastHash);
        return CanonicalJson.write(root);
    }

    static Snapshot read(String json, org.opentriage.protocol.DispositionScale scale) {
        JsonNode root;
        try {
            root = CanonicalJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a call snapshot: " + e.getOriginalMessage(), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("not a call snapshot (format " + FORMAT + ")");
        }
        List<Pin> pins = new ArrayList<>();
        root.path("protocols").forEach(p -> pins.add(new Pin(text(p, "ref"), text(p, "hash"))));
        List<Call.RecordedAnswer> answers = new ArrayList<>();
        root.path("answers").forEach(a -> answers.add(new Call.RecordedAnswer(text(a, "protocol"), text(a, "question"),
                answer(a.get("answer")), AnswerSource.valueOf(text(a, "source")))));
        List<NurseOverride> overrides = new ArrayList<>();
        root.path("overrides").forEach(o -> overrides.add(new NurseOverride(disposition(scale, text(o, "from")),
                disposition(scale, text(o, "to")), text(o, "reasonCode"), text(o, "note"), text(o, "nurse"),
                Optional.ofNullable(o.get("approver")).map(JsonNode::asText))));
        return new Snapshot(text(root, "call"), text(root, "nurse"), patient(root.get("patient")), pins, answers,
                overrides, CallState.valueOf(text(root, "state")), root.path("seq").asLong(), text(root, "lastHash"));
    }

    private static Disposition disposition(org.opentriage.protocol.DispositionScale scale, String id) {
        return scale.find(id).orElseThrow(() -> new IllegalArgumentException("unknown disposition " + id));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing text field '" + field + "'");
        }
        return value.asText();
    }
}

package org.opentriage.triage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.opentriage.internal.engine.AuditChain;
import org.opentriage.internal.engine.CanonicalJson;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.DispositionScale;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;

/**
 * Call snapshots: a call in flight as canonical JSON, authenticated by an HMAC under the engine's snapshot
 * key, so that a snapshot changed on its way (an answer flipped from yes to no) is refused, not resumed.
 */
final class Snapshots {
    static final String FORMAT = "opentriage/call-snapshot/v5";

    private Snapshots() {
    }

    /**
     * @param outcomeOver how many of the call's protocols, the first ones, its outcome was reached over: fewer than
     *                    all when protocols were added since, 0 when it has none (none reached yet, or an answer
     *                    withdrawn since)
     */
    /** @param patient the patient as the call started; {@code facts} were given since */
    /** @param declined the suggestions the nurse declined, in the order declined */
    record Snapshot(String callId, String nurse, String language, Patient patient, List<Call.GivenFact> facts, List<AuditEvent.Pin> protocols,
                    List<RecordedAnswer> answers, List<NurseOverride> overrides, List<Suggestion> declined, int outcomeOver,
                    CallState state, long seq, String lastHash) {
    }

    static String write(String callId, String nurse, String language, Patient patient, List<Call.GivenFact> facts, List<Protocol> protocols,
                        List<RecordedAnswer> answers, List<NurseOverride> overrides, List<Suggestion> declined, int outcomeOver,
                        CallState state, long seq, String lastHash, byte[] key) {
        ObjectNode root = CanonicalJson.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("call", callId);
        root.put("nurse", nurse);
        if (!language.equals(org.opentriage.protocol.LocalizedText.ENGLISH)) {
            root.put("language", language);
        }
        root.set("patient", AuditCodec.patient(patient));
        ArrayNode factNodes = root.putArray("facts");
        for (Call.GivenFact f : facts) {
            factNodes.addObject().put("fact", f.fact().key()).put("afterAnswers", f.afterAnswers())
                    .set("value", AuditCodec.answer(f.value()));
        }
        ArrayNode pins = root.putArray("protocols");
        protocols.forEach(p -> pins.add(AuditCodec.pin(new AuditEvent.Pin(p.ref(), p.contentHash()))));
        ArrayNode answerNodes = root.putArray("answers");
        for (RecordedAnswer a : answers) {
            ObjectNode node = answerNodes.addObject();
            node.put("protocol", a.protocol());
            node.put("question", a.question());
            node.set("answer", AuditCodec.answer(a.answer()));
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
        ArrayNode declinedNodes = root.putArray("declined");
        for (Suggestion d : declined) {
            declinedNodes.addObject().put("suggested", d.protocol()).put("protocol", d.by()).put("question", d.question())
                    .set("answer", AuditCodec.answer(d.answer()));
        }
        root.put("outcomeOver", outcomeOver);
        root.put("state", state.name());
        root.put("seq", seq);
        root.put("lastHash", lastHash);
        root.put("mac", AuditChain.hmac(CanonicalJson.write(root), key));
        return CanonicalJson.write(root);
    }

    /**
     * Reads a snapshot, refusing one whose MAC does not match under {@code key}: changed after it was
     * written, or written by an engine with another snapshot key.
     */
    static Snapshot read(String json, ProtocolLibrary library, ProtocolLibrary.Resolution resolution, byte[] key) {
        DispositionScale scale = library.scale();
        JsonNode parsed;
        try {
            parsed = CanonicalJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a call snapshot: " + e.getOriginalMessage(), e);
        }
        if (parsed == null || !parsed.isObject() || !FORMAT.equals(parsed.path("format").asText())) {
            throw new IllegalArgumentException("not a call snapshot (format " + FORMAT + ")");
        }
        ObjectNode root = (ObjectNode) parsed;
        String mac = root.path("mac").asText("");
        root.remove("mac");
        String expected = AuditChain.hmac(CanonicalJson.write(root), key);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), mac.getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("the snapshot of call " + root.path("call").asText("?") + " is refused: its MAC "
                    + "does not match, so it was changed after it was taken or taken by an engine with another snapshot key");
        }
        List<AuditEvent.Pin> pins = new ArrayList<>();
        root.path("protocols").forEach(p -> pins.add(AuditCodec.pin(p)));
        List<RecordedAnswer> answers = new ArrayList<>();
        root.path("answers").forEach(a -> answers.add(new RecordedAnswer(AuditCodec.text(a, "protocol"),
                AuditCodec.text(a, "question"), AuditCodec.answer(a.get("answer")),
                AnswerSource.valueOf(AuditCodec.text(a, "source")))));
        List<NurseOverride> overrides = new ArrayList<>();
        root.path("overrides").forEach(o -> overrides.add(new NurseOverride(disposition(scale, AuditCodec.text(o, "from")),
                disposition(scale, AuditCodec.text(o, "to")), AuditCodec.text(o, "reasonCode"), AuditCodec.text(o, "note"),
                AuditCodec.text(o, "nurse"), Optional.ofNullable(o.get("approver")).map(JsonNode::asText))));
        List<Call.GivenFact> facts = new ArrayList<>();
        root.path("facts").forEach(f -> facts.add(new Call.GivenFact(PatientFact.byKey(AuditCodec.text(f, "fact"))
                .orElseThrow(() -> new IllegalArgumentException("unknown fact " + f.get("fact"))),
                AuditCodec.answer(f.get("value")), f.path("afterAnswers").asInt())));
        List<Suggestion> declined = new ArrayList<>();
        root.path("declined").forEach(d -> {
            String suggested = AuditCodec.text(d, "suggested");
            Protocol protocol = library.resolve(suggested, resolution).orElseThrow(() -> new IllegalArgumentException(
                    "the snapshot declines protocol " + suggested + ", which is not in the library"));
            declined.add(new Suggestion(suggested, protocol.title(), AuditCodec.text(d, "protocol"), AuditCodec.text(d, "question"),
                    AuditCodec.answer(d.get("answer"))));
        });
        return new Snapshot(AuditCodec.text(root, "call"), AuditCodec.text(root, "nurse"),
                AuditCodec.optionalText(root, "language").orElse(org.opentriage.protocol.LocalizedText.ENGLISH),
                AuditCodec.patient(root.get("patient")),
                facts, pins, answers, overrides, declined, root.path("outcomeOver").asInt(), CallState.valueOf(AuditCodec.text(root, "state")),
                root.path("seq").asLong(), AuditCodec.text(root, "lastHash"));
    }

    private static Disposition disposition(DispositionScale scale, String id) {
        return scale.find(id).orElseThrow(() -> new IllegalArgumentException("unknown disposition " + id));
    }
}

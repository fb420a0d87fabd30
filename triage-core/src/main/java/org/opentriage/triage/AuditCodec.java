package org.opentriage.triage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.opentriage.internal.engine.AuditChain;
import org.opentriage.internal.engine.CanonicalJson;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.Unit;

/**
 * The one writer and reader of audit records and events, and of the answers and patients that snapshots
 * share with them. docs/audit-format.md is its description; a change here is a change of format.
 */
final class AuditCodec {
    /** The format named in each trail's header record. */
    static final String FORMAT = "opentriage/audit/v2";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AuditCodec() {
    }

    // ---- records

    /**
     * Seals a record: its hash (and HMAC with a key) over its content chained to {@code prev}, and its
     * canonical line, which holds the hash but not {@code prev}.
     */
    static AuditRecord seal(Optional<String> callId, long seq, Instant time, List<AuditEvent> events, String prev,
                            Optional<byte[]> key) {
        Instant stamped = time.truncatedTo(ChronoUnit.MILLIS);
        ObjectNode record = JSON.objectNode();
        callId.ifPresent(c -> record.put("call", c));
        ArrayNode eventNodes = record.putArray("events");
        events.forEach(e -> eventNodes.add(event(e)));
        record.put("seq", seq);
        record.put("time", stamped.toString());
        // The hashed text and the line are put together from the same members, each written once.
        CanonicalJson.Members members = CanonicalJson.Members.of(record);
        String body = members.chained(prev);
        String hash = AuditChain.hash(body);
        Optional<String> hmac = key.map(k -> AuditChain.hmac(body, k));
        CanonicalJson.Members sealed = members.with("hash", hash);
        String line = (hmac.isPresent() ? sealed.with("hmac", hmac.get()) : sealed).object();
        return new AuditRecord(callId, seq, stamped, events, prev, hash, hmac, line);
    }

    /**
     * A record read from its line, with the text its hash and HMAC cover and whether its hash matches it; a
     * verifier checks the record's place in its call before the hash, to name the likelier cause.
     */
    record Parsed(AuditRecord record, String body, boolean hashMatches) {
        AuditRecord checked() {
            if (!hashMatches) {
                throw new IllegalArgumentException("content does not match its hash (changed, or records before it were "
                        + "removed, added or reordered)");
            }
            return record;
        }
    }

    static AuditRecord parse(String line, String prev) {
        return read(line, prev).checked();
    }

    static Parsed read(String line, String prev) {
        JsonNode node;
        try {
            node = CanonicalJson.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        ObjectNode record = (ObjectNode) node;
        CanonicalJson.Members members = CanonicalJson.Members.of(record);
        if (!members.object().equals(line)) {
            throw new IllegalArgumentException("not in canonical form: the line was changed");
        }
        for (String field : List.of("events", "hash", "seq", "time")) {
            if (!record.hasNonNull(field)) {
                throw new IllegalArgumentException("missing field '" + field + "'");
            }
        }
        if (record.has("prev")) {
            throw new IllegalArgumentException("a 'prev' field: the link to the record before is not written in the line");
        }
        String hash = text(record, "hash");
        String body = members.chained(prev);
        JsonNode seq = record.get("seq");
        if (!seq.canConvertToExactIntegral() || !seq.canConvertToLong()) {
            throw new IllegalArgumentException("seq is not a whole number");
        }
        Instant time;
        try {
            time = Instant.parse(text(record, "time"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time is not an instant: " + e.getMessage());
        }
        JsonNode eventNodes = record.get("events");
        if (!eventNodes.isArray()) {
            throw new IllegalArgumentException("events is not a list");
        }
        List<AuditEvent> events = new ArrayList<>();
        eventNodes.forEach(e -> events.add(event(e)));
        Optional<String> callId = record.has("call") ? Optional.of(text(record, "call")) : Optional.empty();
        Optional<String> hmac = record.has("hmac") ? Optional.of(text(record, "hmac")) : Optional.empty();
        return new Parsed(new AuditRecord(callId, seq.longValue(), time, events, prev, hash, hmac, line), body,
                AuditChain.hash(body).equals(hash));
    }

    // ---- events

    static ObjectNode event(AuditEvent event) {
        ObjectNode n = JSON.objectNode();
        n.put("type", event.type().wireName());
        if (event instanceof AuditEvent.TrailStarted e) {
            n.put("format", e.format()).put("engine", e.engine()).put("keyed", e.keyed());
        } else if (event instanceof AuditEvent.CallStarted e) {
            n.put("engine", e.engine()).put("nurse", e.nurse());
            n.set("patient", patient(e.patient()));
            ArrayNode pins = n.putArray("protocols");
            e.protocols().forEach(p -> pins.add(pin(p)));
            if (!e.language().equals(org.opentriage.protocol.LocalizedText.ENGLISH)) {
                // Written only for another language, so that an English call's record is as before.
                n.put("language", e.language());
            }
        } else if (event instanceof AuditEvent.CallResumed e) {
            n.put("after", e.after());
            // Written only when another nurse acts, so that a call resumed by its own nurse reads as before.
            e.by().ifPresent(by -> n.put("by", by));
        } else if (event instanceof AuditEvent.ProtocolAdded e) {
            n.set("protocol", pin(e.protocol()));
        } else if (event instanceof AuditEvent.QuestionAsked e) {
            n.put("protocol", e.protocol()).put("question", e.question());
            if (e.redFlag()) {
                n.put("redFlag", true);
            }
        } else if (event instanceof AuditEvent.AnswerGiven e) {
            n.put("protocol", e.protocol()).put("question", e.question());
            n.set("answer", answer(e.answer()));
            if (e.source() != AnswerSource.NURSE) {
                n.put("source", e.source().name().toLowerCase(Locale.ROOT));
            }
            e.shared().ifPresent(b -> n.put("shared", b));
        } else if (event instanceof AuditEvent.FactGiven e) {
            n.put("fact", e.fact());
            n.set("value", answer(e.value()));
        } else if (event instanceof AuditEvent.AnswerWithdrawn e) {
            n.put("protocol", e.protocol()).put("question", e.question());
        } else if (event instanceof AuditEvent.RulesFired e) {
            n.put("protocol", e.protocol());
            ArrayNode rules = n.putArray("rules");
            e.rules().forEach(rules::add);
        } else if (event instanceof AuditEvent.DispositionReached e) {
            n.put("protocol", e.protocol()).put("disposition", e.disposition()).put("basis", e.basis().name());
            e.trigger().ifPresent(t -> n.put("trigger", t));
        } else if (event instanceof AuditEvent.ModifierApplied e) {
            n.put("protocol", e.protocol()).put("modifier", e.modifier()).put("from", e.from()).put("to", e.to())
                    .put("reason", e.reason());
        } else if (event instanceof AuditEvent.Recommended e) {
            n.put("disposition", e.disposition());
        } else if (event instanceof AuditEvent.OverrideApplied e) {
            n.put("from", e.from()).put("to", e.to()).put("direction", e.downgrade() ? "down" : "up")
                    .put("reasonCode", e.reasonCode()).put("note", e.note()).put("nurse", e.nurse());
            e.approver().ifPresent(a -> n.put("approver", a));
        } else if (event instanceof AuditEvent.OverridesVoided e) {
            n.put("recommended", e.recommended());
            ArrayNode voided = n.putArray("voided");
            e.voided().forEach(voided::add);
        } else if (event instanceof AuditEvent.CareAdviceGiven e) {
            n.put("disposition", e.disposition());
            ArrayNode advice = n.putArray("advice");
            e.advice().forEach(advice::add);
            ArrayNode callBack = n.putArray("callBackIf");
            e.callBackIf().forEach(callBack::add);
        } else if (event instanceof AuditEvent.CallClosed e) {
            n.put("recommended", e.recommended()).put("final", e.finalDisposition());
            if (!e.undecided().isEmpty()) {
                ArrayNode undecided = n.putArray("undecided");
                e.undecided().forEach(undecided::add);
            }
        } else if (event instanceof AuditEvent.SuggestionOffered e) {
            n.put("suggested", e.suggested()).put("protocol", e.protocol()).put("question", e.question());
            n.set("answer", answer(e.answer()));
        } else if (event instanceof AuditEvent.SuggestionDeclined e) {
            n.put("suggested", e.suggested());
        } else if (event instanceof AuditEvent.SuggestionWithdrawn e) {
            n.put("suggested", e.suggested());
        } else if (event instanceof AuditEvent.CallAbandoned e) {
            n.put("reason", e.reason());
        } else if (event instanceof AuditEvent.CallError e) {
            n.put("error", e.error()).put("disposition", e.disposition());
            ArrayNode open = n.putArray("open");
            e.open().forEach(o -> open.addObject().put("protocol", o.protocol()).put("question", o.question())
                    .put("ifPositive", o.ifPositive()));
        } else if (event instanceof AuditEvent.CallInterrupted e) {
            n.put("reason", e.reason());
        } else if (event instanceof AuditEvent.EscalationDelivery e) {
            n.put("call", e.call()).put("reason", e.reason().word()).put("disposition", e.disposition())
                    .put("outcome", e.sent() ? "sent" : "failed").put("attempts", e.attempts());
            e.error().ifPresent(error -> n.put("error", error));
            n.put("raised", e.raised().toString());
        } else if (event instanceof AuditEvent.TrailRecovered e) {
            if (e.tornBytes() > 0) {
                n.put("tornBytes", e.tornBytes());
            }
            e.tornHash().ifPresent(h -> n.put("tornHash", h));
            ArrayNode interrupted = n.putArray("interrupted");
            e.interrupted().forEach(interrupted::add);
        } else {
            throw new IllegalStateException("no writer for " + event.type());
        }
        return n;
    }

    static AuditEvent event(JsonNode n) {
        String type = text(n, "type");
        return switch (type) {
            case "TrailStarted" -> new AuditEvent.TrailStarted(text(n, "format"), text(n, "engine"), bool(n, "keyed"));
            case "CallStarted" -> new AuditEvent.CallStarted(text(n, "engine"), text(n, "nurse"), patient(n.get("patient")),
                    list(n, "protocols").stream().map(AuditCodec::pin).toList(),
                    optionalText(n, "language").orElse(org.opentriage.protocol.LocalizedText.ENGLISH));
            case "CallResumed" -> new AuditEvent.CallResumed(text(n, "after"), optionalText(n, "by"));
            case "ProtocolAdded" -> new AuditEvent.ProtocolAdded(pin(n.get("protocol")));
            case "QuestionAsked" -> new AuditEvent.QuestionAsked(text(n, "protocol"), text(n, "question"),
                    n.has("redFlag") && bool(n, "redFlag"));
            case "AnswerGiven" -> new AuditEvent.AnswerGiven(text(n, "protocol"), text(n, "question"), answer(n.get("answer")),
                    n.has("source") ? source(text(n, "source")) : AnswerSource.NURSE, optionalText(n, "shared"));
            case "FactGiven" -> new AuditEvent.FactGiven(text(n, "fact"), answer(n.get("value")));
            case "AnswerWithdrawn" -> new AuditEvent.AnswerWithdrawn(text(n, "protocol"), text(n, "question"));
            case "RulesFired" -> new AuditEvent.RulesFired(text(n, "protocol"), texts(n, "rules"));
            case "DispositionReached" -> new AuditEvent.DispositionReached(text(n, "protocol"), text(n, "disposition"),
                    basis(text(n, "basis")), optionalText(n, "trigger"));
            case "ModifierApplied" -> new AuditEvent.ModifierApplied(text(n, "protocol"), text(n, "modifier"), text(n, "from"),
                    text(n, "to"), text(n, "reason"));
            case "Recommended" -> new AuditEvent.Recommended(text(n, "disposition"));
            case "OverrideApplied" -> new AuditEvent.OverrideApplied(text(n, "from"), text(n, "to"),
                    direction(text(n, "direction")), text(n, "reasonCode"), text(n, "note"), text(n, "nurse"),
                    optionalText(n, "approver"));
            case "OverridesVoided" -> new AuditEvent.OverridesVoided(text(n, "recommended"), texts(n, "voided"));
            case "CareAdviceGiven" -> new AuditEvent.CareAdviceGiven(text(n, "disposition"), texts(n, "advice"),
                    texts(n, "callBackIf"));
            case "CallClosed" -> new AuditEvent.CallClosed(text(n, "recommended"), text(n, "final"),
                    n.has("undecided") ? texts(n, "undecided") : List.of());
            case "SuggestionOffered" -> new AuditEvent.SuggestionOffered(text(n, "suggested"), text(n, "protocol"),
                    text(n, "question"), answer(n.get("answer")));
            case "SuggestionDeclined" -> new AuditEvent.SuggestionDeclined(text(n, "suggested"));
            case "SuggestionWithdrawn" -> new AuditEvent.SuggestionWithdrawn(text(n, "suggested"));
            case "CallAbandoned" -> new AuditEvent.CallAbandoned(text(n, "reason"));
            case "CallError" -> new AuditEvent.CallError(text(n, "error"), text(n, "disposition"), list(n, "open").stream()
                    .map(o -> new AuditEvent.Open(text(o, "protocol"), text(o, "question"), text(o, "ifPositive"))).toList());
            case "CallInterrupted" -> new AuditEvent.CallInterrupted(text(n, "reason"));
            case "EscalationDelivery" -> new AuditEvent.EscalationDelivery(text(n, "call"),
                    Escalation.Reason.byWord(text(n, "reason")), text(n, "disposition"), outcome(text(n, "outcome")),
                    whole(n, "attempts"), optionalText(n, "error"), instant(n, "raised"));
            case "TrailRecovered" -> new AuditEvent.TrailRecovered(n.has("tornBytes") ? n.get("tornBytes").asLong() : 0,
                    optionalText(n, "tornHash"), texts(n, "interrupted"));
            default -> throw new IllegalArgumentException("unknown event type '" + type + "'");
        };
    }

    // ---- values shared with snapshots

    /** yes/no as a boolean, "don't know" as null, a number as value and unit, an option as its code. */
    static JsonNode answer(Answer answer) {
        if (answer instanceof Answer.YesNo yesNo) {
            return JSON.booleanNode(yesNo.value());
        }
        if (answer instanceof Answer.Number number) {
            ObjectNode n = JSON.objectNode();
            n.put("value", number.value().value().toPlainString());
            n.put("unit", number.value().unit().symbol());
            if (number.confirmed()) {
                n.put("confirmed", true);
            }
            return n;
        }
        if (answer instanceof Answer.Choice choice) {
            return JSON.objectNode().put("option", choice.code());
        }
        if (answer instanceof Answer.Items items) {
            ObjectNode n = JSON.objectNode();
            ArrayNode codes = n.putArray("items");
            items.codes().forEach(codes::add);
            return n;
        }
        return JSON.nullNode();
    }

    static Answer answer(JsonNode n) {
        if (n == null) {
            throw new IllegalArgumentException("missing answer");
        }
        if (n.isBoolean()) {
            return new Answer.YesNo(n.booleanValue());
        }
        if (n.isNull()) {
            return new Answer.Unknown();
        }
        if (n.has("option")) {
            return new Answer.Choice(text(n, "option"));
        }
        if (n.has("items")) {
            return new Answer.Items(new java.util.TreeSet<>(texts(n, "items")));
        }
        if (n.has("value")) {
            Unit unit = Unit.bySymbol(text(n, "unit")).orElseThrow(() -> new IllegalArgumentException("unknown unit " + n.get("unit")));
            BigDecimal value;
            try {
                value = new BigDecimal(text(n, "value"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: " + n.get("value"));
            }
            return new Answer.Number(new Quantity(value, unit), n.has("confirmed") && bool(n, "confirmed"));
        }
        throw new IllegalArgumentException("not an answer: " + CanonicalJson.write(n));
    }

    static ObjectNode patient(Patient patient) {
        ObjectNode n = JSON.objectNode();
        n.put("reference", patient.reference());
        n.put("age", patient.age().toString());
        patient.sex().ifPresent(s -> n.put("sex", s.word()));
        patient.pregnant().ifPresent(p -> n.put("pregnant", p));
        if (!patient.facts().isEmpty()) {
            ObjectNode facts = n.putObject("facts");
            patient.facts().forEach((fact, value) -> facts.set(fact.key(), answer(value)));
        }
        return n;
    }

    static Patient patient(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("missing patient");
        }
        Quantity age = Quantity.parse(text(n, "age")).orElseThrow(() -> new IllegalArgumentException("bad age " + n.get("age")));
        Optional<Sex> sex = optionalText(n, "sex").map(s -> Sex.byWord(s)
                .orElseThrow(() -> new IllegalArgumentException("unknown sex '" + s + "'")));
        Optional<Boolean> pregnant = n.has("pregnant") ? Optional.of(bool(n, "pregnant")) : Optional.empty();
        Map<PatientFact, Answer> facts = new EnumMap<>(PatientFact.class);
        n.path("facts").properties().forEach(e -> facts.put(PatientFact.byKey(e.getKey())
                .orElseThrow(() -> new IllegalArgumentException("unknown fact " + e.getKey())), answer(e.getValue())));
        return new Patient(text(n, "reference"), age, sex, pregnant, facts);
    }

    static ObjectNode pin(AuditEvent.Pin pin) {
        return JSON.objectNode().put("ref", pin.ref()).put("hash", pin.hash());
    }

    static AuditEvent.Pin pin(JsonNode n) {
        return new AuditEvent.Pin(text(n, "ref"), text(n, "hash"));
    }

    // ---- fields

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing text field '" + field + "'");
        }
        return value.textValue();
    }

    static Optional<String> optionalText(JsonNode node, String field) {
        return node.has(field) ? Optional.of(text(node, field)) : Optional.empty();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isBoolean()) {
            throw new IllegalArgumentException("missing true/false field '" + field + "'");
        }
        return value.booleanValue();
    }

    private static List<JsonNode> list(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException("missing list field '" + field + "'");
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    private static List<String> texts(JsonNode node, String field) {
        return list(node, field).stream().map(v -> {
            if (!v.isTextual()) {
                throw new IllegalArgumentException("'" + field + "' holds a non-text item");
            }
            return v.textValue();
        }).toList();
    }

    private static AnswerSource source(String word) {
        for (AnswerSource s : AnswerSource.values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown answer source '" + word + "'");
    }

    private static ProtocolResult.Basis basis(String word) {
        try {
            return ProtocolResult.Basis.valueOf(word);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown basis '" + word + "'");
        }
    }

    private static boolean outcome(String word) {
        return switch (word) {
            case "sent" -> true;
            case "failed" -> false;
            default -> throw new IllegalArgumentException("unknown delivery outcome '" + word + "'");
        };
    }

    private static int whole(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("missing whole-number field '" + field + "'");
        }
        return value.intValue();
    }

    private static Instant instant(JsonNode node, String field) {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an instant: " + e.getMessage());
        }
    }

    private static boolean direction(String word) {
        return switch (word) {
            case "down" -> true;
            case "up" -> false;
            default -> throw new IllegalArgumentException("unknown override direction '" + word + "'");
        };
    }
}

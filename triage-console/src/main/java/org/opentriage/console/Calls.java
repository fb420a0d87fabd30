package org.opentriage.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.Unit;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.AuditSink;
import org.opentriage.triage.AuditTrail;
import org.opentriage.triage.Call;
import org.opentriage.triage.CallState;
import org.opentriage.triage.Patient;
import org.opentriage.triage.ProtocolNotApprovedException;
import org.opentriage.triage.Replay;
import org.opentriage.triage.TriageEngine;

/**
 * The calls of the console over the engine and the store. Each write resumes the call from its stored snapshot
 * (so any node can take it), applies the nurse's step, and stores the call's new snapshot, view and audit records
 * in one transaction, only from the version the nurse saw: no node keeps a call between requests. Thread-safe.
 */
final class Calls {
    private final TriageEngine engine;
    private final ProtocolLibrary library;
    private final ProtocolLibrary.Resolution resolution;
    private final ConsoleStore store;
    private final byte[] hmacKey;
    private final Clock clock;
    private final CallView views;
    /**
     * Calls this node wrote last, with their sinks, at the version they were stored at: a write of the call at that
     * version goes on with it rather than resuming it from its snapshot. Taken out while a request uses one, so no
     * two requests share a call; put back only after its write commits.
     */
    private final Map<String, LiveCall> live;

    /** {@code actor}: the user the call was last written for; another user resumes it, so the trail names her. */
    private record LiveCall(Call call, BufferedTrail trail, long version, String actor) {
    }

    Calls(TriageEngine engine, ProtocolLibrary library, ProtocolLibrary.Resolution resolution, ConsoleStore store, byte[] hmacKey,
          Clock clock) {
        this.engine = engine;
        this.library = library;
        this.resolution = resolution;
        this.store = store;
        this.hmacKey = hmacKey.clone();
        this.clock = clock;
        this.views = new CallView(library);
        this.live = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LiveCall> eldest) {
                return size() > LIVE_CALLS;
            }
        });
    }

    /** At most this many calls are kept live on a node, about 30 KB each. */
    static final int LIVE_CALLS = 1_000;

    // ---- protocols

    ArrayNode search(Optional<String> words, Optional<Quantity> age) {
        List<Protocol> found = words.filter(w -> !w.isBlank()).map(w -> library.search(w, age, resolution))
                .orElseGet(() -> library.latest(age, resolution).stream().filter(p -> !p.general()).toList());
        ArrayNode list = CallView.JSON.createArrayNode();
        for (Protocol p : found) {
            list.addObject().put("id", p.id()).put("version", p.version().toString()).put("ref", p.ref())
                    .put("title", p.title().english()).put("definition", p.definition().english())
                    .put("population", p.population().describe()).put("status", library.approvals().status(p).word())
                    .put("readsSex", p.readsSex());
        }
        return list;
    }

    // ---- calls

    /** Starts a call for the logged-in nurse. */
    ObjectNode start(ConsoleStore.Session nurse, JsonNode body) {
        requireRole(nurse, "start a call", Role.RN, Role.LEAD);
        JsonNode patientNode = field(body, "patient");
        Patient patient = patient(patientNode);
        List<String> protocols = new ArrayList<>();
        JsonNode list = field(body, "protocols");
        if (!list.isArray() || list.isEmpty()) {
            throw malformed("'protocols' must be a list of protocol ids, at least one");
        }
        list.forEach(p -> protocols.add(text(p, "protocols[]")));
        BufferedTrail trail = new BufferedTrail(Optional.empty());
        String language = body.has("language") ? text(body.get("language"), "language") : LocalizedText.ENGLISH;
        if (!LocalizedText.isLanguageTag(language)) {
            throw malformed("'language' must be a BCP-47 tag such as es, not '" + language + "'");
        }
        Call call = engine.withAuditSink(trail).startCall(nurse.userId(), patient, protocols, language);
        ObjectNode view = views.render(call);
        Instant now = clock.instant();
        store.transaction(c -> {
            ConsoleStore.insertCall(c, call.id(), nurse.userId(), call.state().name(), call.snapshot(), sealed(call.id(), 1, view), trail.lines(),
                    trail.lastHash(), now);
            return null;
        });
        keep(call, trail, 1, nurse.userId());
        return view.put("version", 1);
    }

    /** Keeps a call that can go on, as stored at {@code version}, for this node's next write of it. */
    private void keep(Call call, BufferedTrail trail, long version, String actor) {
        if (!call.state().isFinal()) {
            trail.committed();
            live.put(call.id(), new LiveCall(call, trail, version, actor));
        }
    }

    /** The call as last written. */
    ObjectNode read(ConsoleStore.Session user, String id) {
        ConsoleStore.StoredCall stored = stored(id);
        requireReader(user, stored);
        return withVersion(unsealed(stored), stored.version());
    }

    /** The calls the user may see, most recently changed first: her own, or every call for a lead or an auditor. */
    ArrayNode recent(ConsoleStore.Session user) {
        boolean all = user.roles().contains(Role.LEAD) || user.roles().contains(Role.AUDITOR);
        List<ConsoleStore.StoredCall> calls = store.transaction(c -> ConsoleStore.recentCalls(c, all ? Optional.empty()
                : Optional.of(user.userId()), 50));
        ArrayNode list = CallView.JSON.createArrayNode();
        for (ConsoleStore.StoredCall stored : calls) {
            ObjectNode view = withVersion(unsealed(stored), stored.version());
            ObjectNode item = list.addObject().put("id", stored.id()).put("nurse", stored.nurse()).put("state", stored.state())
                    .put("version", stored.version());
            item.set("protocols", view.get("protocols"));
            Optional.ofNullable(view.get("outcome")).ifPresent(o -> item.set("final", o.get("final")));
        }
        return list;
    }

    /**
     * Writes one step of a call: resumes it, applies {@code step}, stores the result, unless the call moved on since
     * {@code version}.
     *
     * @throws Problem {@code STALE_WRITE} when the call is no longer at {@code version}
     */
    ObjectNode write(ConsoleStore.Session user, String id, long version, Consumer<Call> step) {
        ConsoleStore.StoredCall stored = stored(id);
        requireWriter(user, stored);
        if (stored.version() != version) {
            throw stale(stored.version(), version);
        }
        if (CallState.valueOf(stored.state()).isFinal()) {
            throw new Problem(Problem.Type.CALL_STATE, "call " + id + " has ended (" + stored.state() + ")",
                    Map.of("state", stored.state()));
        }
        LiveCall kept = live.remove(id);
        BufferedTrail trail;
        Call call;
        if (kept != null && kept.version() == stored.version() && kept.trail().lastHash().equals(stored.trailHead())
                && kept.actor().equals(user.userId())) {
            trail = kept.trail();
            call = kept.call();
        } else {
            trail = new BufferedTrail(Optional.of(new AuditSink.Head(stored.trailHead(), true)));
            try {
                // Resumed for the logged-in user: when she is not the call's nurse (a lead), the trail names her.
                call = engine.withAuditSink(trail).resume(stored.snapshot(), user.userId());
            } catch (ProtocolNotApprovedException e) {
                throw new Problem(Problem.Type.REQUEST_REFUSED, String.valueOf(e.getMessage()));
            } catch (IllegalArgumentException e) {
                throw new Problem(Problem.Type.INTERNAL_ERROR, "the stored snapshot of call " + id + " is refused: it was changed in "
                        + "the store, or written by a node with another HMAC key");
            }
        }
        step.accept(call);
        ObjectNode view = views.render(call);
        Instant now = clock.instant();
        boolean written = store.transaction(c -> ConsoleStore.updateCall(c, stored, call.state().name(), call.snapshot(),
                sealed(id, stored.version() + 1, view), trail.lines(), trail.lastHash(), now));
        if (!written) {
            throw stale(store.transaction(c -> ConsoleStore.call(c, id)).map(ConsoleStore.StoredCall::version).orElse(-1L), version);
        }
        trail.committed();
        keep(call, trail, stored.version() + 1, user.userId());
        return view.put("version", stored.version() + 1);
    }

    /** The call's audit trail, its verification under the console's key, and its replay on the pinned protocol versions. */
    ObjectNode audit(ConsoleStore.Session user, String id) {
        ConsoleStore.StoredCall stored = stored(id);
        requireReader(user, stored);
        List<String> lines = trailLines(id);
        ObjectNode root = CallView.JSON.createObjectNode();
        root.put("call", id);
        root.put("state", stored.state());
        AuditTrail.Verification v = AuditTrail.verify(lines, Optional.of(hmacKey));
        boolean open = !CallState.valueOf(stored.state()).isFinal();
        // A call still in progress has no ending yet: its trail is intact so far, not interrupted.
        boolean intact = v.intact() || open && v.status() == AuditTrail.Status.INTERRUPTED && v.tornBytes() == 0;
        ObjectNode verification = root.putObject("verification");
        verification.put("status", intact ? (open ? "INTACT_SO_FAR" : "INTACT") : v.status().name());
        verification.put("records", v.records());
        verification.put("authenticated", v.authenticated());
        v.head().ifPresent(h -> verification.put("head", h));
        v.problem().ifPresent(p -> verification.put("problem", p).put("line", v.line()));
        ObjectNode replay = root.putObject("replay");
        if (intact) {
            List<AuditRecord> records = new ArrayList<>();
            String prev = "0".repeat(64);
            for (String line : lines) {
                AuditRecord record = AuditRecord.parse(line, prev);
                records.add(record);
                prev = record.hash();
            }
            List<Replay.Result> results = engine.replay(records);
            boolean reproduced = !results.isEmpty() && results.stream().allMatch(Replay.Result::reproduced);
            replay.put("reproduced", reproduced);
            results.stream().findFirst().flatMap(Replay.Result::replayedDisposition).ifPresent(d -> replay.put("disposition", d));
            ArrayNode differences = replay.putArray("differences");
            results.forEach(r -> r.differences().forEach(differences::add));
        } else {
            replay.put("reproduced", false);
        }
        ArrayNode records = root.putArray("records");
        for (String line : lines) {
            try {
                records.add(CallView.JSON.readTree(line));
            } catch (JsonProcessingException e) {
                records.add(line);
            }
        }
        return root;
    }

    /** The call's trail as JSON Lines, as {@code triage audit verify} reads it. */
    String trailText(ConsoleStore.Session user, String id) {
        requireReader(user, stored(id));
        StringBuilder text = new StringBuilder();
        trailLines(id).forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    List<String> trailLines(String id) {
        return store.transaction(c -> ConsoleStore.trail(c, id));
    }

    private ConsoleStore.StoredCall stored(String id) {
        return store.transaction(c -> ConsoleStore.call(c, id))
                .orElseThrow(() -> new Problem(Problem.Type.NOT_FOUND, "no call " + id));
    }

    private static Problem stale(long current, long given) {
        return new Problem(Problem.Type.STALE_WRITE, "the call is at version " + current + ", not " + given
                + ": it was changed elsewhere (another tab or nurse); reload it and decide again", Map.of("currentVersion", current));
    }

    /** Her own calls for an RN; every call for a lead or an auditor. A call that is not hers is not found, not forbidden. */
    private static void requireReader(ConsoleStore.Session user, ConsoleStore.StoredCall stored) {
        boolean reader = stored.nurse().equals(user.userId()) || user.roles().contains(Role.LEAD) || user.roles().contains(Role.AUDITOR);
        if (!reader) {
            throw new Problem(Problem.Type.NOT_FOUND, "no call " + stored.id());
        }
    }

    private static void requireWriter(ConsoleStore.Session user, ConsoleStore.StoredCall stored) {
        requireReader(user, stored);
        boolean own = stored.nurse().equals(user.userId()) && user.roles().contains(Role.RN);
        if (!own && !user.roles().contains(Role.LEAD)) {
            throw new Problem(Problem.Type.ROLE_REQUIRED, "only the call's RN or a lead may change call " + stored.id());
        }
    }

    static void requireRole(ConsoleStore.Session user, String what, Role... roles) {
        for (Role role : roles) {
            if (user.roles().contains(role)) {
                return;
            }
        }
        Set<String> words = new LinkedHashSet<>();
        for (Role role : roles) {
            words.add(role.word());
        }
        throw new Problem(Problem.Type.ROLE_REQUIRED, "to " + what + " you need the role " + String.join(" or ", words));
    }

    /**
     * The rendering of a call as stored: its JSON with a {@code mac}, an HMAC-SHA256 under the console's key over the
     * call's id, the version it is stored at and the rendering, so that a rendering changed in the store, or an older
     * one of the same call put back, is refused when read rather than shown to a nurse.
     */
    private String sealed(String callId, long version, ObjectNode view) {
        ObjectNode copy = view.deepCopy();
        copy.remove("mac");
        String text = copy.toString();
        return copy.put("mac", viewMac(callId, version, text)).toString();
    }

    private String unsealed(ConsoleStore.StoredCall stored) {
        ObjectNode view;
        try {
            view = (ObjectNode) CallView.JSON.readTree(stored.view());
        } catch (JsonProcessingException | ClassCastException e) {
            throw new Problem(Problem.Type.INTERNAL_ERROR, "the stored view of call " + stored.id() + " is not JSON");
        }
        String mac = view.path("mac").asText("");
        view.remove("mac");
        String expected = viewMac(stored.id(), stored.version(), view.toString());
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), mac.getBytes(StandardCharsets.US_ASCII))) {
            throw new Problem(Problem.Type.INTERNAL_ERROR, "the stored view of call " + stored.id() + " is refused: its MAC "
                    + "does not match, so it was changed in the store (or written by a node with another HMAC key)");
        }
        return view.toString();
    }

    private String viewMac(String callId, long version, String view) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            mac.update((callId + "\n" + version + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(view.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static ObjectNode withVersion(String view, long version) {
        try {
            return ((ObjectNode) CallView.JSON.readTree(view)).put("version", version);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored call view is not JSON", e);
        }
    }

    // ---- reading requests

    static JsonNode field(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            throw malformed("'" + name + "' is missing");
        }
        return value;
    }

    static String text(JsonNode node, String name) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw malformed("'" + name + "' must be a non-empty string");
        }
        return node.asText();
    }

    static Optional<String> optionalText(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(text(value, name));
    }

    static Problem malformed(String detail) {
        return new Problem(Problem.Type.MALFORMED_REQUEST, detail);
    }

    /** {@code 54} (years), {@code "54"}, {@code "54 y"}, {@code "3 mo"}, {@code "10 d"}. */
    static Quantity age(String text) {
        String given = text.strip();
        Optional<Quantity> bare = Quantity.parse(given).filter(q -> q.unit() == Unit.NONE);
        Optional<Answer> parsed = bare.isPresent() ? Optional.of(Answer.number(new Quantity(bare.get().value(), Unit.YEAR)))
                : Answer.parse(given);
        if (parsed.orElse(null) instanceof Answer.Number number && number.value().dimension() == org.opentriage.protocol.Dimension.TIME
                && number.value().value().signum() >= 0) {
            return number.value();
        }
        throw malformed("age '" + text + "' is not an age such as 54, '54 y', '3 mo' or '10 d'");
    }

    private static Patient patient(JsonNode node) {
        String reference = text(field(node, "reference"), "patient.reference");
        JsonNode ageNode = field(node, "age");
        Quantity age = age(ageNode.isNumber() ? ageNode.asText() : text(ageNode, "patient.age"));
        Optional<Sex> sex = optionalText(node, "sex").map(word -> word.equals("unknown") ? null : Sex.byWord(word)
                .orElseThrow(() -> malformed("sex '" + word + "' is not female, male or unknown")));
        Optional<Boolean> pregnant = Optional.ofNullable(node.get("pregnant")).filter(n -> !n.isNull()).map(n -> {
            if (!n.isBoolean()) {
                throw malformed("'patient.pregnant' must be true or false");
            }
            return n.asBoolean();
        });
        Map<PatientFact, Answer> facts = new EnumMap<>(PatientFact.class);
        JsonNode factNodes = node.get("facts");
        if (factNodes != null && !factNodes.isNull()) {
            if (!factNodes.isObject()) {
                throw malformed("'patient.facts' must map fact names to values");
            }
            for (Map.Entry<String, JsonNode> e : factNodes.properties()) {
                PatientFact fact = PatientFact.byKey(e.getKey()).orElseThrow(() -> malformed("unknown fact '" + e.getKey() + "'"));
                facts.put(fact, factValue(fact, e.getValue()));
            }
        }
        try {
            return new Patient(reference, age, sex, pregnant, facts);
        } catch (IllegalArgumentException e) {
            throw new Problem(Problem.Type.REQUEST_REFUSED, e.getMessage());
        }
    }

    /** A fact's value: true or false for a yes/no fact; a number with its unit ({@code "38.2 °C"}), or without one where the fact has one unit. */
    static Answer factValue(PatientFact fact, JsonNode value) {
        if (fact.dimension().isEmpty()) {
            if (!value.isBoolean()) {
                throw malformed("fact '" + fact.key() + "' is true or false");
            }
            return value.asBoolean() ? Answer.yes() : Answer.no();
        }
        String text = value.isNumber() ? value.asText() : text(value, "facts." + fact.key());
        if (!(Answer.parse(text).orElse(null) instanceof Answer.Number number)) {
            throw malformed("fact '" + fact.key() + "' is a " + fact.dimension().get().word() + ", not '" + text + "'");
        }
        if (number.value().unit() != Unit.NONE) {
            if (number.value().dimension() != fact.dimension().get()) {
                throw malformed("fact '" + fact.key() + "' is a " + fact.dimension().get().word() + ", not '" + text + "'");
            }
            return number;
        }
        List<Unit> units = fact == PatientFact.PREGNANCY_WEEKS ? List.of(Unit.WEEK) : fact.dimension().get().units();
        if (units.size() != 1) {
            throw malformed("fact '" + fact.key() + "': give the unit of " + text + ", one of " + units.stream().map(Unit::symbol).toList());
        }
        return Answer.number(new Quantity(number.value().value(), units.get(0)));
    }

    /**
     * An answer: a string as a nurse types it ({@code yes}, {@code n}, {@code ?}, {@code 38.5 °C}, an option code), or
     * an object: {@code {"value": "38.5", "unit": "°C"}}, {@code {"option": "CODE"}}, {@code {"items": ["CODE", …]}};
     * {@code "confirmed": true} beside it confirms a number outside the expected range.
     */
    static Answer answer(JsonNode body) {
        JsonNode node = field(body, "answer");
        Answer answer;
        if (node.isTextual()) {
            answer = Answer.parse(node.asText()).orElseThrow(() -> malformed("'answer' is empty"));
        } else if (node.isObject() && node.has("items")) {
            JsonNode items = node.get("items");
            if (!items.isArray()) {
                throw malformed("'answer.items' must be a list of item codes (empty for none of them)");
            }
            List<String> codes = new ArrayList<>();
            items.forEach(i -> codes.add(text(i, "answer.items[]")));
            answer = new Answer.Items(Set.copyOf(codes));
        } else if (node.isObject() && node.has("option")) {
            answer = Answer.choice(text(node.get("option"), "answer.option"));
        } else if (node.isObject() && node.has("value")) {
            String value = node.get("value").asText();
            String unit = optionalText(node, "unit").orElse("");
            answer = Answer.parse((value + " " + unit).strip()).filter(Answer.Number.class::isInstance)
                    .orElseThrow(() -> malformed("'answer.value' must be a number"));
        } else {
            throw malformed("'answer' must be a string (yes, no, ?, 38.5 °C, an option code) or an object with value, option or items");
        }
        if (body.path("confirmed").asBoolean(false) && answer instanceof Answer.Number number) {
            answer = number.confirm();
        }
        return answer;
    }
}

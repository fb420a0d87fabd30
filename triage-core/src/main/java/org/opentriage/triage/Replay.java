package org.opentriage.triage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.opentriage.internal.engine.CanonicalJson;

/**
 * Re-runs the calls of an audit trail: the recorded patient, protocols (pinned to the recorded
 * versions and content hashes), answers, added protocols and overrides, through the engine, and
 * compares every resulting event with the recorded one (all but time and hashes).
 */
public final class Replay {
    /** Event types whose content a replay must reproduce exactly. */
    private static final int MAX_DIFFERENCES = 20;

    /**
     * The replay of one call.
     *
     * @param recordedDisposition the final disposition the trail recorded, when it reached one
     * @param differences         every difference found, empty when the call was reproduced
     */
    public record Result(String callId, Optional<String> recordedDisposition, Optional<String> replayedDisposition,
                         List<String> differences) {
        public boolean reproduced() {
            return differences.isEmpty();
        }
    }

    private Replay() {
    }

    static List<Result> run(TriageEngine engine, List<String> lines) {
        Map<String, List<JsonNode>> calls = new LinkedHashMap<>();
        for (String line : lines) {
            try {
                JsonNode record = CanonicalJson.MAPPER.readTree(line);
                calls.computeIfAbsent(record.path("call").asText(), k -> new ArrayList<>()).add(record);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("not an audit trail line: " + e.getOriginalMessage(), e);
            }
        }
        List<Result> results = new ArrayList<>();
        calls.forEach((callId, records) -> results.add(replay(engine, callId, records)));
        return results;
    }

    private static Result replay(TriageEngine engine, String callId, List<JsonNode> recorded) {
        Optional<String> recordedDisposition = recordedDisposition(recorded);
        List<String> differences = new ArrayList<>();
        JsonNode start = recorded.get(0);
        if (!start.path("type").asText().equals("CallStarted")) {
            return new Result(callId, recordedDisposition, Optional.empty(), List.of("the trail does not start with CallStarted"));
        }
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call;
        try {
            JsonNode data = start.get("data");
            List<String> refs = new ArrayList<>();
            for (JsonNode pin : data.path("protocols")) {
                engine.resolvePinned(new Snapshots.Pin(pin.path("ref").asText(), pin.path("hash").asText()));
                refs.add(pin.path("ref").asText());
            }
            call = engine.startCall(callId, data.path("nurse").asText(), Snapshots.patient(data.get("patient")), refs, sink);
            for (JsonNode event : recorded) {
                JsonNode d = event.path("data");
                switch (event.path("type").asText()) {
                    case "ProtocolAdded" -> {
                        JsonNode pin = d.path("protocol");
                        engine.resolvePinned(new Snapshots.Pin(pin.path("ref").asText(), pin.path("hash").asText()));
                        call.addProtocol(pin.path("ref").asText());
                    }
                    case "AnswerGiven" -> {
                        if (d.path("source").asText().equals(AnswerSource.NURSE.name())) {
                            call.answer(Snapshots.answer(d.get("answer")));
                        }
                    }
                    case "AnswerWithdrawn" -> call.withdrawLastAnswer();
                    case "OverrideApplied" -> call.override(d.path("to").asText(), d.path("reasonCode").asText(),
                            d.path("note").asText(), Optional.ofNullable(d.get("approver")).map(JsonNode::asText));
                    case "CallClosed" -> call.close();
                    case "CallAbandoned" -> call.abandon(d.path("reason").asText());
                    default -> {
                        // produced by the engine itself; compared below
                    }
                }
            }
        } catch (RuntimeException e) {
            differences.add("the replay could not follow the recorded call: " + e.getMessage());
            return new Result(callId, recordedDisposition, Optional.empty(), differences);
        }
        List<String> replayed = sink.lines(callId);
        compare(recorded, replayed, differences);
        Optional<String> replayedDisposition = call.outcome().map(o -> o.finalDisposition().id());
        if (!recordedDisposition.equals(replayedDisposition)) {
            differences.add(0, "final disposition: recorded " + recordedDisposition.orElse("none") + ", replayed "
                    + replayedDisposition.orElse("none"));
        }
        return new Result(callId, recordedDisposition, replayedDisposition, List.copyOf(differences));
    }

    /** The disposition the trail ends with: the last advice given, unless answers changed after it. */
    private static Optional<String> recordedDisposition(List<JsonNode> recorded) {
        Optional<String> disposition = Optional.empty();
        for (JsonNode record : recorded) {
            switch (record.path("type").asText()) {
                case "CareAdviceGiven", "CallError" -> disposition = Optional.of(record.path("data").path("disposition").asText());
                case "AnswerWithdrawn", "ProtocolAdded" -> disposition = Optional.empty();
                default -> {
                    // no change to the disposition
                }
            }
        }
        return disposition;
    }

    private static void compare(List<JsonNode> recorded, List<String> replayedLines, List<String> differences) {
        List<JsonNode> replayed = new ArrayList<>();
        for (String line : replayedLines) {
            try {
                replayed.add(CanonicalJson.MAPPER.readTree(line));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the engine wrote a line that is not JSON", e);
            }
        }
        int n = Math.max(recorded.size(), replayed.size());
        for (int i = 0; i < n && differences.size() < MAX_DIFFERENCES; i++) {
            JsonNode a = i < recorded.size() ? recorded.get(i) : null;
            JsonNode b = i < replayed.size() ? replayed.get(i) : null;
            if (a == null || b == null) {
                differences.add("event " + (i + 1) + ": recorded " + describe(a) + ", replayed " + describe(b));
            } else if (!a.path("type").equals(b.path("type")) || !comparable(a).equals(comparable(b))) {
                differences.add("event " + (i + 1) + ": recorded " + describe(a) + ", replayed " + describe(b));
            }
        }
    }

    /** An event's content as compared: all of it but the engine version, which a newer engine may differ in. */
    private static JsonNode comparable(JsonNode event) {
        JsonNode data = event.path("data").deepCopy();
        if (data.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) data).remove("engine");
        }
        return data;
    }

    private static String describe(JsonNode event) {
        return event == null ? "nothing" : event.path("type").asText() + " " + CanonicalJson.write(event.path("data"));
    }
}

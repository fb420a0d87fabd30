package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.opentriage.internal.engine.AuditChain;
import org.opentriage.internal.engine.CanonicalJson;

/** Reads and verifies audit trails written as JSON Lines. Stateless and thread-safe. */
public final class AuditTrail {
    static final Set<String> ENDINGS = Set.of("CallClosed", "CallAbandoned", "CallError");

    private AuditTrail() {
    }

    /**
     * The result of a verification.
     *
     * @param problem the first broken or missing link, when the trail is not intact
     * @param line    the 1-based line of that problem (0 for a problem at the end of the trail)
     */
    public record Verification(long records, Optional<String> problem, long line) {
        public boolean intact() {
            return problem.isEmpty();
        }
    }

    /** The lines of a trail file. */
    public static List<String> read(Path file) throws IOException {
        requireNonNull(file, "file");
        List<String> lines = new ArrayList<>(List.of(Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /**
     * Checks every link: each line is canonical JSON, its hash matches its content, it names the previous
     * record's hash, sequence numbers run without gaps, and (with a key) its HMAC matches. Names the
     * first problem. A call whose trail does not end with a closing, abandoning or error event is
     * reported as missing its end.
     */
    public static Verification verify(List<String> lines, Optional<byte[]> hmacKey) {
        requireNonNull(lines, "lines");
        requireNonNull(hmacKey, "hmacKey");
        record Link(long seq, String hash, String type) {
        }
        Map<String, Link> calls = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            long lineNumber = i + 1;
            String line = lines.get(i);
            ObjectNode record;
            try {
                JsonNode node = CanonicalJson.MAPPER.readTree(line);
                if (node == null || !node.isObject()) {
                    return broken(i, lineNumber, "not a JSON object");
                }
                record = (ObjectNode) node;
            } catch (JsonProcessingException e) {
                return broken(i, lineNumber, "not valid JSON: " + e.getOriginalMessage());
            }
            if (!CanonicalJson.write(record).equals(line)) {
                return broken(i, lineNumber, "not in canonical form: the line was changed");
            }
            for (String field : List.of("call", "seq", "prev", "hash", "type", "time", "data")) {
                if (!record.hasNonNull(field)) {
                    return broken(i, lineNumber, "missing field '" + field + "'");
                }
            }
            String call = record.get("call").asText();
            long seq = record.get("seq").asLong();
            Link previous = calls.get(call);
            long expected = previous == null ? 1 : previous.seq() + 1;
            if (seq != expected) {
                return broken(i, lineNumber, "call " + call + ": expected event " + expected + " but found event " + seq
                        + (seq > expected ? " (events missing)" : " (events reordered or repeated)"));
            }
            String expectedPrev = previous == null ? AuditChain.GENESIS : previous.hash();
            if (!record.get("prev").asText().equals(expectedPrev)) {
                return broken(i, lineNumber, "call " + call + " event " + seq + ": broken link to the previous event");
            }
            String body = AuditChain.body(record);
            String hash = record.get("hash").asText();
            if (!AuditChain.hash(body).equals(hash)) {
                return broken(i, lineNumber, "call " + call + " event " + seq + ": content does not match its hash");
            }
            if (hmacKey.isPresent()) {
                if (!record.hasNonNull("hmac")) {
                    return broken(i, lineNumber, "call " + call + " event " + seq + ": no HMAC");
                }
                if (!AuditChain.hmac(body, hmacKey.get()).equals(record.get("hmac").asText())) {
                    return broken(i, lineNumber, "call " + call + " event " + seq + ": HMAC does not match (rewritten without the key?)");
                }
            }
            calls.put(call, new Link(seq, hash, record.get("type").asText()));
        }
        if (calls.isEmpty()) {
            return new Verification(0, Optional.of("the trail is empty"), 0);
        }
        for (Map.Entry<String, Link> call : calls.entrySet()) {
            if (!ENDINGS.contains(call.getValue().type())) {
                return new Verification(lines.size(), Optional.of("call " + call.getKey() + " ends after event "
                        + call.getValue().seq() + " without closing: events are missing at the end"), 0);
            }
        }
        return new Verification(lines.size(), Optional.empty(), 0);
    }

    private static Verification broken(int index, long line, String problem) {
        return new Verification(index, Optional.of("line " + line + ": " + problem), line);
    }
}

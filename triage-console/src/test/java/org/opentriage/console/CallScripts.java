package org.opentriage.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Scripted calls through the API, as examples/calls plays them (chest pain at 54 to call-911, at 24 to home care, at
 * 45 with a suggested cough protocol), and the steps to play them.
 */
final class CallScripts {
    /** examples/calls/chest-pain-adult-call-911.call.yaml */
    static final Map<String, String> CALL_911 = ordered(
            "emergency-signs-adult", "none", "new-confusion-adult", "no", "worst-pain-adult", "no", "sounds-very-sick", "no",
            "feels-seriously-ill", "no", "no-fluids-kept-down-adult", "no", "cannot-get-out-of-bed-adult", "no", "pain-now", "yes",
            "last-episode", "last-hour", "pain-severity", "moderate", "heart-history", "no", "collapse-or-confusion", "no",
            "tearing-pain", "no", "pressure-or-spreading", "yes");

    /** examples/calls/chest-pain-adult-home-care.call.yaml; questions not listed are answered no. */
    static final Map<String, String> HOME_CARE = ordered(
            "emergency-signs-adult", "none", "pain-now", "yes", "last-episode", "last-3-days", "pain-severity", "mild");

    /**
     * examples/calls/chest-pain-adult-cough-suggested-within-4h.call.yaml: fever-with-cough suggests cough-adult, which
     * the nurse adds; a duration with its unit and a checklist item follow. Questions not listed are answered no.
     */
    static final Map<String, String> COUGH_SUGGESTED = ordered(
            "emergency-signs-adult", "none", "pain-now", "yes", "last-episode", "last-3-days", "pain-severity", "mild",
            "fever-with-cough", "yes", "cough-duration", "3 d", "has-fever", "yes", "chest-pain-or-clot", "none",
            "pneumonia-signs", "faster-breathing");

    private CallScripts() {
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static ApiClient.Response start(ApiClient client, String reference, String age, String sex, String... protocols) {
        ObjectNode body = ApiClient.json();
        body.putObject("patient").put("reference", reference).put("age", age).put("sex", sex);
        var list = body.putArray("protocols");
        for (String p : protocols) {
            list.add(p);
        }
        ApiClient.Response started = client.post("/api/calls", body);
        assertThat(started.status()).as(started.raw().body()).isEqualTo(201);
        return started;
    }

    /** The answer to a question, as the script has it, "no" to a yes/no question it does not list. */
    static ObjectNode answerFor(JsonNode question, Map<String, String> script) {
        String id = question.get("id").asText();
        String type = question.get("type").asText();
        String given = script.getOrDefault(id, type.equals("checklist") ? "none" : "no");
        ObjectNode body = ApiClient.json();
        if (type.equals("checklist") && given.equals("none")) {
            body.putObject("answer").putArray("items");
        } else {
            body.put("answer", given);
        }
        return body;
    }

    /** Answers every question of the call by the script; returns the view with the outcome. */
    static ApiClient.Response answerAll(ApiClient client, ApiClient.Response view, Map<String, String> script) {
        ApiClient.Response current = view;
        String id = view.json().get("id").asText();
        for (int guard = 0; current.json().has("ask"); guard++) {
            assertThat(guard).as("questions asked").isLessThan(80);
            JsonNode question = current.json().get("ask").get("question");
            current = client.post("/api/calls/" + id + "/answers", answerFor(question, script), current.version());
            assertThat(current.status()).as(current.raw().body()).isEqualTo(200);
        }
        return current;
    }

    static ApiClient.Response close(ApiClient client, ApiClient.Response view) {
        ApiClient.Response closed = client.post("/api/calls/" + view.json().get("id").asText() + "/close", ApiClient.json(), view.version());
        assertThat(closed.status()).as(closed.raw().body()).isEqualTo(200);
        return closed;
    }
}

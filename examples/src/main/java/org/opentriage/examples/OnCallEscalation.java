package org.opentriage.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

import org.opentriage.triage.Escalation;
import org.opentriage.triage.EscalationListener;
import org.opentriage.triage.EscalationPolicy;
import org.opentriage.triage.EscalationStatus;
import org.opentriage.triage.ProtocolResult;

/**
 * How a host pages its on-call clinician: an {@link EscalationListener} that posts each escalation to the on-call
 * service's webhook, with the callback number the host's telephony knows (the library never holds one). The engine
 * calls it on a thread of its own, retries a failed post, and writes each delivery's outcome to the call's audit trail;
 * the nurse's screen shows {@link org.opentriage.triage.Call#escalations()}, so a page that failed is phoned through.
 *
 * <pre>{@code
 * try (TriageEngine engine = TriageEngine.builder(library).auditSink(audit)
 *         .escalation(new OnCallEscalation(webhook, telephony::callerNumber), OnCallEscalation.POLICY).build()) { ... }
 * }</pre>
 */
public final class OnCallEscalation implements EscalationListener {
    /** Escalates at call-provider-now and above; 3 attempts of at most 5 s each, 1 s then 2 s apart. */
    public static final EscalationPolicy POLICY = EscalationPolicy.DEFAULT.withAttemptTimeout(Duration.ofSeconds(5))
            .withBackoff(Duration.ofSeconds(1));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final URI webhook;
    private final Function<String, String> callbackNumbers;

    /**
     * @param webhook         the on-call service's endpoint
     * @param callbackNumbers the number the caller is on, by call id: the host's telephony, never the library
     */
    public OnCallEscalation(URI webhook, Function<String, String> callbackNumbers) {
        this.webhook = webhook;
        this.callbackNumbers = callbackNumbers;
    }

    @Override
    public void escalate(Escalation escalation) throws IOException, InterruptedException {
        Escalation page = escalation.withCallbackNumber(callbackNumbers.apply(escalation.callId()));
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(message(page))).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            // The message is in the audit trail: the status only, never the page.
            throw new IOException("the on-call service answered HTTP " + response.statusCode());
        }
    }

    /** The page the clinician reads: what, why, and whom to call back. */
    static String message(Escalation e) {
        StringBuilder text = new StringBuilder();
        text.append(e.reason() == Escalation.Reason.FAILED_CLOSED ? "TRIAGE FAILED CLOSED: " : "Triage: ")
                .append(e.disposition().label().english()).append(" (").append(e.disposition().id()).append(")\n")
                .append("call ").append(e.callId()).append(", patient ").append(e.patientReference())
                .append(", nurse ").append(e.nurse()).append('\n');
        for (ProtocolResult r : e.protocols()) {
            text.append(r.protocol()).append(": ").append(r.disposition().id())
                    .append(r.triggerText().map(t -> ", because: " + t.english()).orElse("")).append('\n');
        }
        e.error().ifPresent(error -> text.append("open questions: ").append(e.openQuestions().size()).append('\n'));
        e.callbackNumber().ifPresent(number -> text.append("call back: ").append(number).append('\n'));
        return text.toString();
    }

    /** What the nurse's screen says of one escalation. */
    public static String status(EscalationStatus s) {
        return switch (s.state()) {
            case PENDING -> "paging the on-call clinician …";
            case SENT -> "on-call clinician paged";
            case FAILED -> "PAGE FAILED (" + s.error().orElse("?") + "): phone the on-call clinician now";
        };
    }
}

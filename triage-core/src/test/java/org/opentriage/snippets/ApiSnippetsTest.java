package org.opentriage.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.AuditTrail;
import org.opentriage.triage.Call;
import org.opentriage.triage.Escalation;
import org.opentriage.triage.EscalationListener;
import org.opentriage.triage.EscalationPolicy;
import org.opentriage.triage.JsonLinesAuditSink;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.Patient;
import org.opentriage.triage.Replay;
import org.opentriage.triage.Step;
import org.opentriage.triage.TriageEngine;

/**
 * The examples of the API's javadoc ({@code {@snippet class=org.opentriage.snippets.ApiSnippetsTest region=...}}):
 * compiled and run here, so an example that no longer compiles or works fails the build. Keep each region short
 * and written as a host would write it.
 */
class ApiSnippetsTest {

    @TempDir
    Path temp;

    /** The nurse's screen, here a map: a question the nurse has no answer for gets "don't know". */
    private final Map<String, Answer> screen = Map.of("onset", Answer.choice("last-24-hours"), "usual-headache", Answer.no());

    private Answer answerFromTheNurse(Step.Ask ask) {
        return screen.getOrDefault(ask.question().id(), Answer.unknown());
    }

    @Test
    void libraryAndCall() throws Exception {
        Path trail = temp.resolve("calls.jsonl");
        // @start region="library"
        ProtocolLibrary library = ProtocolLibrary.bundled();    // load once, share: immutable, thread-safe
        Protocol protocol = library.resolve("chest-pain-adult", ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
        String pinned = protocol.ref() + " " + protocol.contentHash();   // chest-pain-adult@0.2.0 sha256:...
        // @end
        assertThat(pinned).startsWith("chest-pain-adult@").contains(" sha256:");

        Outcome result;
        // @start region="call"
        try (JsonLinesAuditSink audit = JsonLinesAuditSink.open(trail);   // forces each record to disk
             TriageEngine engine = TriageEngine.builder(library)
                     .resolution(ProtocolLibrary.Resolution.ANY_STATUS)  // the bundled protocols are drafts
                     .auditSink(audit)
                     .build()) {
            Call call = engine.startCall("rn-042", Patient.of("host-ref-4711", Quantity.parse("67 y").orElseThrow()),
                    List.of("headache-adult"));
            Step step = call.next();
            while (step instanceof Step.Ask ask) {              // ask.question(): text, type, options, rationale
                step = call.answer(answerFromTheNurse(ask));    // a wrong type, unit or range is rejected, call unchanged
            }
            Outcome outcome = ((Step.Done) step).outcome();     // disposition, basis, modifiers, care advice, call back
            call.close();
        // @end
            result = outcome;
        }
        assertThat(result.finalDisposition()).isNotNull();

        // @start region="verify"
        AuditTrail.Verification verification = AuditTrail.verify(trail, Optional.empty());   // or the HMAC key
        if (!verification.intact()) {
            throw new IllegalStateException("audit trail " + trail + ": " + verification.problem().orElseThrow());
        }
        // @end
        assertThat(verification.calls()).isEqualTo(1);

        List<AuditRecord> records = new ArrayList<>();
        // @start region="replay"
        try (AuditTrail.RecordStream stream = AuditTrail.records(trail);
             TriageEngine engine = TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS).build()) {
            stream.forEachRemaining(records::add);
            for (Replay.Result call : engine.replay(records)) {   // each call again, on the versions it pinned
                System.out.println(call.callId() + ": " + (call.reproduced() ? "reproduced" : call.differences()));
            }
        }
        // @end
        try (TriageEngine engine = TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS).build()) {
            assertThat(engine.replay(records)).singleElement().satisfies(r -> assertThat(r.reproduced()).isTrue());
        }
    }

    @Test
    void escalation() throws Exception {
        List<Escalation> pages = new CopyOnWriteArrayList<>();
        ProtocolLibrary library = ProtocolLibrary.bundled();
        // @start region="escalation"
        EscalationListener pager = escalation -> {   // on a delivery thread of the engine's, never the call's
            pages.add(escalation.withCallbackNumber("+1 555 0100"));   // return = delivered; throw = attempt failed
        };
        try (TriageEngine engine = TriageEngine.builder(library)
                .resolution(ProtocolLibrary.Resolution.ANY_STATUS)
                .escalation(pager, EscalationPolicy.DEFAULT                  // call-provider-now and above, 3 attempts
                        .withAttemptTimeout(Duration.ofSeconds(10))
                        .withBackoff(Duration.ofSeconds(2)))
                .build()) {
            Call call = engine.startCall("rn-042", Patient.of("host-ref-4711", Quantity.parse("67 y").orElseThrow()),
                    List.of("headache-adult"));
            Step step = call.next();
            while (step instanceof Step.Ask) {
                step = call.answer(Answer.unknown());   // "don't know" to everything: the call escalates
            }
            call.close();
        }   // close(): waits for the deliveries in flight
        // @end
        assertThat(pages).isNotEmpty();
    }
}

package org.opentriage.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AuditTrail;
import org.opentriage.triage.Call;
import org.opentriage.triage.JsonLinesAuditSink;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.Patient;
import org.opentriage.triage.ProtocolResult;
import org.opentriage.triage.Step;
import org.opentriage.triage.TriageEngine;

/**
 * How a host application runs a triage call: one engine for the process (it builds each protocol's
 * rules once and shares them), one {@link Call} per phone call, answers from the nurse's screen, the outcome with its basis,
 * and an audit trail that verifies afterwards. Here the nurse's answers come from a map, and the protocols the answers
 * suggest ({@link Step#suggestions()}) are left to the nurse, so the summary lists them.
 */
public final class NurseCall {
    private final TriageEngine engine;

    public NurseCall(TriageEngine engine) {
        this.engine = engine;
    }

    /** An engine over the bundled protocols (drafts, so any status) writing its trail to {@code auditFile}. */
    public static TriageEngine engine(JsonLinesAuditSink audit) {
        return TriageEngine.builder(ProtocolLibrary.bundled())
                .resolution(ProtocolLibrary.Resolution.ANY_STATUS)
                .auditSink(audit)
                .build();
    }

    /**
     * Runs a call for {@code patient} on {@code protocol}, answering each question from {@code answers}
     * (by question id; a question the nurse has no answer for gets "don't know"), and closes it.
     */
    public Outcome run(String nurse, Patient patient, String protocol, Map<String, Answer> answers) {
        Call call = engine.startCall(nurse, patient, List.of(protocol));
        Step step = call.next();
        while (step instanceof Step.Ask ask) {
            Answer answer = answers.getOrDefault(ask.question().id(), Answer.unknown());
            step = call.answer(answer);
        }
        Outcome outcome = ((Step.Done) step).outcome();
        call.close();
        return outcome;
    }

    /** What the nurse reads on screen: the disposition and why. */
    public static String summary(Outcome outcome) {
        StringBuilder text = new StringBuilder(outcome.finalDisposition().label().english());
        for (ProtocolResult result : outcome.protocols()) {
            text.append("\n  ").append(result.protocol()).append(": ").append(result.disposition().id())
                    .append(result.triggerText().map(t -> " because: " + t.english()).orElse(" (no question positive)"));
        }
        outcome.modifiers().forEach(m -> text.append("\n  raised by ").append(m.modifier()).append(": ").append(m.reason().english()));
        // Protocols the answers suggest that the nurse neither added nor declined: shown, never dropped.
        outcome.suggestions().forEach(s -> text.append("\n  suggested, not decided: ").append(s.title().english())
                .append(" (").append(s.protocol()).append(")"));
        return text.toString();
    }

    public static void main(String[] args) throws IOException {
        Path trail = Path.of(args.length > 0 ? args[0] : "nurse-call.jsonl");
        try (JsonLinesAuditSink audit = JsonLinesAuditSink.open(trail)) {
            NurseCall calls = new NurseCall(engine(audit));
            Patient patient = Patient.of("host-ref-4711", Quantity.parse("67 y").orElseThrow()).withSex(Sex.FEMALE);
            Outcome outcome = calls.run("rn-042", patient, "headache-adult", Map.of(
                    "onset", Answer.choice("last-24-hours"),
                    "usual-headache", Answer.no()));
            System.out.println(summary(outcome));
        }
        AuditTrail.Verification verification = AuditTrail.verify(trail, Optional.empty());
        System.out.println("audit trail " + trail + ": " + (verification.intact() ? "intact" : verification.problem().orElseThrow()));
    }
}

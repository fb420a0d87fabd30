package org.opentriage.triage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;

/**
 * The library of tests of patient input ({@code libraries/patient-input}): {@code pain-check} (a question bound to the
 * pregnancy, one asked of women only, a duration with a threshold in weeks), {@code pelvic-check} (women only) and
 * {@code cough-only} (reads neither sex nor pregnancy).
 */
final class PatientInput {
    static final ProtocolLibrary LIBRARY = ProtocolLibrary.load(Path.of("src", "test", "resources", "libraries", "patient-input"));
    static final MemoryAuditSink SINK = new MemoryAuditSink();
    static final TriageEngine ENGINE = TriageEngine.builder(LIBRARY).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
            .auditSink(SINK).build();

    private PatientInput() {
    }

    static Patient adult() {
        return Patient.of("p-1", Quantity.parse("30 y").orElseThrow());
    }

    static Answer amount(String text) {
        return Answer.number(Quantity.parse(text).orElseThrow());
    }

    /** The ids of the questions the call asks when every yes/no question is answered no, in order. */
    static List<String> askedWhenAllNo(Call call) {
        List<String> asked = new ArrayList<>();
        Step step = call.next();
        while (step instanceof Step.Ask ask) {
            asked.add(ask.question().id());
            step = call.answer(Calls.fit(ask, Answer.no()));
        }
        return asked;
    }

    /** The answers the call recorded for a question, as its trail has them. */
    static List<AuditEvent.AnswerGiven> answersTo(Call call, String question) {
        return Trails.events(SINK, call.id()).stream()
                .filter(e -> e instanceof AuditEvent.AnswerGiven given && given.question().equals(question))
                .map(AuditEvent.AnswerGiven.class::cast).toList();
    }
}

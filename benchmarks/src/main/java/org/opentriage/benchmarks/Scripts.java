package org.opentriage.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AuditSink;
import org.opentriage.triage.Call;
import org.opentriage.triage.Patient;
import org.opentriage.triage.Step;
import org.opentriage.triage.TriageEngine;

/** The call the benchmarks run: the longest walk of a protocol, every triage question answered no. */
final class Scripts {
    static final String PROTOCOL = "chest-pain-adult";
    static final Patient PATIENT = Patient.of("bench", Quantity.parse("54 y").orElseThrow());

    private Scripts() {
    }

    static TriageEngine engine(ProtocolLibrary library) {
        return TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS).auditSink(AuditSink.discard()).build();
    }

    /** Answers every question of the walk: no, the first option, or the lowest expected number. */
    static Map<String, Answer> longestWalk(TriageEngine engine) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        Call call = engine.startCall("rn-bench", PATIENT, List.of(PROTOCOL));
        Step step = call.next();
        while (step instanceof Step.Ask ask) {
            Answer answer = neutral(ask);
            answers.put(ask.question().id(), answer);
            step = call.answer(answer);
        }
        call.close();
        return answers;
    }

    static Answer neutral(Step.Ask ask) {
        AnswerType type = ask.question().type();
        if (type instanceof AnswerType.Choice choice) {
            return Answer.choice(choice.options().get(0).code());
        }
        if (type instanceof AnswerType.Number number) {
            return Answer.number(number.expected().orElse(number.plausible()).min());
        }
        return Answer.no();
    }

    /** Runs the scripted call to its outcome and closes it. */
    static Object run(TriageEngine engine, Map<String, Answer> answers) {
        Call call = engine.startCall("rn-bench", PATIENT, List.of(PROTOCOL));
        Step step = call.next();
        while (step instanceof Step.Ask ask) {
            step = call.answer(answers.get(ask.question().id()));
        }
        call.close();
        return ((Step.Done) step).outcome();
    }
}

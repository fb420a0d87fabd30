package org.opentriage.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.opentriage.internal.eval.Evaluator;
import org.opentriage.internal.eval.Truth;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.protocol.UnknownPolicy;
import org.opentriage.triage.Answer;
import org.opentriage.triage.Patient;

/**
 * The lower bound for a call: a plain loop over the parsed questions with the library's condition
 * evaluator — no rules, no audit, no modifiers, no validation of answers.
 */
final class BareWalker {
    private BareWalker() {
    }

    static Disposition walk(Protocol protocol, Patient patient, Map<String, Answer> answers) {
        Map<String, Evaluator.Value> known = new HashMap<>();
        Evaluator.Inputs inputs = new Evaluator.Inputs() {
            @Override
            public Optional<Quantity> age() {
                return Optional.of(patient.age());
            }

            @Override
            public Optional<Sex> sex() {
                return patient.sex();
            }

            @Override
            public Optional<Boolean> pregnant() {
                return patient.pregnant();
            }

            @Override
            public Optional<Evaluator.Value> answer(String questionId) {
                return Optional.ofNullable(known.get(questionId));
            }
        };
        for (Question q : protocol.assessment()) {
            if (!skipped(q, inputs)) {
                remember(q, answers.get(q.id()), known);
            }
        }
        for (TriageGroup group : protocol.triage()) {
            for (Question q : group.questions()) {
                if (skipped(q, inputs)) {
                    continue;
                }
                Truth positive;
                if (q.type() instanceof AnswerType.Derived) {
                    positive = Evaluator.evaluate(q.positiveIf().orElseThrow(), inputs);
                } else {
                    remember(q, answers.get(q.id()), known);
                    positive = q.type() instanceof AnswerType.YesNo
                            ? Optional.ofNullable(known.get(q.id())).map(v -> Truth.of(((Evaluator.Value.Bool) v).value())).orElse(Truth.UNKNOWN)
                            : Evaluator.evaluate(q.positiveIf().orElseThrow(), inputs);
                }
                if (positive == Truth.TRUE) {
                    return group.disposition();
                }
                if (positive == Truth.UNKNOWN) {
                    return q.onUnknown() instanceof UnknownPolicy.Escalate e ? e.disposition() : group.disposition();
                }
            }
        }
        return protocol.defaultDisposition();
    }

    private static boolean skipped(Question q, Evaluator.Inputs inputs) {
        return q.askIf().map(c -> Evaluator.evaluate(c, inputs) == Truth.FALSE).orElse(false);
    }

    private static void remember(Question q, Answer answer, Map<String, Evaluator.Value> known) {
        if (answer instanceof Answer.YesNo yesNo) {
            known.put(q.id(), new Evaluator.Value.Bool(yesNo.value()));
        } else if (answer instanceof Answer.Number number) {
            known.put(q.id(), new Evaluator.Value.Amount(number.value()));
        } else if (answer instanceof Answer.Choice choice) {
            known.put(q.id(), new Evaluator.Value.Word(choice.code()));
        }
    }
}

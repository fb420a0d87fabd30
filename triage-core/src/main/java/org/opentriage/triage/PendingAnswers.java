package org.opentriage.triage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.eval.Evaluator;
import org.opentriage.internal.eval.Truth;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.protocol.UnknownPolicy;

/**
 * What the answers of a protocol already say, read without the rule engine: for a call that failed
 * closed, whose rule sessions may be the fault. Errs to caution: an answer it cannot rule out counts as
 * positive, a question it cannot show to be skipped is open.
 */
final class PendingAnswers implements Evaluator.Inputs {
    private final Patient patient;
    private final Map<String, Answer> answers = new LinkedHashMap<>();

    /** A triage question as the answers leave it: positive (with its disposition), open, or ruled out. */
    record Reading(Optional<Disposition> positive, boolean open) {
        static final Reading RULED_OUT = new Reading(Optional.empty(), false);
        static final Reading OPEN = new Reading(Optional.empty(), true);

        static Reading positive(Disposition disposition) {
            return new Reading(Optional.of(disposition), false);
        }
    }

    /** The recorded answers of the protocol's questions, and the patient facts that answer others. */
    PendingAnswers(Protocol protocol, Map<String, Answer> recorded, Patient patient) {
        this.patient = patient;
        answers.putAll(recorded);
        if (!patient.facts().isEmpty()) {
            protocol.questions().forEach(q -> q.fact().map(patient.facts()::get)
                    .ifPresent(known -> answers.putIfAbsent(q.id(), known)));
        }
    }

    Reading read(Question q, TriageGroup group) {
        Answer answer = answers.get(q.id());
        try {
            if (answer == null) {
                if (q.askIf().map(c -> Evaluator.evaluate(c, this) == Truth.FALSE).orElse(false)) {
                    return Reading.RULED_OUT;
                }
                if (q.isAsked()) {
                    return Reading.OPEN;
                }
                // A derived question is decided by the answers it reads; until they are known, it is open.
                return switch (Evaluator.evaluate(q.positiveIf().orElseThrow(), this)) {
                    case TRUE -> Reading.positive(group.disposition());
                    case FALSE -> Reading.RULED_OUT;
                    case UNKNOWN -> Reading.OPEN;
                };
            }
            if (answer instanceof Answer.Unknown) {
                Disposition atLeast = Checklists.ifUnknown(q, group.disposition());
                return Reading.positive(q.onUnknown() instanceof UnknownPolicy.Escalate escalate
                        && escalate.disposition().isMoreUrgentThan(atLeast) ? escalate.disposition() : atLeast);
            }
            if (q.type() instanceof AnswerType.YesNo) {
                return ((Answer.YesNo) answer).value() ? Reading.positive(group.disposition()) : Reading.RULED_OUT;
            }
            if (answer instanceof Answer.Items items) {
                return items.codes().isEmpty() ? Reading.RULED_OUT : Reading.positive(Checklists.ifPositive(q, items, group.disposition()));
            }
            return Evaluator.evaluate(q.positiveIf().orElseThrow(), this) == Truth.FALSE
                    ? Reading.RULED_OUT : Reading.positive(group.disposition());
        } catch (RuntimeException e) {
            return answer == null ? Reading.OPEN : Reading.positive(group.disposition());
        }
    }

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
        return patient.isPregnant();
    }

    @Override
    public Optional<Evaluator.Value> fact(PatientFact fact) {
        return value(patient.fact(fact).orElse(null));
    }

    @Override
    public Optional<Evaluator.Value> answer(String questionId) {
        return value(answers.get(questionId));
    }

    private static Optional<Evaluator.Value> value(@Nullable Answer answer) {
        if (answer instanceof Answer.YesNo yesNo) {
            return Optional.of(new Evaluator.Value.Bool(yesNo.value()));
        }
        if (answer instanceof Answer.Number number) {
            return Optional.of(new Evaluator.Value.Amount(number.value()));
        }
        if (answer instanceof Answer.Choice choice) {
            return Optional.of(new Evaluator.Value.Word(choice.code()));
        }
        if (answer instanceof Answer.Items items) {
            return Optional.of(new Evaluator.Value.Bool(!items.codes().isEmpty()));
        }
        return Optional.empty();
    }
}

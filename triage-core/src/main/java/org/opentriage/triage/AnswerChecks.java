package org.opentriage.triage;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Unit;
import org.opentriage.protocol.UnknownPolicy;

/** Whether an answer fits its question: type, option, unit, plausible and expected range. */
final class AnswerChecks {
    private AnswerChecks() {
    }

    /** The answer if it fits the question; otherwise rejects it naming why. */
    static Answer checked(Question q, Answer answer, boolean prefilled) {
        if (answer instanceof Answer.Unknown) {
            if (q.onUnknown() instanceof UnknownPolicy.Refuse refuse) {
                throw new AnswerRejectedException(q.id(), answer, AnswerRejectedException.Reason.UNKNOWN_REFUSED,
                        "\"don't know\" is not accepted: " + refuse.reason().english());
            }
            return answer;
        }
        AnswerType type = q.type();
        if (type instanceof AnswerType.YesNo && answer instanceof Answer.YesNo) {
            return answer;
        }
        if (type instanceof AnswerType.Checklist checklist && answer instanceof Answer.Items items) {
            java.util.List<String> unknown = items.codes().stream().filter(code -> checklist.item(code).isEmpty()).toList();
            if (!unknown.isEmpty()) {
                throw new AnswerRejectedException(q.id(), answer, AnswerRejectedException.Reason.UNKNOWN_OPTION,
                        "not an item: " + unknown + "; the items are " + checklist.items().stream().map(AnswerType.Item::code).toList());
            }
            return answer;
        }
        if (type instanceof AnswerType.Choice choice && answer instanceof Answer.Choice c) {
            if (choice.option(c.code()).isEmpty()) {
                throw new AnswerRejectedException(q.id(), answer, AnswerRejectedException.Reason.UNKNOWN_OPTION,
                        "not an option; the options are " + choice.options().stream().map(AnswerType.Option::code).toList());
            }
            return answer;
        }
        if (type instanceof AnswerType.Number number && answer instanceof Answer.Number n) {
            if (n.value().unit() == Unit.NONE && number.accepts().size() > 1) {
                // 38 could be °C or °F, 3 could be hours or days: a guess could lower the acuity.
                throw new AnswerRejectedException(q.id(), answer, AnswerRejectedException.Reason.UNIT_NEEDED,
                        "a number alone is ambiguous here; give its unit, one of " + number.accepts().stream().map(Unit::symbol).toList());
            }
            Unit unit = n.value().unit() == Unit.NONE && number.unit() != Unit.NONE ? number.unit() : n.value().unit();
            Answer.Number value = new Answer.Number(new Quantity(n.value().value(), unit), n.confirmed());
            // The question's units are those offered; any unit of its dimension converts exactly (3 y for a duration).
            if (unit.dimension() != number.unit().dimension()) {
                throw new AnswerRejectedException(q.id(), answer, AnswerRejectedException.Reason.WRONG_UNIT,
                        number.unit() == Unit.NONE ? "answer with a number alone (a count, no unit)"
                                : "answer in a unit of " + number.unit().dimension().word() + ", one of "
                                + number.unit().dimension().units().stream().map(Unit::symbol).toList());
            }
            if (!number.plausible().contains(value.value())) {
                throw new AnswerRejectedException(q.id(), answer, AnswerRejectedException.Reason.OUT_OF_RANGE,
                        "outside the plausible range " + number.plausible().min() + " to " + number.plausible().max());
            }
            boolean expected = number.expected().map(r -> r.contains(value.value())).orElse(true);
            if (!expected && !n.confirmed() && !prefilled) {
                throw new AnswerRejectedException(q.id(), answer, AnswerRejectedException.Reason.NEEDS_CONFIRMATION,
                        "outside the expected range " + number.expected().get().min() + " to " + number.expected().get().max()
                                + "; confirm it if it is right");
            }
            return value;
        }
        throw new AnswerRejectedException(q.id(), answer, AnswerRejectedException.Reason.WRONG_TYPE,
                "the question takes " + type.word() + (type instanceof AnswerType.Choice c
                        ? " " + c.options().stream().map(AnswerType.Option::code).toList()
                        : type instanceof AnswerType.Checklist l ? " (none, or some of " + l.items().stream()
                        .map(AnswerType.Item::code).toList() + ")" : ""));
    }
}

package org.opentriage.triage;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.Question;

/** The disposition a checklist gives: its group's, or more urgent where an item that applies calls for more. */
final class Checklists {
    private Checklists() {
    }

    /** The group's disposition, or the most urgent an item that applies calls for. */
    static Disposition ifPositive(Question q, Answer.Items items, Disposition group) {
        Disposition result = group;
        if (q.type() instanceof AnswerType.Checklist checklist) {
            for (String code : items.codes()) {
                result = moreUrgent(result, checklist.item(code).flatMap(AnswerType.Item::disposition).orElse(group));
            }
        }
        return result;
    }

    /** "Don't know" to a checklist may hide any item: the most urgent any item calls for, never less than yes. */
    static Disposition ifUnknown(Question q, Disposition group) {
        Disposition result = group;
        if (q.type() instanceof AnswerType.Checklist checklist) {
            for (AnswerType.Item item : checklist.items()) {
                result = moreUrgent(result, item.disposition().orElse(group));
            }
        }
        return result;
    }

    private static Disposition moreUrgent(Disposition a, Disposition b) {
        return b.isMoreUrgentThan(a) ? b : a;
    }
}

package org.opentriage.cli;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Question;
import org.opentriage.triage.Answer;

/** An answer as typed, read for the question it answers: a checklist takes item codes ({@code wheeze, rash}) or none. */
final class TypedAnswers {
    private TypedAnswers() {
    }

    static Answer forQuestion(Answer typed, Question question) {
        if (!(question.type() instanceof AnswerType.Checklist)) {
            return typed;
        }
        if (typed instanceof Answer.YesNo yesNo && !yesNo.value()) {
            return Answer.items();
        }
        if (typed instanceof Answer.Choice choice) {
            Set<String> codes = Arrays.stream(choice.code().split("[,\\s]+")).filter(c -> !c.isEmpty())
                    .collect(Collectors.toSet());
            codes.remove("none");
            return new Answer.Items(codes);
        }
        return typed;
    }
}

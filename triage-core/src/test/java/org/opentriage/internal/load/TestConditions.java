package org.opentriage.internal.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opentriage.protocol.Dimension;

/** Questions for condition tests, and a parse that expects no problem. */
final class TestConditions {
    /** The questions conditions may name, by id. */
    static final Map<String, ConditionParser.Type> QUESTIONS = new LinkedHashMap<>();

    static {
        QUESTIONS.put("fever", new ConditionParser.Type.Bool());
        QUESTIONS.put("cough", new ConditionParser.Type.Bool());
        QUESTIONS.put("temperature", new ConditionParser.Type.Amount(Dimension.TEMPERATURE));
        QUESTIONS.put("pain", new ConditionParser.Type.Code(List.of("none", "mild", "severe")));
        QUESTIONS.put("vomits", new ConditionParser.Type.Amount(Dimension.COUNT));
    }

    /** Names for conditions: the questions above; {@code later-question} comes later, {@code broken-question} failed. */
    static final ConditionParser.Symbols SYMBOLS = new ConditionParser.Symbols() {
        @Override
        public Optional<ConditionParser.Type> question(String id) {
            return Optional.ofNullable(QUESTIONS.get(id));
        }

        @Override
        public boolean isLater(String id) {
            return id.equals("later-question");
        }

        @Override
        public Iterable<String> known() {
            return QUESTIONS.keySet();
        }

        @Override
        public boolean failedToLoad(String id) {
            return id.equals("broken-question");
        }
    };

    private TestConditions() {
    }

    /** Parses a condition that must have no problem. */
    static Optional<ConditionParser.Parsed> parse(String text) {
        Problems problems = new Problems("test.yaml");
        Optional<ConditionParser.Parsed> parsed = ConditionParser.parse(
                new Node.Scalar(text, Node.ScalarType.TEXT, new Node.Mark(1, 1), 1, true), "q", SYMBOLS, problems);
        assertThat(problems.toList()).as("problems parsing '%s'", text).isEmpty();
        return parsed;
    }
}

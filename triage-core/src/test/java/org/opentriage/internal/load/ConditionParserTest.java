package org.opentriage.internal.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opentriage.internal.eval.Evaluator;
import org.opentriage.internal.eval.Truth;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/** The condition language: parsing, type checks, positions, and Kleene evaluation. */
class ConditionParserTest {
    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "age < 3 mo#age < 3 mo",
            "not pregnant and fever#not pregnant and fever",
            "temperature >= 100.4 °F or (fever and age >= 65 y)#temperature >= 100.4 °F or (fever and age >= 65 y)",
            "pain in [mild,severe]#pain in [mild, severe]",
            "pain not in [none]#pain not in [none]",
            "sex = female and not (age < 12 y or age >= 55 y)#sex = female and not (age < 12 y or age >= 55 y)",
            "vomits >= 3#vomits >= 3",
            "((fever))#fever",
            "known(oxygen-saturation) and oxygen-saturation <= 91 %#known(oxygen-saturation) and oxygen-saturation <= 91 %",
            "not known( temperature )#not known(temperature)",
            "heart-rate > 130 /min or systolic-bp <= 90 mmHg#heart-rate > 130 /min or systolic-bp <= 90 mmHg"})
    void validCondition_parsesAndPrintsBackInTheProtocolLanguage(String text, String printed) {
        Condition condition = parse(text).orElseThrow();

        assertThat(condition.text()).isEqualTo(printed);
        assertThat(parse(condition.text())).contains(condition);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "age < 3#TRIAGE-0042#6",
            "temperature > 3 mo#TRIAGE-0042#14",
            "fever = yes#TRIAGE-0042#0",
            "pain#TRIAGE-0042#0",
            "pain = awful#TRIAGE-0044#7",
            "pain < mild#TRIAGE-0042#0",
            "sex = woman#TRIAGE-0044#6",
            "age < 3 months#TRIAGE-0043#8",
            "smoker#TRIAGE-0026#0",
            "later-question#TRIAGE-0022#0",
            "age <#TRIAGE-0040#5",
            "(fever#TRIAGE-0040#6",
            "fever and#TRIAGE-0040#9",
            "fever fever#TRIAGE-0040#6",
            "temperature in [1]#TRIAGE-0042#0",
            "age >= 1e3 y#TRIAGE-0013#7",
            "temperature > 3.8E+1 °C#TRIAGE-0013#14",
            "vomits > 1234567890#TRIAGE-0013#9",
            "temperature < 37.1234567 °C#TRIAGE-0013#14",
            "sex in []#TRIAGE-0047#0",
            "fever or sex not in []#TRIAGE-0047#9"})
    void badCondition_isReportedWithItsCodeAtItsColumn(String text, String code, int offset) {
        Problems problems = new Problems("test.yaml");
        Node.Scalar scalar = new Node.Scalar(text, Node.ScalarType.TEXT, new Node.Mark(7, 12), 12, true);

        assertThat(ConditionParser.parse(scalar, "q", TestConditions.SYMBOLS, problems)).isEmpty();

        assertThat(problems.toList()).singleElement().satisfies(p -> {
            assertThat(p.code().code()).isEqualTo(code);
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.column()).isEqualTo(12 + offset);
        });
    }

    @Test
    void conditionNamingAQuestionThatFailedToLoad_endsWithoutASecondProblem() {
        Problems problems = new Problems("test.yaml");
        Node.Scalar scalar = new Node.Scalar("fever and broken-question >= 3", Node.ScalarType.TEXT, new Node.Mark(7, 12), 12, true);

        assertThat(ConditionParser.parse(scalar, "q", TestConditions.SYMBOLS, problems)).isEmpty();

        assertThat(problems.toList()).isEmpty();
    }

    @Test
    void parts_areListedInnermostFirstInTextOrder_eachWithItsColumn() {
        ConditionParser.Parsed parsed = TestConditions.parse("fever or (cough and not fever)").orElseThrow();

        assertThat(parsed.parts()).extracting(p -> p.condition().text() + "@" + p.mark().column())
                .containsExactly("fever@1", "cough@11", "fever@25", "cough and not fever@11",
                        "fever or (cough and not fever)@1");
    }

    @Test
    void conditionsTooLongOrTooDeep_areRefused() {
        String deep = "(".repeat(ConditionParser.MAX_DEPTH + 1) + "fever" + ")".repeat(ConditionParser.MAX_DEPTH + 1);
        String deepNots = "not ".repeat(ConditionParser.MAX_DEPTH + 1) + "fever";
        String longText = "fever" + " or fever".repeat(60);

        for (String text : List.of(deep, deepNots, longText)) {
            Problems problems = new Problems("test.yaml");
            ConditionParser.parse(new Node.Scalar(text, Node.ScalarType.TEXT, new Node.Mark(1, 1), 1, true), "q",
                    TestConditions.SYMBOLS, problems);
            assertThat(problems.toList()).extracting(Problem::code).containsExactly(ProblemCode.CONDITION_TOO_COMPLEX);
        }
    }

    @Test
    void knownAndFacts_areParsedIntoTheirOwnNodes_andKnownIsNeverUnknown() {
        Condition reading = parse("known(oxygen-saturation) and oxygen-saturation <= 91 %").orElseThrow();
        Condition answered = parse("known(fever)").orElseThrow();

        assertThat(((Condition.And) reading).operands().get(0)).isEqualTo(new Condition.Known(
                new Condition.Subject.Fact(org.opentriage.protocol.PatientFact.OXYGEN_SATURATION)));
        assertThat(Evaluator.evaluate(answered, inputs(Map.of()))).isEqualTo(Truth.FALSE);
        assertThat(Evaluator.evaluate(answered, inputs(Map.of("fever", new Evaluator.Value.Bool(false))))).isEqualTo(Truth.TRUE);
        assertThat(Evaluator.evaluate(reading, inputs(Map.of()))).isEqualTo(Truth.FALSE);
        assertThat(Evaluator.evaluate(reading, inputs(Map.of("oxygen-saturation",
                new Evaluator.Value.Amount(Quantity.parse("90 %").orElseThrow()))))).isEqualTo(Truth.TRUE);
    }

    @Test
    void kleeneLogic_unknownNeverBecomesTrueOrFalseByAccident() {
        Condition fever = parse("fever").orElseThrow();
        Condition highTemperature = parse("temperature >= 38 °C").orElseThrow();
        Condition either = parse("fever or temperature >= 38 °C").orElseThrow();
        Condition both = parse("fever and temperature >= 38 °C").orElseThrow();
        Condition notFever = parse("not fever").orElseThrow();

        Evaluator.Inputs nothingKnown = inputs(Map.of());
        Evaluator.Inputs noFever = inputs(Map.of("fever", new Evaluator.Value.Bool(false)));
        Evaluator.Inputs hot = inputs(Map.of("temperature", new Evaluator.Value.Amount(Quantity.parse("100.4 °F").orElseThrow())));

        assertThat(Evaluator.evaluate(fever, nothingKnown)).isEqualTo(Truth.UNKNOWN);
        assertThat(Evaluator.evaluate(notFever, nothingKnown)).isEqualTo(Truth.UNKNOWN);
        assertThat(Evaluator.evaluate(highTemperature, nothingKnown)).isEqualTo(Truth.UNKNOWN);
        assertThat(Evaluator.evaluate(both, noFever)).isEqualTo(Truth.FALSE);
        assertThat(Evaluator.evaluate(either, noFever)).isEqualTo(Truth.UNKNOWN);
        assertThat(Evaluator.evaluate(either, hot)).isEqualTo(Truth.TRUE);
        assertThat(Evaluator.evaluate(both, hot)).isEqualTo(Truth.UNKNOWN);
    }

    /** Seeded random conditions: printing and parsing again gives the same tree. */
    @Test
    void randomConditions_roundTripThroughTheirText() {
        Random random = new Random(20261127L);
        for (int i = 0; i < 2_000; i++) {
            String text = randomCondition(random, 0);
            Condition condition = parse(text).orElseThrow(() -> new AssertionError("did not parse: " + text));
            assertThat(parse(condition.text())).as(text).contains(condition);
        }
    }

    private static String randomCondition(Random random, int depth) {
        int choice = random.nextInt(depth > 3 ? 6 : 9);
        return switch (choice) {
            case 0 -> "age " + pick(random, "<", "<=", ">", ">=", "=", "!=") + " " + random.nextInt(100) + " " + pick(random, "d", "wk", "mo", "y");
            case 1 -> "sex " + pick(random, "=", "!=") + " " + pick(random, "female", "male");
            case 2 -> pick(random, "pregnant", "fever");
            case 3 -> "temperature " + pick(random, "<", ">=") + " " + (35 + random.nextInt(8)) + "." + random.nextInt(10) + " " + pick(random, "°C", "°F");
            case 4 -> "pain " + pick(random, "in", "not in") + " [" + pick(random, "none", "mild", "severe") + ", severe]";
            case 5 -> "vomits > " + random.nextInt(10);
            case 6 -> "not " + randomCondition(random, depth + 1);
            case 7 -> "(" + randomCondition(random, depth + 1) + " and " + randomCondition(random, depth + 1) + ")";
            default -> "(" + randomCondition(random, depth + 1) + " or " + randomCondition(random, depth + 1) + ")";
        };
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static Optional<Condition> parse(String text) {
        return TestConditions.parse(text).map(ConditionParser.Parsed::condition);
    }

    private static Evaluator.Inputs inputs(Map<String, Evaluator.Value> answers) {
        return new Evaluator.Inputs() {
            @Override
            public Optional<Quantity> age() {
                return Optional.empty();
            }

            @Override
            public Optional<Sex> sex() {
                return Optional.empty();
            }

            @Override
            public Optional<Boolean> pregnant() {
                return Optional.empty();
            }

            @Override
            public Optional<Evaluator.Value> answer(String questionId) {
                return Optional.ofNullable(answers.get(questionId));
            }
        };
    }
}

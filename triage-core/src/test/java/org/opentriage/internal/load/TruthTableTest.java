package org.opentriage.internal.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opentriage.internal.eval.Evaluator;
import org.opentriage.internal.eval.Gather;
import org.opentriage.internal.eval.Truth;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Dimension;
import org.opentriage.protocol.Population;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.Unit;

/**
 * A condition is called constant exactly when no accepted values can change it: checked on named cases,
 * and on seeded random conditions against random accepted values.
 */
class TruthTableTest {
    private static final Population ADULTS = new Population(Optional.of(Quantity.of("18", Unit.YEAR)), Optional.empty(),
            Population.SexFilter.ANY);
    private static final Population MEN = new Population(Optional.empty(), Optional.empty(), Population.SexFilter.MALE);
    private static final Map<String, TruthTable.Domain> ANSWERS = Map.of(
            "fever", new TruthTable.Domain.Bools(List.of(true, false), "yes or no"),
            "cough", new TruthTable.Domain.Bools(List.of(true, false), "yes or no"),
            "temperature", new TruthTable.Domain.Amounts(Dimension.TEMPERATURE, Optional.of(Quantity.of("30", Unit.CELSIUS)),
                    Optional.of(Quantity.of("45", Unit.CELSIUS)), true, "30 °C to 45 °C"),
            "pain", new TruthTable.Domain.Words(List.of("none", "mild", "severe"), "none, mild or severe"),
            "vomits", new TruthTable.Domain.Amounts(Dimension.COUNT, Optional.of(Quantity.of("0", Unit.NONE)),
                    Optional.of(Quantity.of("50", Unit.NONE)), true, "0 to 50"));
    private static final TruthTable.Domains ADULT_VALUES = domains(ADULTS);

    private static TruthTable.Domains domains(Population population) {
        return subject -> subject instanceof Condition.Subject.Answer answer
                ? Optional.ofNullable(ANSWERS.get(answer.questionId()))
                : TruthTable.patient(subject, population);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "age >= 0 y#TRUE",
            "age < 18 y#FALSE",
            "age >= 18 y#TRUE",
            "age <= 130 y#TRUE",
            "age > 130 y#FALSE",
            "age >= 65 y#",
            "age < 18.01 y#",
            "temperature >= 410 °C#FALSE",
            "temperature >= 45 °C#",
            "temperature > 45 °C#FALSE",
            "temperature <= 113 °F#TRUE",
            "temperature > 39 °C and temperature < 38 °C#FALSE",
            "temperature > 38 °C and temperature < 38.1 °C#",
            "temperature >= 38 °C or temperature < 39 °C#TRUE",
            "temperature >= 100.4 °F and temperature < 38 °C#FALSE",
            "fever and not fever#FALSE",
            "fever or not fever#TRUE",
            "(fever or cough) and not fever and not cough#FALSE",
            "fever and cough#",
            "pain in [none, mild, severe]#TRUE",
            "pain not in [none, mild, severe]#FALSE",
            "pain in [none, mild]#",
            "pain = mild and pain = severe#FALSE",
            "sex = female or sex = male#TRUE",
            "sex = female and pregnant#",
            "vomits > 3 and vomits < 4#",
            "vomits < 0#FALSE",
            "known(fever)#",
            "known(fever) and not known(fever)#FALSE",
            "known(fever) or not known(fever)#TRUE",
            "known(oxygen-saturation) and oxygen-saturation <= 91 %#",
            "known(oxygen-saturation) and oxygen-saturation < 0 %#FALSE",
            "not known(oxygen-saturation) and oxygen-saturation <= 91 %#",
            "oxygen-saturation > 100 %#FALSE"})
    void condition_isConstantOnlyWhenNoAcceptedValueChangesIt(String text, Truth expected) {
        Condition condition = TestConditions.parse(text).orElseThrow().condition();

        assertThat(TruthTable.constant(condition, ADULT_VALUES)).isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {"pregnant#FALSE", "sex = female#FALSE", "sex = male#TRUE", "age < 3 mo#"})
    void populationOfMen_isNeverPregnantNorFemale(String text, Truth expected) {
        Condition condition = TestConditions.parse(text).orElseThrow().condition();

        assertThat(TruthTable.constant(condition, domains(MEN))).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void nameWithoutDomain_staysUnknown() {
        Condition condition = TestConditions.parse("fever and not fever").orElseThrow().condition();

        assertThat(TruthTable.constant(condition, subject -> Optional.empty())).contains(Truth.UNKNOWN);
    }

    @Test
    void conditionWithTooManyCombinationsToTry_isNeverCalledConstant() {
        assertThat(TruthTable.constant(everyCombinationDecides(3), ADULT_VALUES)).contains(Truth.TRUE);
        assertThat(TruthTable.constant(everyCombinationDecides(30), ADULT_VALUES)).isEmpty();
    }

    /**
     * {@code X or not X}, always true, where X needs every value known: an {@code and} of three {@code or}s
     * of {@code thresholds} equalities each, over vomits, temperature and age.
     */
    private static Condition everyCombinationDecides(int thresholds) {
        Condition all = new Condition.And(List.of(
                anyOf(new Condition.Subject.Answer("vomits"), thresholds, i -> Quantity.of(String.valueOf(i), Unit.NONE)),
                anyOf(new Condition.Subject.Answer("temperature"), thresholds, i -> new Quantity(BigDecimal.valueOf(300 + i, 1), Unit.CELSIUS)),
                anyOf(new Condition.Subject.Age(), thresholds, i -> Quantity.of(String.valueOf(20 + i), Unit.YEAR))));
        return new Condition.Or(List.of(all, new Condition.Not(all)));
    }

    private static Condition anyOf(Condition.Subject subject, int count, java.util.function.IntFunction<Quantity> value) {
        return new Condition.Or(IntStream.range(1, count + 1)
                .<Condition>mapToObj(i -> new Condition.Compare(subject, Condition.Operator.EQ, new Condition.Value.Amount(value.apply(i))))
                .toList());
    }

    /** Seeded random conditions: one called constant takes that value for every random accepted value tried. */
    @Test
    void randomConditionCalledConstant_takesThatValueForRandomAcceptedValues() {
        Random random = new Random(20261127L);
        int constants = 0;
        for (int i = 0; i < 3_000; i++) {
            String text = randomCondition(random, 0);
            Condition condition = TestConditions.parse(text).orElseThrow().condition();
            Optional<Truth> constant = TruthTable.constant(condition, ADULT_VALUES);
            if (constant.isEmpty()) {
                continue;
            }
            constants++;
            List<Quantity> thresholds = condition.fold(THRESHOLDS);
            for (int sample = 0; sample < 200; sample++) {
                Map<Condition.Subject, Evaluator.Value> values = randomValues(random, thresholds);
                assertThat(Evaluator.evaluate(condition, inputs(values)))
                        .as("'%s' called always %s, evaluated at %s", text, constant.get(), values)
                        .isEqualTo(constant.get());
            }
        }
        assertThat(constants).as("random conditions found constant").isGreaterThan(100);
    }

    private static String randomCondition(Random random, int depth) {
        int choice = random.nextInt(depth > 2 ? 5 : 8);
        return switch (choice) {
            case 0 -> "age " + pick(random, "<", "<=", ">", ">=", "=", "!=") + " " + pick(random, "0", "18", "40", "130", "200") + " y";
            case 1 -> "temperature " + pick(random, "<", "<=", ">", ">=", "=") + " "
                    + pick(random, "30 °C", "38 °C", "38.1 °C", "45 °C", "100.4 °F", "113 °F", "50 °C");
            case 2 -> "pain " + pick(random, "in", "not in") + " [" + pick(random, "none", "mild", "severe") + ", severe]";
            case 3 -> pick(random, "fever", "cough", "pregnant", "sex = female");
            case 4 -> "vomits " + pick(random, "<", ">=", "=") + " " + pick(random, "0", "3", "3.5", "50");
            case 5 -> "not " + randomCondition(random, depth + 1);
            case 6 -> "(" + randomCondition(random, depth + 1) + " and " + randomCondition(random, depth + 1) + ")";
            default -> "(" + randomCondition(random, depth + 1) + " or " + randomCondition(random, depth + 1) + ")";
        };
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    /** The amounts a condition compares with. */
    private static final Gather<Quantity> THRESHOLDS = new Gather<>() {
        @Override
        public List<Quantity> holds(Condition.Holds holds) {
            return List.of();
        }

        @Override
        public List<Quantity> compare(Condition.Compare compare) {
            return compare.value() instanceof Condition.Value.Amount amount ? List.of(amount.quantity()) : List.of();
        }

        @Override
        public List<Quantity> in(Condition.In in) {
            return List.of();
        }
    };

    /** Accepted values for every name: often a bound or one of the condition's thresholds, else anything between. */
    private static Map<Condition.Subject, Evaluator.Value> randomValues(Random random, List<Quantity> thresholds) {
        Map<Condition.Subject, Evaluator.Value> values = new HashMap<>();
        values.put(new Condition.Subject.Age(), amount(random, Dimension.TIME, "18", "130", Unit.YEAR, thresholds));
        values.put(new Condition.Subject.SexOf(), new Evaluator.Value.Word(pick(random, "female", "male")));
        values.put(new Condition.Subject.Pregnant(), new Evaluator.Value.Bool(random.nextBoolean()));
        values.put(new Condition.Subject.Answer("fever"), new Evaluator.Value.Bool(random.nextBoolean()));
        values.put(new Condition.Subject.Answer("cough"), new Evaluator.Value.Bool(random.nextBoolean()));
        values.put(new Condition.Subject.Answer("pain"), new Evaluator.Value.Word(pick(random, "none", "mild", "severe")));
        values.put(new Condition.Subject.Answer("temperature"),
                amount(random, Dimension.TEMPERATURE, "30", "45", Unit.CELSIUS, thresholds));
        values.put(new Condition.Subject.Answer("vomits"), amount(random, Dimension.COUNT, "0", "50", Unit.NONE, thresholds));
        return values;
    }

    private static Evaluator.Value amount(Random random, Dimension dimension, String min, String max, Unit unit,
                                          List<Quantity> thresholds) {
        Quantity low = Quantity.of(min, unit);
        Quantity high = Quantity.of(max, unit);
        List<Quantity> inRange = thresholds.stream().filter(t -> t.dimension() == dimension)
                .filter(t -> t.compareTo(low) >= 0 && t.compareTo(high) <= 0).toList();
        int kind = random.nextInt(4);
        Quantity value;
        if (kind == 0 && !inRange.isEmpty()) {
            value = inRange.get(random.nextInt(inRange.size()));
        } else if (kind == 1) {
            value = random.nextBoolean() ? low : high;
        } else {
            BigDecimal span = high.canonicalValue().subtract(low.canonicalValue());
            BigDecimal offset = span.multiply(BigDecimal.valueOf(random.nextDouble())).setScale(3, RoundingMode.DOWN);
            value = new Quantity(low.canonicalValue().add(offset), dimension.canonicalUnit());
        }
        return new Evaluator.Value.Amount(value);
    }

    private static Evaluator.Inputs inputs(Map<Condition.Subject, Evaluator.Value> values) {
        return new Evaluator.Inputs() {
            @Override
            public Optional<Quantity> age() {
                return Optional.of(((Evaluator.Value.Amount) values.get(new Condition.Subject.Age())).quantity());
            }

            @Override
            public Optional<Sex> sex() {
                return Optional.of(Sex.valueOf(((Evaluator.Value.Word) values.get(new Condition.Subject.SexOf())).word()
                        .toUpperCase(java.util.Locale.ROOT)));
            }

            @Override
            public Optional<Boolean> pregnant() {
                return Optional.of(((Evaluator.Value.Bool) values.get(new Condition.Subject.Pregnant())).value());
            }

            @Override
            public Optional<Evaluator.Value> answer(String questionId) {
                return Optional.of(values.get(new Condition.Subject.Answer(questionId)));
            }
        };
    }
}

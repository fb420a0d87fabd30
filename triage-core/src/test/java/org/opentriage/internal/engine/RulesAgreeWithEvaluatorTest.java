package org.opentriage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.kie.api.runtime.KieSession;
import org.opentriage.internal.eval.Evaluator;
import org.opentriage.internal.eval.Gather;
import org.opentriage.internal.eval.Truth;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.RiskModifier;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.Unit;

/**
 * The rule engine and the condition evaluator are two implementations of one semantics: Drools decides
 * each question of a call through the generated rules, the Kleene {@link Evaluator} decides reachability
 * at load time. Over seeded random fact sets for every bundled protocol — answers of every type, "don't
 * know" and not yet answered, the patient's age, sex and pregnancy known or not, patient facts — this test
 * checks that the rules resolve every question as the evaluator says they should: skipped when askIf is
 * false; positive, negative or unknown as positiveIf is true, false or unknown (a yes/no question by its
 * answer); and that each risk modifier hits exactly when its condition is true for a result it may raise.
 */
class RulesAgreeWithEvaluatorTest {
    private static final int FACT_SETS_PER_PROTOCOL = 300;

    /** A value as both sides read it: the fact the rules match, and the evaluator's value (empty for "don't know"). */
    private record Given(ValueFact fact, Optional<Evaluator.Value> value) {
    }

    /** The patient and the answers of one fact set; a question that is not answered yet has no entry. */
    private record FactSet(Given age, Given sex, Given pregnant, Map<String, Given> patientFacts,
                           Map<String, Given> answers, Optional<Integer> resultAcuity) {
    }

    @Test
    void rulesResolveEveryQuestionAsTheEvaluatorDoes_forEveryProtocol() {
        ProtocolLibrary library = ProtocolLibrary.bundled();
        RuleBase rules = new RuleBase(library.modifiers());
        Random random = new Random(20261205L);
        Map<Resolution.Kind, Long> resolved = new EnumMap<>(Resolution.Kind.class);
        long questionsChecked = 0;
        long modifierChecks = 0;
        long modifierHits = 0;
        long started = System.nanoTime();
        // The bundled protocols, a fixture whose conditions the loader rewrote for a fallback (known(x) on answers),
        // and one whose conditions negate compounds and run long (decided a part at a time).
        List<Protocol> protocols = new ArrayList<>(library.protocols());
        for (String fixture : List.of("fallbacks", "compound-conditions")) {
            protocols.addAll(ProtocolLibrary.load(java.nio.file.Path.of("src", "test", "resources", "libraries", fixture)).protocols());
        }
        for (Protocol protocol : protocols) {
            String scope = RuleSpec.scope(protocol);
            Candidates candidates = new Candidates(protocol, library.modifiers().modifiers());
            for (int i = 0; i < FACT_SETS_PER_PROTOCOL; i++) {
                FactSet facts = candidates.sample(random, library.scale().levels());
                Set<Object> concluded = conclusions(rules.newKieSession(protocol), facts, scope, protocol);
                Evaluator.Inputs answers = inputs(facts, facts.answers());
                for (Question q : protocol.questions().toList()) {
                    Set<Resolution.Kind> expected = expected(protocol, q, facts, answers);
                    Set<Resolution.Kind> actual = EnumSet.noneOf(Resolution.Kind.class);
                    concluded.stream().filter(o -> o instanceof Resolution r && r.getQuestion().equals(q.id()))
                            .forEach(o -> actual.add(((Resolution) o).getKind()));
                    assertThat(actual).as("%s question %s (askIf %s, positiveIf %s) with %s", protocol.ref(), q.id(),
                            q.askIf().map(Condition::text).orElse("-"), q.positiveIf().map(Condition::text).orElse("-"),
                            describe(facts)).isEqualTo(expected);
                    expected.forEach(kind -> resolved.merge(kind, 1L, Long::sum));
                    questionsChecked++;
                }
                Evaluator.Inputs patient = inputs(facts, facts.patientFacts());
                for (RiskModifier modifier : library.modifiers().modifiers()) {
                    boolean expected = facts.resultAcuity().filter(acuity -> mayRaise(modifier, protocol, acuity)).isPresent()
                            && Evaluator.evaluate(modifier.when(), patient) == Truth.TRUE;
                    assertThat(concluded.contains(new ModifierHit(modifier.id(), scope)))
                            .as("%s modifier %s (when %s) with %s", protocol.ref(), modifier.id(), modifier.when().text(),
                                    describe(facts)).isEqualTo(expected);
                    modifierChecks++;
                    modifierHits += expected ? 1 : 0;
                }
            }
        }
        System.err.printf("RulesAgreeWithEvaluatorTest: %d protocols, %d fact sets, %d questions (resolutions expected: %s),"
                        + " %d modifier checks (%d hits) in %d ms%n", protocols.size(),
                protocols.size() * FACT_SETS_PER_PROTOCOL, questionsChecked, resolved, modifierChecks,
                modifierHits, (System.nanoTime() - started) / 1_000_000);
        for (Resolution.Kind kind : Resolution.Kind.values()) {
            assertThat(resolved.getOrDefault(kind, 0L)).as("fact sets reaching %s", kind).isGreaterThan(1000L);
        }
        assertThat(modifierHits).as("modifier hits").isGreaterThan(100L);
        assertThat(modifierChecks - modifierHits).as("modifier misses").isGreaterThan(100L);
    }

    /** What the evaluator says the rules must conclude about a question. */
    private static Set<Resolution.Kind> expected(Protocol protocol, Question q, FactSet facts, Evaluator.Inputs answers) {
        Set<Resolution.Kind> kinds = EnumSet.noneOf(Resolution.Kind.class);
        if (q.askIf().map(askIf -> Evaluator.evaluate(askIf, answers) == Truth.FALSE).orElse(false)) {
            kinds.add(Resolution.Kind.SKIPPED);
        }
        boolean triage = protocol.triage().stream().anyMatch(g -> g.questions().contains(q));
        Given answer = facts.answers().get(q.id());
        if (!triage || (answer == null && !(q.type() instanceof AnswerType.Derived))) {
            return kinds;
        }
        Truth positive = q.type() instanceof AnswerType.YesNo
                ? answer.value().map(v -> Truth.of(((Evaluator.Value.Bool) v).value())).orElse(Truth.UNKNOWN)
                : Evaluator.evaluate(q.positiveIf().orElseThrow(), answers);
        kinds.add(switch (positive) {
            case TRUE -> Resolution.Kind.POSITIVE;
            case FALSE -> Resolution.Kind.NEGATIVE;
            case UNKNOWN -> Resolution.Kind.UNKNOWN;
        });
        return kinds;
    }

    /** Whether a modifier may raise this protocol's result: it applies to the protocol and the result is low enough. */
    private static boolean mayRaise(RiskModifier modifier, Protocol protocol, int acuity) {
        return modifier.appliesTo(protocol.id()) && modifier.atMost().map(d -> acuity <= d.acuity()).orElse(true)
                && acuity < modifier.raiseTo().acuity();
    }

    /** What the rules concluded from the fact set: resolutions and modifier hits. */
    private static Set<Object> conclusions(KieSession session, FactSet facts, String scope, Protocol protocol) {
        try {
            session.insert(new ScopeInUse(scope));
            Stream.of(facts.age(), facts.sex(), facts.pregnant()).forEach(g -> session.insert(g.fact()));
            facts.patientFacts().values().forEach(g -> session.insert(g.fact()));
            facts.answers().values().forEach(g -> session.insert(g.fact()));
            facts.resultAcuity().ifPresent(acuity -> session.insert(new ProtocolResultFact(scope, protocol.id(), acuity)));
            session.fireAllRules();
            return new HashSet<>(session.getObjects(o -> o instanceof Resolution r && r.getScope().equals(scope)
                    || o instanceof ModifierHit));
        } finally {
            session.dispose();
        }
    }

    /** The evaluator's view of a fact set, answers read from {@code named} (a protocol's answers, or patient facts). */
    private static Evaluator.Inputs inputs(FactSet facts, Map<String, Given> named) {
        return new Evaluator.Inputs() {
            @Override
            public Optional<Quantity> age() {
                return facts.age().value().map(v -> ((Evaluator.Value.Amount) v).quantity());
            }

            @Override
            public Optional<Sex> sex() {
                return facts.sex().value().map(v -> Sex.valueOf(((Evaluator.Value.Word) v).word().toUpperCase(java.util.Locale.ROOT)));
            }

            @Override
            public Optional<Boolean> pregnant() {
                return facts.pregnant().value().map(v -> ((Evaluator.Value.Bool) v).value());
            }

            @Override
            public Optional<Evaluator.Value> answer(String name) {
                return Optional.ofNullable(named.get(name)).flatMap(Given::value);
            }

            @Override
            public Optional<Evaluator.Value> fact(PatientFact fact) {
                return Optional.ofNullable(facts.patientFacts().get(fact.key())).flatMap(Given::value);
            }
        };
    }

    /**
     * The values worth trying for each name a protocol's conditions and the modifiers read: yes and no,
     * every option code, each amount compared with and values either side of it, and "don't know".
     */
    private static final class Candidates {
        private static final List<String> DELTAS = List.of("-0.5", "-0.01", "0.01", "0.5");

        private final Protocol protocol;
        private final Map<String, List<Given>> answers = new LinkedHashMap<>();
        private final Map<String, List<Given>> patientFacts = new LinkedHashMap<>();
        private final List<Given> ages;
        private final List<Given> sexes = new ArrayList<>();
        private final List<Given> pregnancies = new ArrayList<>();

        Candidates(Protocol protocol, List<RiskModifier> modifiers) {
            this.protocol = protocol;
            String scope = RuleSpec.scope(protocol);
            Map<Condition.Subject, List<Quantity>> protocolThresholds = thresholds(
                    protocol.questions().flatMap(q -> Stream.of(q.askIf(), q.positiveIf()).flatMap(Optional::stream)));
            // Modifiers read patient facts by the names a protocol's conditions give its questions.
            Map<Condition.Subject, List<Quantity>> factThresholds = thresholds(modifiers.stream().map(RiskModifier::when));

            for (Question q : protocol.questions().toList()) {
                List<Given> values = new ArrayList<>();
                if (q.type() instanceof AnswerType.YesNo) {
                    values.add(bool(scope, q.id(), true));
                    values.add(bool(scope, q.id(), false));
                } else if (q.type() instanceof AnswerType.Choice choice) {
                    choice.options().forEach(o -> values.add(new Given(ValueFact.code(scope, q.id(), o.code()),
                            Optional.of(new Evaluator.Value.Word(o.code())))));
                } else if (q.type() instanceof AnswerType.Number number) {
                    List<Quantity> around = new ArrayList<>(protocolThresholds.getOrDefault(
                            new Condition.Subject.Answer(q.id()), List.of()));
                    around.add(number.plausible().min());
                    around.add(number.plausible().max());
                    amounts(around).forEach(a -> values.add(amount(scope, q.id(), a)));
                } else {
                    continue; // derived: never answered
                }
                values.add(new Given(ValueFact.unknown(scope, q.id()), Optional.empty()));
                answers.put(q.id(), values);
            }
            for (PatientFact fact : PatientFact.values()) {
                if (fact == PatientFact.PREGNANT) {
                    continue; // the patient's pregnancy, given with age and sex
                }
                List<Given> values = new ArrayList<>();
                values.add(new Given(ValueFact.unknown(ValueFact.PATIENT, fact.key()), Optional.empty()));
                if (fact.dimension().isEmpty()) {
                    values.add(bool(ValueFact.PATIENT, fact.key(), true));
                    values.add(bool(ValueFact.PATIENT, fact.key(), false));
                } else {
                    List<Quantity> around = new ArrayList<>(factThresholds.getOrDefault(
                            new Condition.Subject.Answer(fact.key()), List.of()));
                    around.add(new Quantity(BigDecimal.ONE, fact.dimension().get().canonicalUnit()));
                    amounts(around).forEach(a -> values.add(amount(ValueFact.PATIENT, fact.key(), a)));
                }
                patientFacts.put(fact.key(), values);
            }
            List<Quantity> agesAround = new ArrayList<>(protocolThresholds.getOrDefault(new Condition.Subject.Age(), List.of()));
            agesAround.addAll(factThresholds.getOrDefault(new Condition.Subject.Age(), List.of()));
            protocol.population().ageFrom().ifPresent(agesAround::add);
            protocol.population().ageBelow().ifPresent(agesAround::add);
            agesAround.add(Quantity.of("30", Unit.YEAR));
            ages = new ArrayList<>(amounts(agesAround).stream().map(a -> amount(ValueFact.PATIENT, "age", a)).toList());
            ages.add(new Given(ValueFact.unknown(ValueFact.PATIENT, "age"), Optional.empty()));
            for (Sex sex : Sex.values()) {
                sexes.add(new Given(ValueFact.code(ValueFact.PATIENT, "sex", sex.word()),
                        Optional.of(new Evaluator.Value.Word(sex.word()))));
            }
            sexes.add(new Given(ValueFact.unknown(ValueFact.PATIENT, "sex"), Optional.empty()));
            pregnancies.add(bool(ValueFact.PATIENT, "pregnant", true));
            pregnancies.add(bool(ValueFact.PATIENT, "pregnant", false));
            pregnancies.add(new Given(ValueFact.unknown(ValueFact.PATIENT, "pregnant"), Optional.empty()));
        }

        /** The amounts each name is compared with. */
        private static Map<Condition.Subject, List<Quantity>> thresholds(Stream<Condition> conditions) {
            Map<Condition.Subject, List<Quantity>> thresholds = new HashMap<>();
            conditions.flatMap(c -> c.fold(AMOUNT_COMPARISONS).stream()).forEach(compare -> thresholds
                    .computeIfAbsent(compare.subject(), s -> new ArrayList<>())
                    .add(((Condition.Value.Amount) compare.value()).quantity()));
            return thresholds;
        }

        /** Each amount as written, and values either side of it in the canonical unit. */
        private static List<Quantity> amounts(List<Quantity> around) {
            List<Quantity> amounts = new ArrayList<>();
            for (Quantity q : around) {
                amounts.add(q);
                Unit canonical = q.dimension().canonicalUnit();
                DELTAS.forEach(d -> amounts.add(new Quantity(q.canonicalValue().add(new BigDecimal(d)), canonical)));
            }
            return amounts;
        }

        /** One fact set: every value picked at random; a quarter of the questions not answered yet. */
        FactSet sample(Random random, List<Disposition> levels) {
            Map<String, Given> given = new LinkedHashMap<>();
            answers.forEach((id, values) -> {
                if (random.nextInt(4) != 0) {
                    given.put(id, pick(random, values));
                }
            });
            Map<String, Given> facts = new LinkedHashMap<>();
            patientFacts.forEach((key, values) -> facts.put(key, pick(random, values)));
            Given pregnant = pick(random, pregnancies);
            // A question answered from a patient fact has the fact's value, as when a call prefills it.
            protocol.questions().forEach(q -> q.fact().ifPresent(fact -> {
                Given known = fact == PatientFact.PREGNANT ? pregnant : facts.get(fact.key());
                if (known.value().isPresent() && given.containsKey(q.id())) {
                    given.put(q.id(), new Given(retarget(known.fact(), RuleSpec.scope(protocol), q.id()), known.value()));
                }
            }));
            Optional<Integer> acuity = random.nextBoolean()
                    ? Optional.of(levels.get(random.nextInt(levels.size())).acuity()) : Optional.empty();
            Given age = random.nextInt(10) == 0 ? ages.get(ages.size() - 1) : pick(random, ages.subList(0, ages.size() - 1));
            return new FactSet(age, pick(random, sexes), pregnant, facts, given, acuity);
        }

        private static ValueFact retarget(ValueFact fact, String scope, String name) {
            if (fact.getBool() != null) {
                return ValueFact.bool(scope, name, fact.getBool());
            }
            return ValueFact.amount(scope, name, fact.getAmount());
        }

        private static <T> T pick(Random random, List<T> values) {
            return values.get(random.nextInt(values.size()));
        }

        private static Given bool(String scope, String name, boolean value) {
            return new Given(ValueFact.bool(scope, name, value), Optional.of(new Evaluator.Value.Bool(value)));
        }

        private static Given amount(String scope, String name, Quantity quantity) {
            return new Given(ValueFact.amount(scope, name, quantity.canonicalValue()),
                    Optional.of(new Evaluator.Value.Amount(quantity)));
        }
    }

    /** The comparisons of a condition with an amount. */
    private static final Gather<Condition.Compare> AMOUNT_COMPARISONS = new Gather<>() {
        @Override
        public List<Condition.Compare> holds(Condition.Holds holds) {
            return List.of();
        }

        @Override
        public List<Condition.Compare> compare(Condition.Compare compare) {
            return compare.value() instanceof Condition.Value.Amount ? List.of(compare) : List.of();
        }

        @Override
        public List<Condition.Compare> in(Condition.In in) {
            return List.of();
        }
    };

    private static String describe(FactSet facts) {
        return Stream.of(Stream.of(facts.age(), facts.sex(), facts.pregnant()), facts.patientFacts().values().stream(),
                        facts.answers().values().stream()).flatMap(s -> s)
                .map(g -> g.fact().getName() + "=" + g.value().map(RulesAgreeWithEvaluatorTest::text).orElse("?"))
                .collect(Collectors.joining(", ")) + facts.resultAcuity().map(a -> ", result acuity " + a).orElse("");
    }

    private static String text(Evaluator.Value value) {
        if (value instanceof Evaluator.Value.Bool b) {
            return b.value() ? "yes" : "no";
        }
        if (value instanceof Evaluator.Value.Amount a) {
            return a.quantity().toString();
        }
        return ((Evaluator.Value.Word) value).word();
    }
}

package org.opentriage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.opentriage.internal.eval.Evaluator;
import org.opentriage.internal.eval.Truth;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.Unit;

/**
 * Derived questions whose {@code positiveIf} negates a compound ({@code a and not (known(x) and x >= n)}), mixes
 * {@code known()} with comparisons and choices, or is a long {@code or} of such clauses: every combination of
 * the answers they read (each yes, no, "don't know" or not answered; amounts either side of each threshold),
 * and then each combination with one answer withdrawn, must resolve each question exactly as the Kleene
 * evaluator says, to one of positive, negative and unknown. Fixture: {@code libraries/compound-conditions}.
 */
class CompoundConditionsTest {
    private static Protocol protocol;
    private static RuleBase rules;

    @BeforeAll
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    static void build() {
        ProtocolLibrary library = ProtocolLibrary.load(Path.of("src", "test", "resources", "libraries", "compound-conditions"));
        protocol = library.protocols().get(0);
        rules = new RuleBase(library.modifiers());
        rules.buildAll(List.of(protocol));
    }

    /** One answer as both sides read it; empty value for "don't know", no entry at all for not answered. */
    private record Given(ValueFact fact, Optional<Evaluator.Value> value) {
    }

    @Test
    void everyCombinationOfAnswers_resolvesEachQuestionToExactlyWhatTheEvaluatorSays_alsoAfterAnAnswerIsWithdrawn() {
        String scope = RuleSpec.scope(protocol);
        List<List<Optional<Given>>> choices = List.of(
                yesNo(scope, "a"), yesNo(scope, "b"), codes(scope, "c", "z", "x", "w"),
                amounts(scope, "s", "120", "135", "140", "180", "190", "250"),
                amounts(scope, "d", "59", "80", "90", "95", "150"));
        int[] index = new int[choices.size()];
        int combinations = 0;
        int withdrawals = 0;
        do {
            Map<String, Given> answers = new LinkedHashMap<>();
            for (int i = 0; i < index.length; i++) {
                choices.get(i).get(index[i]).ifPresent(g -> answers.put(g.fact().getName(), g));
            }
            KieSession session = rules.newKieSession(protocol);
            try {
                session.insert(new ScopeInUse(scope));
                session.insert(ValueFact.amount(ValueFact.PATIENT, "age", new BigDecimal("40")));
                Map<String, FactHandle> handles = new LinkedHashMap<>();
                answers.forEach((name, g) -> handles.put(name, session.insert(g.fact())));
                session.fireAllRules();
                check(session, answers);
                combinations++;
                if (!answers.isEmpty()) {
                    // Withdraw one answer (a different one as the combinations go by), as a nurse correcting a call does.
                    String withdrawn = new ArrayList<>(answers.keySet()).get(combinations % answers.size());
                    session.delete(handles.get(withdrawn));
                    answers.remove(withdrawn);
                    session.fireAllRules();
                    check(session, answers);
                    withdrawals++;
                }
            } finally {
                session.dispose();
            }
        } while (next(index, choices));
        assertThat(combinations).isEqualTo(4 * 4 * 5 * 8 * 7);
        assertThat(withdrawals).isEqualTo(combinations - 1);
    }

    private static void check(KieSession session, Map<String, Given> answers) {
        Map<String, Set<Resolution.Kind>> actual = new LinkedHashMap<>();
        session.getObjects(o -> o instanceof Resolution).forEach(o -> {
            Resolution r = (Resolution) o;
            actual.computeIfAbsent(r.getQuestion(), k -> EnumSet.noneOf(Resolution.Kind.class)).add(r.getKind());
        });
        Evaluator.Inputs inputs = inputs(answers);
        for (Question q : protocol.questions().toList()) {
            Set<Resolution.Kind> expected = EnumSet.noneOf(Resolution.Kind.class);
            // The answers are the assessment's; each triage question is derived from them.
            if (q.type() instanceof AnswerType.Derived) {
                Truth truth = Evaluator.evaluate(q.positiveIf().orElseThrow(), inputs);
                expected.add(switch (truth) {
                    case TRUE -> Resolution.Kind.POSITIVE;
                    case FALSE -> Resolution.Kind.NEGATIVE;
                    case UNKNOWN -> Resolution.Kind.UNKNOWN;
                });
            }
            assertThat(actual.getOrDefault(q.id(), EnumSet.noneOf(Resolution.Kind.class)))
                    .as("%s (positiveIf %s) with %s", q.id(), q.positiveIf().map(c -> c.text()).orElse("-"), describe(answers))
                    .isEqualTo(expected);
        }
    }

    private static Evaluator.Inputs inputs(Map<String, Given> answers) {
        return new Evaluator.Inputs() {
            @Override
            public Optional<Quantity> age() {
                return Optional.of(Quantity.of("40", Unit.YEAR));
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
            public Optional<Evaluator.Value> answer(String name) {
                return Optional.ofNullable(answers.get(name)).flatMap(Given::value);
            }
        };
    }

    private static List<Optional<Given>> yesNo(String scope, String name) {
        return List.of(Optional.empty(), Optional.of(new Given(ValueFact.unknown(scope, name), Optional.empty())),
                Optional.of(new Given(ValueFact.bool(scope, name, true), Optional.of(new Evaluator.Value.Bool(true)))),
                Optional.of(new Given(ValueFact.bool(scope, name, false), Optional.of(new Evaluator.Value.Bool(false)))));
    }

    private static List<Optional<Given>> codes(String scope, String name, String... codes) {
        List<Optional<Given>> values = new ArrayList<>(List.of(Optional.empty(),
                Optional.of(new Given(ValueFact.unknown(scope, name), Optional.empty()))));
        for (String code : codes) {
            values.add(Optional.of(new Given(ValueFact.code(scope, name, code), Optional.of(new Evaluator.Value.Word(code)))));
        }
        return values;
    }

    private static List<Optional<Given>> amounts(String scope, String name, String... mmHg) {
        List<Optional<Given>> values = new ArrayList<>(List.of(Optional.empty(),
                Optional.of(new Given(ValueFact.unknown(scope, name), Optional.empty()))));
        for (String amount : mmHg) {
            Quantity quantity = Quantity.of(amount, Unit.MM_HG);
            values.add(Optional.of(new Given(ValueFact.amount(scope, name, quantity.canonicalValue()),
                    Optional.of(new Evaluator.Value.Amount(quantity)))));
        }
        return values;
    }

    /** The next combination, the last index fastest; false after the last one. */
    private static boolean next(int[] index, List<? extends List<?>> choices) {
        for (int i = index.length - 1; i >= 0; i--) {
            if (++index[i] < choices.get(i).size()) {
                return true;
            }
            index[i] = 0;
        }
        return false;
    }

    private static String describe(Map<String, Given> answers) {
        return answers.isEmpty() ? "no answers" : answers.values().stream()
                .map(g -> g.fact().getName() + "=" + g.value().map(Object::toString).orElse("?"))
                .collect(Collectors.joining(", "));
    }
}

package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opentriage.internal.eval.Evaluator;
import org.opentriage.internal.eval.Truth;

/**
 * The bundled questions answered from the pregnancy ({@code fact: pregnant}) are asked, when it is not known, of
 * women and girls of 10 or older only, as the library's other pregnancy questions are; they are the ones that ask
 * exactly whether the patient is pregnant.
 */
class PregnancyQuestionsTest {
    private static final ProtocolLibrary LIBRARY = ProtocolLibrary.bundled();

    private record Bound(Protocol protocol, Question question) {
    }

    private static List<Bound> bound() {
        return LIBRARY.latest(Optional.empty(), ProtocolLibrary.Resolution.ANY_STATUS).stream()
                .flatMap(p -> p.questions().filter(q -> q.fact().equals(Optional.of(PatientFact.PREGNANT))).map(q -> new Bound(p, q)))
                .toList();
    }

    @Test
    void theQuestionsBoundToThePregnancy_areThoseThatAskExactlyThat() {
        assertThat(bound()).extracting(b -> b.protocol().id() + " " + b.question().id()).contains(
                "high-blood-sugar-adult pregnant-and-high", "low-blood-sugar-adult pregnant-low", "burn-child pregnant-burn",
                "vomiting-adult pregnant-now");
        assertThat(bound()).allSatisfy(b -> {
            assertThat(b.question().type()).as(b.question().id()).isInstanceOf(AnswerType.YesNo.class);
            assertThat(b.question().text().english()).as(b.protocol().id() + " " + b.question().id())
                    .matches("Is (the patient|she) pregnant\\?");
        });
    }

    @Test
    void aQuestionBoundToThePregnancy_isNotAskedOfAMan_norOfAChildUnder10() {
        for (Bound b : bound()) {
            Condition askIf = b.question().askIf().orElseThrow(() -> new AssertionError(b.question().id() + " has no askIf"));
            assertThat(Evaluator.evaluate(askIf, patient(Sex.MALE, "30 y"))).as(b.question().id() + " for a man").isEqualTo(Truth.FALSE);
            for (String age : List.of("0 d", "6 y", "9.9 y")) {
                if (b.protocol().population().admitsAge(Quantity.parse(age).orElseThrow())) {
                    assertThat(Evaluator.evaluate(askIf, patient(Sex.FEMALE, age))).as(b.question().id() + " at " + age)
                            .isEqualTo(Truth.FALSE);
                    assertThat(Evaluator.evaluate(askIf, patient(null, age))).as(b.question().id() + " at " + age + ", sex not known")
                            .isEqualTo(Truth.FALSE);
                }
            }
        }
    }

    /** A patient of that sex (null: not known) and age, pregnancy and every answer unknown. */
    private static Evaluator.Inputs patient(Sex sex, String age) {
        return new Evaluator.Inputs() {
            @Override
            public Optional<Quantity> age() {
                return Quantity.parse(age);
            }

            @Override
            public Optional<Sex> sex() {
                return Optional.ofNullable(sex);
            }

            @Override
            public Optional<Boolean> pregnant() {
                return Optional.empty();
            }

            @Override
            public Optional<Evaluator.Value> answer(String questionId) {
                return Optional.empty();
            }
        };
    }
}

package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A condition folds bottom-up, operands in the order of the text. */
class ConditionTest {

    /** Writes a condition back in prefix form, so the shape of the fold shows. */
    private static final Condition.Fold<String> PREFIX = new Condition.Fold<>() {
        @Override
        public String and(List<String> operands) {
            return "and" + operands;
        }

        @Override
        public String or(List<String> operands) {
            return "or" + operands;
        }

        @Override
        public String not(String operand) {
            return "not(" + operand + ")";
        }

        @Override
        public String holds(Condition.Holds holds) {
            return holds.text();
        }

        @Override
        public String compare(Condition.Compare compare) {
            return compare.text();
        }

        @Override
        public String in(Condition.In in) {
            return in.text();
        }

        @Override
        public String known(Condition.Known known) {
            return known.text();
        }
    };

    @Test
    void fold_givesEachNodeItsOperandsFolded_inTheOrderOfTheText() {
        Condition fever = new Condition.Holds(new Condition.Subject.Answer("fever"));
        Condition infant = new Condition.Compare(new Condition.Subject.Age(), Condition.Operator.LT,
                new Condition.Value.Amount(Quantity.of("3", Unit.MONTH)));
        Condition severe = new Condition.In(new Condition.Subject.Answer("pain"),
                List.of(new Condition.Value.Word("severe"), new Condition.Value.Word("worst")), true);
        Condition condition = new Condition.Or(List.of(new Condition.And(List.of(fever, new Condition.Not(infant))), severe));

        assertThat(condition.fold(PREFIX)).isEqualTo("or[and[fever, not(age < 3 mo)], pain not in [severe, worst]]");
        assertThat(condition.text()).isEqualTo("(fever and not age < 3 mo) or pain not in [severe, worst]");
    }
}

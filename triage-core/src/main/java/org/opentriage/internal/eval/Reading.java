package org.opentriage.internal.eval;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.opentriage.protocol.Condition;

/**
 * A name a condition reads, with the amount it is compared with when there is one.
 *
 * @param subject   the answer, fact or patient attribute read
 * @param threshold the amount a comparison compares it with, in its dimension's canonical unit
 * @param presence  whether {@code known(x)} reads it: whether it is known matters, not only its value
 */
public record Reading(Condition.Subject subject, Optional<BigDecimal> threshold, boolean presence) {

    /** Every name a condition reads, {@code known(x)} included, in the order of the text. */
    public static final Gather<Reading> ALL = new Gather<>() {
        @Override
        public List<Reading> holds(Condition.Holds holds) {
            return List.of(new Reading(holds.subject(), Optional.empty(), false));
        }

        @Override
        public List<Reading> compare(Condition.Compare compare) {
            return List.of(new Reading(compare.subject(), compare.value() instanceof Condition.Value.Amount amount
                    ? Optional.of(amount.quantity().canonicalValue()) : Optional.empty(), false));
        }

        @Override
        public List<Reading> in(Condition.In in) {
            return List.of(new Reading(in.subject(), Optional.empty(), false));
        }

        @Override
        public List<Reading> known(Condition.Known known) {
            return List.of(new Reading(known.subject(), Optional.empty(), true));
        }
    };
}

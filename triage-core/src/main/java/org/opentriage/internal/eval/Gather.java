package org.opentriage.internal.eval;

import java.util.List;

import org.opentriage.protocol.Condition;

/**
 * A {@link Condition.Fold} that gathers values from a condition's comparisons ({@code holds}, {@code compare},
 * {@code in}) in the order of the text: {@code and}, {@code or} and {@code not} pass on what their operands
 * gathered. An implementation says only what each kind of comparison gives.
 *
 * @param <T> what is gathered
 */
public interface Gather<T> extends Condition.Fold<List<T>> {

    @Override
    default List<T> and(List<List<T>> operands) {
        return concat(operands);
    }

    @Override
    default List<T> or(List<List<T>> operands) {
        return concat(operands);
    }

    @Override
    default List<T> not(List<T> operand) {
        return operand;
    }

    /** {@code known(x)} compares nothing: it gathers nothing. */
    @Override
    default List<T> known(Condition.Known known) {
        return List.of();
    }

    private static <T> List<T> concat(List<List<T>> operands) {
        return operands.stream().flatMap(List::stream).toList();
    }
}

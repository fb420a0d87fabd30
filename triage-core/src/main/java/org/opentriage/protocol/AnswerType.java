package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What kind of answer a question takes.
 *
 * @since 0.1.0
 */
public sealed interface AnswerType {

    /** {@return the word used for the type in protocol files} */
    String word();

    /**
     * Yes or no; positive when yes.
     *
     * @since 0.1.0
     */
    record YesNo() implements AnswerType {
        @Override
        public String word() {
            return "yesno";
        }
    }

    /**
     * A number in a unit.
     *
     * @param unit      the canonical unit answers are stored in
     * @param accepts   the units offered to the nurse (always includes {@code unit}); a number without a unit is read
     *                  in {@code unit} only when there is no other. An answer in any unit of the dimension is
     *                  accepted and converted exactly ({@code 1 y} to a question offering {@code h, d, wk})
     * @param plausible answers outside are rejected
     * @param expected  answers outside are accepted only after the nurse confirms them
     * @since 0.1.0
     */
    record Number(Unit unit, List<Unit> accepts, Range plausible, Optional<Range> expected) implements AnswerType {
        /** Checks the components: the accepted units include the unit. */
        public Number {
            requireNonNull(unit, "unit");
            accepts = List.copyOf(accepts);
            requireNonNull(plausible, "plausible");
            requireNonNull(expected, "expected");
            if (!accepts.contains(unit)) {
                throw new IllegalArgumentException("accepted units " + accepts + " must include the unit " + unit.symbol());
            }
        }

        @Override
        public String word() {
            return "number";
        }
    }

    /**
     * One of a list of options, compared by code.
     *
     * @param options the options, in the order shown
     * @since 0.1.0
     */
    record Choice(List<Option> options) implements AnswerType {
        /** Checks the components; the list is copied. */
        public Choice {
            options = List.copyOf(options);
            if (options.size() < 2) {
                throw new IllegalArgumentException("a choice needs at least two options");
            }
        }

        /**
         * {@return the option with this code}
         *
         * @param code an option code
         */
        public Optional<Option> option(String code) {
            return options.stream().filter(o -> o.code().equals(code)).findFirst();
        }

        @Override
        public String word() {
            return "choice";
        }
    }

    /**
     * Which of a list of items apply (none, some, or "don't know"): one finding type, listed, in place of a
     * compound yes/no question. Positive when any item applies; an item may carry a disposition more urgent
     * than its question's group, which applies when that item does. Conditions read a checklist as yes or no:
     * whether any item applies.
     *
     * @param items the items, in the order shown
     * @since 0.1.0
     */
    record Checklist(List<Item> items) implements AnswerType {
        /** Checks the components; the list is copied. */
        public Checklist {
            items = List.copyOf(items);
            if (items.size() < 2) {
                throw new IllegalArgumentException("a checklist needs at least two items");
            }
        }

        /**
         * {@return the item with this code}
         *
         * @param code an item code
         */
        public Optional<Item> item(String code) {
            return items.stream().filter(i -> i.code().equals(code)).findFirst();
        }

        @Override
        public String word() {
            return "checklist";
        }
    }

    /**
     * An item of a checklist.
     *
     * @param disposition a disposition more urgent than its question's group, when this item calls for one
     * @param code the item's code
     * @param text what the nurse reads
     * @since 0.1.0
     */
    record Item(String code, LocalizedText text, Optional<Disposition> disposition) {
        /** Checks the components. */
        public Item {
            requireNonNull(code, "code");
            requireNonNull(text, "text");
            requireNonNull(disposition, "disposition");
        }
    }

    /**
     * Not asked: positive when its condition over earlier answers holds.
     *
     * @since 0.1.0
     */
    record Derived() implements AnswerType {
        @Override
        public String word() {
            return "derived";
        }
    }

    /**
     * An option of a choice question.
     *
     * @param code the option's code
     * @param text what the nurse reads
     * @since 0.1.0
     */
    record Option(String code, LocalizedText text) {
        /** Checks the components. */
        public Option {
            requireNonNull(code, "code");
            requireNonNull(text, "text");
        }
    }

    /**
     * An inclusive range of quantities of one dimension.
     *
     * @param min the least value, included
     * @param max the greatest value, included
     * @since 0.1.0
     */
    record Range(Quantity min, Quantity max) {
        /** Checks the components: the least not above the greatest. */
        public Range {
            requireNonNull(min, "min");
            requireNonNull(max, "max");
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("range minimum " + min + " is above its maximum " + max);
            }
        }

        /**
         * {@return whether the value is in the range, in whatever unit of the dimension}
         *
         * @param value a quantity of the range's dimension
         */
        public boolean contains(Quantity value) {
            return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
        }
    }
}

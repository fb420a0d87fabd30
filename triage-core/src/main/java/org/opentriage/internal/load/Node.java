package org.opentriage.internal.load;

import java.util.List;
import java.util.Optional;

/**
 * The syntax tree a protocol file is read into before binding, the same for YAML and JSON: maps, lists
 * and typed scalars, each with its position. Nothing in it is ever constructed from a type named in the
 * file.
 */
sealed interface Node {

    Mark mark();

    /** A word for the node's kind in messages: "a mapping", "a list", "text", "a number" … */
    String kind();

    /** A 1-based line and column in the source. */
    record Mark(int line, int column) {
        static final Mark FILE = new Mark(0, 0);

        Mark shift(int columns) {
            return new Mark(line, column + columns);
        }
    }

    record Entry(Scalar key, Node value) {
    }

    record MapNode(List<Entry> entries, Mark mark) implements Node {
        public MapNode {
            entries = List.copyOf(entries);
        }

        Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> e.key().value().equals(key)).findFirst();
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    record ListNode(List<Node> items, Mark mark) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** The resolved type of a scalar (YAML 1.2 JSON schema: anything not null, boolean or number is text). */
    enum ScalarType {
        TEXT("text"), NUMBER("a number"), BOOLEAN("true/false"), NULL("null");

        final String word;

        ScalarType(String word) {
            this.word = word;
        }
    }

    /**
     * A scalar.
     *
     * @param contentColumn the column of the value's first character (after an opening quote)
     * @param oneLine       whether the value was written on one line, as a plain or quoted scalar
     */
    record Scalar(String value, ScalarType type, Mark mark, int contentColumn, boolean oneLine) implements Node {
        @Override
        public String kind() {
            return type.word;
        }

        /** Where the character at {@code offset} of the value stands, for one-line scalars. */
        Mark at(int offset) {
            return new Mark(mark.line(), contentColumn + offset);
        }
    }
}

package org.opentriage.internal.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.opentriage.protocol.ProblemCode;

/**
 * Builds a {@link Node} tree from a stream of parse events, the same for YAML and JSON. Enforces the
 * nesting limit as it goes (so a deeply nested file fails before it is built) and reports duplicate keys.
 */
final class TreeBuilder {
    static final int MAX_DEPTH = 64;

    /** Parsing cannot go on; the problem is already recorded. */
    static final class Abort extends Exception {
        private static final long serialVersionUID = 1L;

        Abort() {
            super(null, null, false, false);
        }
    }

    private abstract static class Open {
        final Node.Mark mark;

        Open(Node.Mark mark) {
            this.mark = mark;
        }

        abstract void add(Node node, Problems problems);

        abstract Node close();
    }

    private static final class OpenList extends Open {
        final List<Node> items = new ArrayList<>();

        OpenList(Node.Mark mark) {
            super(mark);
        }

        @Override
        void add(Node node, Problems problems) {
            items.add(node);
        }

        @Override
        Node close() {
            return new Node.ListNode(items, mark);
        }
    }

    private static final class OpenMap extends Open {
        final List<Node.Entry> entries = new ArrayList<>();
        final Set<String> keys = new HashSet<>();
        Node.@Nullable Scalar pendingKey;
        boolean skipValue;

        OpenMap(Node.Mark mark) {
            super(mark);
        }

        @Override
        void add(Node node, Problems problems) {
            if (pendingKey == null && !skipValue) {
                if (!(node instanceof Node.Scalar key) || key.type() != Node.ScalarType.TEXT) {
                    problems.add(ProblemCode.WRONG_TYPE, node, null, "a key must be text, not " + node.kind());
                    skipValue = true;
                } else if (!keys.add(key.value())) {
                    problems.add(ProblemCode.DUPLICATE_KEY, node, null, "duplicate key '" + key.value() + "'");
                    skipValue = true;
                } else {
                    pendingKey = key;
                }
                return;
            }
            Node.Scalar key = pendingKey;
            if (!skipValue && key != null) {
                entries.add(new Node.Entry(key, node));
            }
            pendingKey = null;
            skipValue = false;
        }

        @Override
        Node close() {
            return new Node.MapNode(entries, mark);
        }
    }

    private final Problems problems;
    private final Deque<Open> open = new ArrayDeque<>();
    private @Nullable Node root;

    TreeBuilder(Problems problems) {
        this.problems = problems;
    }

    void startMap(Node.Mark mark) throws Abort {
        push(new OpenMap(mark));
    }

    void startList(Node.Mark mark) throws Abort {
        push(new OpenList(mark));
    }

    private void push(Open container) throws Abort {
        if (open.size() >= MAX_DEPTH) {
            problems.add(ProblemCode.NESTING_TOO_DEEP, container.mark, null,
                    "nesting deeper than " + MAX_DEPTH + " levels");
            throw new Abort();
        }
        open.push(container);
    }

    void end() {
        value(open.pop().close());
    }

    void scalar(Node.Scalar scalar) {
        value(scalar);
    }

    private void value(Node node) {
        if (open.isEmpty()) {
            root = node;
        } else {
            open.peek().add(node, problems);
        }
    }

    Optional<Node> root() {
        return Optional.ofNullable(root);
    }
}

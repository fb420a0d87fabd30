package org.opentriage.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Source;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML file of the command line's own formats (call scripts, case files, acceptance stories, the acceptance
 * ratchet), read as plain data (YAML 1.2, JSON scalars: {@code yes} stays text) with the line and column of every
 * node, and read strictly: each problem is a {@link Problem} with a stable code, the file, line and column, and the
 * key path ({@code patient.age}) at the start of its message, as {@code triage validate} reports a protocol's.
 *
 * <p>The accessors throw {@link Failure} at the first problem; a reader that reports every problem of a file
 * catches it key by key. Not thread-safe: one instance reads one file once.
 */
final class LocatedYaml {
    private static final String ROOT = "the file";

    private final String file;
    private final LoadSettings settings;
    private final Node root;

    private LocatedYaml(String file, LoadSettings settings, Node root) {
        this.file = file;
        this.settings = settings;
        this.root = root;
    }

    /** A located problem of a file, thrown by the readers; {@link #toCommandFailure()} ends a command with it. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Problem problem;

        Failure(Problem problem) {
            super(problem.format(), null, false, false);
            this.problem = problem;
        }

        Problem problem() {
            return problem;
        }

        /** The problem as the end of a command: {@link ExitCode#BAD_INPUT}, the problem on one line. */
        CommandFailure toCommandFailure() {
            return new CommandFailure(ExitCode.BAD_INPUT, problem.format());
        }
    }

    /**
     * Reads a file holding one YAML document.
     *
     * @param what what the file is, for messages: "call script", "story"
     * @throws Failure when it cannot be read, is empty or is not well-formed YAML
     */
    static LocatedYaml read(Path file, String what) {
        String name = file.toString();
        String text;
        try {
            text = Source.read(file).text();
        } catch (Source.NotUtf8Exception e) {
            throw new Failure(problem(ProblemCode.UNREADABLE_TEXT, name, 0, 0, "cannot read the " + what + ": not UTF-8 text"));
        } catch (Source.TooLargeException e) {
            throw new Failure(problem(ProblemCode.FILE_TOO_LARGE, name, 0, 0, "cannot read the " + what + ": " + e.getMessage()));
        } catch (IOException e) {
            throw new Failure(problem(ProblemCode.UNREADABLE_FILE, name, 0, 0, "cannot read the " + what + ": "
                    + CommandFailure.why(e)));
        }
        LoadSettings settings = LoadSettings.builder().setLabel(name).setMaxAliasesForCollections(0)
                .setCodePointLimit(Source.MAX_BYTES).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> at = e.getProblemMark().or(e::getContextMark);
            throw new Failure(problem(ProblemCode.SYNTAX, name, at.map(m -> m.getLine() + 1).orElse(0),
                    at.map(m -> m.getColumn() + 1).orElse(0), "not a well-formed " + what + ": "
                            + (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem()));
        } catch (YamlEngineException e) {
            throw new Failure(problem(ProblemCode.SYNTAX, name, 0, 0, "not a well-formed " + what + ": " + e.getMessage()));
        }
        if (root.isEmpty() || isNull(root.get())) {
            throw new Failure(problem(ProblemCode.UNREADABLE_TEXT, name, 0, 0, "the " + what + " is empty"));
        }
        return new LocatedYaml(name, settings, root.get());
    }

    /** The file's name as given: what every problem reports as its file. */
    String file() {
        return file;
    }

    /** The document's top level, a mapping with only these keys. */
    Fields top(Set<String> keys) {
        return map(root, "", keys);
    }

    /** The document's top level, a mapping, its keys left to check ({@link Fields#checkKeys}). */
    Fields top() {
        return map(root, "");
    }

    /**
     * The keys of a mapping and their values, in file order; a key given the value {@code null} (or none) is
     * taken as left out.
     */
    final class Fields {
        private final Node node;
        private final String path;
        private final Map<String, Node> values;
        private final Map<String, Node> keys;

        private Fields(Node node, String path, Map<String, Node> values, Map<String, Node> keys) {
            this.node = node;
            this.path = path;
            this.values = Collections.unmodifiableMap(values);
            this.keys = keys;
        }

        /** The mapping itself. */
        Node node() {
            return node;
        }

        /** The value of a key, unless it is left out. */
        Optional<Node> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        boolean has(String key) {
            return values.containsKey(key);
        }

        /** The value of a key; a problem {@link ProblemCode#MISSING_KEY} located at the mapping when it is left out. */
        Node required(String key) {
            return get(key).orElseThrow(() -> fail(ProblemCode.MISSING_KEY, node, at(path, key), "missing"));
        }

        /** The keys and their values, in file order. */
        Map<String, Node> values() {
            return values;
        }

        /** The key path of a key of this mapping, for messages: {@code patient.age}. */
        String path(String key) {
            return at(path, key);
        }

        /** The node of a key itself (not of its value), to locate a problem with the key. */
        Node keyNode(String key) {
            return keys.get(key);
        }

        /** Adds a problem {@link ProblemCode#UNKNOWN_KEY} for each key not among these, rather than failing at the first. */
        void checkKeys(Set<String> allowed, List<Problem> problems) {
            keys.forEach((key, keyNode) -> {
                if (!allowed.contains(key)) {
                    problems.add(unknownKey(keyNode, at(path, key), allowed).problem());
                }
            });
        }
    }

    /**
     * What {@code reading} reads, or empty when it fails: its problem is added to {@code problems}, so that a reader
     * reports every problem of a file rather than the first.
     */
    static <T> Optional<T> attempt(List<Problem> problems, Supplier<T> reading) {
        try {
            return Optional.of(reading.get());
        } catch (Failure e) {
            problems.add(e.problem());
            return Optional.empty();
        }
    }

    /**
     * A mapping with only these keys: a key not among them is a problem {@link ProblemCode#UNKNOWN_KEY} located at
     * the key, naming the keys there are.
     */
    Fields map(Node node, String path, Set<String> keys) {
        Fields fields = map(node, path);
        fields.keys.forEach((key, keyNode) -> {
            if (!keys.contains(key)) {
                throw unknownKey(keyNode, at(path, key), keys);
            }
        });
        return fields;
    }

    private Failure unknownKey(Node key, String path, Set<String> keys) {
        return fail(ProblemCode.UNKNOWN_KEY, key, path, "unknown key; expected one of " + keys.stream().sorted().toList());
    }

    /**
     * A mapping, its keys as written (trimmed): names of the format, or ids (question ids, fact names, protocol ids)
     * that the reader compares as ids; a key given twice is a problem.
     */
    Fields map(Node node, String path) {
        if (!(node instanceof MappingNode mapping)) {
            throw fail(ProblemCode.WRONG_TYPE, node, path, "expected a mapping (key: value), not " + describe(node));
        }
        Map<String, Node> values = new LinkedHashMap<>();
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            String key = key(entry.getKeyNode(), (path.isEmpty() ? "" : path + " ") + "key");
            if (keys.put(key, entry.getKeyNode()) != null) {
                throw fail(ProblemCode.DUPLICATE_KEY, entry.getKeyNode(), at(path, key), "the key is given twice");
            }
            if (!isNull(entry.getValueNode())) {
                values.put(key, entry.getValueNode());
            }
        }
        return new Fields(node, path, values, keys);
    }

    /** A list. */
    List<Node> list(Node node, String path, String expected) {
        if (!(node instanceof SequenceNode sequence)) {
            throw fail(ProblemCode.WRONG_TYPE, node, path, "expected " + expected + ", not " + describe(node));
        }
        return new ArrayList<>(sequence.getValue());
    }

    /** A scalar as text: numbers as written, booleans as yes or no. */
    String scalar(Node node, String path) {
        Object value = value(node, path);
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean b) {
            return b ? "yes" : "no";
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).toPlainString();
        }
        throw fail(ProblemCode.WRONG_TYPE, node, path, "expected a single value, not " + describe(node));
    }

    /** A key of a mapping: text, as written but trimmed. */
    private String key(Node node, String path) {
        if (!(value(node, path) instanceof String s) || s.isBlank()) {
            throw fail(ProblemCode.WRONG_TYPE, node, path, "expected a key, not " + describe(node));
        }
        return s.strip();
    }

    /** An id or code: text, compared as written (trimmed, in lower case). */
    String text(Node node, String path) {
        if (!(value(node, path) instanceof String s) || s.isBlank()) {
            throw fail(ProblemCode.WRONG_TYPE, node, path, "expected an id, not " + describe(node));
        }
        return s.strip().toLowerCase(Locale.ROOT);
    }

    /** Prose: text that is not blank, as written. */
    String prose(Node node, String path) {
        if (!(value(node, path) instanceof String s)) {
            throw fail(ProblemCode.WRONG_TYPE, node, path, "expected text, not " + describe(node));
        }
        if (s.isBlank()) {
            throw fail(ProblemCode.EMPTY, node, path, "the text is empty");
        }
        return s.strip();
    }

    /** A scalar as YAML 1.2 with JSON scalars reads it; null for a collection. */
    private Object value(Node node, String path) {
        if (!(node instanceof ScalarNode)) {
            return null;
        }
        try {
            return new StandardConstructor(settings).constructSingleDocument(Optional.of(node));
        } catch (YamlEngineException e) {
            throw fail(ProblemCode.WRONG_TYPE, node, path, "cannot read the value: " + e.getMessage());
        }
    }

    /** A problem located at a node, its key path leading its message. */
    Failure fail(ProblemCode code, Node node, String path, String message) {
        Optional<Mark> mark = node.getStartMark();
        return new Failure(problem(code, file, mark.map(m -> m.getLine() + 1).orElse(0), mark.map(m -> m.getColumn() + 1).orElse(0),
                (path.isEmpty() ? ROOT : path) + ": " + message));
    }

    private static Problem problem(ProblemCode code, String file, int line, int column, String message) {
        return new Problem(code, Optional.empty(), file, line, column, Optional.empty(), message);
    }

    /** A problem with a whole file, as the convention of {@link Problem} has it: line and column 0. */
    static Problem fileProblem(ProblemCode code, Path file, String message) {
        return problem(code, file.toString(), 0, 0, message);
    }

    private static String at(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    private String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }
}

package org.opentriage.internal.load;

import java.util.Optional;
import java.util.regex.Pattern;

import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Source;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads YAML at the event level into a {@link Node} tree: no object is ever constructed from the file,
 * anchors, aliases and explicit tags are refused at their first appearance (so alias bombs cannot
 * expand), nesting is bounded, and plain scalars are typed by the YAML 1.2 JSON schema ({@code yes},
 * {@code no} and {@code on} stay text).
 */
final class YamlReader {
    private static final String NULL = "null";
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]*)?([eE][-+]?[0-9]+)?");

    private YamlReader() {
    }

    static Optional<Node> read(Source source, Problems problems) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source.name())
                .setUseMarks(true)
                .setCodePointLimit(Source.MAX_BYTES)
                .setMaxAliasesForCollections(0)
                .setAllowRecursiveKeys(false)
                .setParseComments(false)
                .build();
        TreeBuilder tree = new TreeBuilder(problems);
        int documents = 0;
        try {
            ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, source.text()));
            while (parser.hasNext()) {
                Event event = parser.next();
                switch (event.getEventId()) {
                    case DocumentStart -> {
                        if (++documents > 1) {
                            problems.add(ProblemCode.SYNTAX, mark(event.getStartMark()), null,
                                    "a protocol file holds one YAML document; found a second");
                            throw new TreeBuilder.Abort();
                        }
                    }
                    case Alias -> refuseAliasOrTag(event, problems, "alias");
                    case MappingStart -> {
                        refuseAnchorOrTag((NodeEvent) event, ((org.snakeyaml.engine.v2.events.CollectionStartEvent) event).getTag(), problems);
                        tree.startMap(mark(event.getStartMark()));
                    }
                    case SequenceStart -> {
                        refuseAnchorOrTag((NodeEvent) event, ((org.snakeyaml.engine.v2.events.CollectionStartEvent) event).getTag(), problems);
                        tree.startList(mark(event.getStartMark()));
                    }
                    case MappingEnd, SequenceEnd -> tree.end();
                    case Scalar -> {
                        ScalarEvent scalar = (ScalarEvent) event;
                        refuseAnchorOrTag(scalar, scalar.getTag(), problems);
                        tree.scalar(scalar(scalar));
                    }
                    default -> {
                        // stream and document boundaries, comments: nothing to build
                    }
                }
            }
        } catch (TreeBuilder.Abort e) {
            return Optional.empty();
        } catch (MarkedYamlEngineException e) {
            Node.Mark at = mark(e.getProblemMark().or(e::getContextMark));
            problems.add(ProblemCode.SYNTAX, at, null, "not well-formed YAML: " + describe(e));
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.addForFile(ProblemCode.SYNTAX, "not well-formed YAML: " + e.getMessage());
            return Optional.empty();
        }
        Optional<Node> root = tree.root();
        if (root.isEmpty()) {
            problems.addForFile(ProblemCode.UNREADABLE_TEXT, "the file is empty");
        }
        return root;
    }

    private static void refuseAnchorOrTag(NodeEvent event, Optional<String> tag, Problems problems)
            throws TreeBuilder.Abort {
        if (event.getAnchor().isPresent()) {
            refuseAliasOrTag(event, problems, "anchor &" + event.getAnchor().get());
        }
        if (tag.isPresent()) {
            refuseAliasOrTag(event, problems, "explicit tag " + tag.get());
        }
    }

    private static void refuseAliasOrTag(Event event, Problems problems, String what) throws TreeBuilder.Abort {
        problems.add(ProblemCode.ALIAS_OR_TAG, mark(event.getStartMark()), null,
                what + " is not allowed in protocol files: write the content out in full");
        throw new TreeBuilder.Abort();
    }

    private static Node.Scalar scalar(ScalarEvent event) {
        Node.Mark start = mark(event.getStartMark());
        Node.Mark end = mark(event.getEndMark());
        ScalarStyle style = event.getScalarStyle();
        boolean quoted = style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED;
        boolean block = style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED;
        Node.ScalarType type = event.isPlain() ? resolve(event.getValue()) : Node.ScalarType.TEXT;
        return new Node.Scalar(event.getValue(), type, start, start.column() + (quoted ? 1 : 0),
                !block && start.line() == end.line());
    }

    /** The YAML 1.2 JSON schema's resolution of a plain scalar. */
    static Node.ScalarType resolve(String plain) {
        if (plain.isEmpty() || plain.equals(NULL)) {
            return Node.ScalarType.NULL;
        }
        if (plain.equals("true") || plain.equals("false")) {
            return Node.ScalarType.BOOLEAN;
        }
        if (NUMBER.matcher(plain).matches()) {
            return Node.ScalarType.NUMBER;
        }
        return Node.ScalarType.TEXT;
    }

    private static Node.Mark mark(Optional<Mark> mark) {
        return mark.map(m -> new Node.Mark(m.getLine() + 1, m.getColumn() + 1)).orElse(Node.Mark.FILE);
    }

    private static String describe(MarkedYamlEngineException e) {
        String problem = e.getProblem();
        String context = e.getContext();
        return context == null ? problem : context + ", " + problem;
    }
}

package org.opentriage.internal.load;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Source;

/** Reads JSON with Jackson's streaming parser into the same {@link Node} tree as YAML, with positions. */
final class JsonReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(TreeBuilder.MAX_DEPTH + 1)
                    .maxStringLength(Source.MAX_BYTES)
                    .build())
            .build();

    private JsonReader() {
    }

    static Optional<Node> read(Source source, Problems problems) {
        TreeBuilder tree = new TreeBuilder(problems);
        try (JsonParser parser = FACTORY.createParser(source.text())) {
            JsonToken token;
            int depth = 0;
            while ((token = parser.nextToken()) != null) {
                Node.Mark at = mark(parser.currentTokenLocation());
                switch (token) {
                    case START_OBJECT -> {
                        tree.startMap(at);
                        depth++;
                    }
                    case START_ARRAY -> {
                        tree.startList(at);
                        depth++;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        tree.end();
                        depth--;
                    }
                    case FIELD_NAME -> tree.scalar(text(parser.currentName(), at));
                    case VALUE_STRING -> tree.scalar(text(parser.getText(), at));
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                            tree.scalar(new Node.Scalar(parser.getText(), Node.ScalarType.NUMBER, at, at.column(), true));
                    case VALUE_TRUE, VALUE_FALSE ->
                            tree.scalar(new Node.Scalar(parser.getText(), Node.ScalarType.BOOLEAN, at, at.column(), true));
                    case VALUE_NULL -> tree.scalar(new Node.Scalar("null", Node.ScalarType.NULL, at, at.column(), true));
                    default -> throw new IllegalStateException("unexpected JSON token " + token);
                }
                if (depth == 0) {
                    if (parser.nextToken() != null) {
                        problems.add(ProblemCode.SYNTAX, mark(parser.currentTokenLocation()), null,
                                "not well-formed JSON: content after the end of the document");
                        return Optional.empty();
                    }
                    break;
                }
            }
        } catch (TreeBuilder.Abort e) {
            return Optional.empty();
        } catch (JsonProcessingException e) {
            problems.add(ProblemCode.SYNTAX, mark(e.getLocation()), null, "not well-formed JSON: " + e.getOriginalMessage());
            return Optional.empty();
        } catch (IOException e) {
            problems.addForFile(ProblemCode.UNREADABLE_FILE, "cannot read JSON: " + e.getMessage());
            return Optional.empty();
        }
        Optional<Node> root = tree.root();
        if (root.isEmpty()) {
            problems.addForFile(ProblemCode.UNREADABLE_TEXT, "the file is empty");
        }
        return root;
    }

    private static Node.Scalar text(String value, Node.Mark at) {
        boolean oneLine = value.indexOf('\n') < 0;
        return new Node.Scalar(value, Node.ScalarType.TEXT, at, at.column() + 1, oneLine);
    }

    private static Node.Mark mark(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return Node.Mark.FILE;
        }
        return new Node.Mark(location.getLineNr(), Math.max(location.getColumnNr(), 1));
    }
}

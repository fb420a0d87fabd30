package org.opentriage.internal.load;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the parts of one loaded file stand (a protocol, or the library's shared questions): for checks that run
 * on the loaded library and report located problems, such as the design rules. Immutable.
 *
 * @param file       the source name, as problems report it
 * @param questions  each question the file defines or uses ({@code - use: ID}), by id
 * @param careAdvice each care-advice item, by disposition id, in the order of the file
 * @param callBackIf each call-back item, in the order of the file
 */
public record SourceMap(String file, Map<String, Part> questions, Map<String, List<Part>> careAdvice, List<Part> callBackIf) {

    public SourceMap {
        requireNonNull(file, "file");
        questions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(questions));
        Map<String, List<Part>> advice = new LinkedHashMap<>();
        careAdvice.forEach((disposition, parts) -> advice.put(disposition, List.copyOf(parts)));
        careAdvice = java.util.Collections.unmodifiableMap(advice);
        callBackIf = List.copyOf(callBackIf);
    }

    /** A 1-based line and column; {@link #FILE} for the whole file. */
    public record Position(int line, int column) {
        public static final Position FILE = new Position(0, 0);

        static Position of(Node node) {
            return new Position(node.mark().line(), node.mark().column());
        }
    }

    /**
     * One located part.
     *
     * @param at   where it stands (a question's mapping or its {@code use:}, an advice item)
     * @param text where its text stands (for a used shared question, where it is used)
     * @param when where an advice item's condition stands, when it has one
     */
    public record Part(Position at, Position text, Optional<Position> when) {
        public Part {
            requireNonNull(at, "at");
            requireNonNull(text, "text");
            requireNonNull(when, "when");
        }
    }

    /** The position of a question, or of the whole file when the question is not in it. */
    public Part question(String questionId) {
        return questions.getOrDefault(questionId, new Part(Position.FILE, Position.FILE, Optional.empty()));
    }
}

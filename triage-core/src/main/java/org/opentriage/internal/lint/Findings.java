package org.opentriage.internal.lint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.load.SourceMap;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProblemCode;

/** Collects the design-rule warnings of one check of a library. Not thread-safe. */
final class Findings {
    private final List<Problem> problems = new ArrayList<>();

    /**
     * The file a warning is about, and the protocol ({@code id@version}) when the file is a protocol.
     *
     * @param protocol empty for the shared questions and for the library as a whole
     */
    record File(Optional<String> protocol, String name) {
    }

    /** A warning at a position of the file, about a node (a question id, a disposition id), with what to do. */
    void add(ProblemCode code, File file, SourceMap.Position at, @Nullable String nodeId, String message) {
        problems.add(new Problem(code, file.protocol(), file.name(), at.line(), at.column(), Optional.ofNullable(nodeId), message));
    }

    /** The warnings, file by file in order of position, as the loader orders its problems. */
    List<Problem> inFileOrder() {
        return problems.stream()
                .sorted(Comparator.comparing(Problem::file).thenComparingInt(Problem::line).thenComparingInt(Problem::column)
                        .thenComparing(p -> p.code().code()))
                .toList();
    }
}

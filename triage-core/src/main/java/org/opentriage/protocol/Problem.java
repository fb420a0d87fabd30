package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * One located problem found while loading protocols: a stable code, where it is, and what is wrong.
 *
 * @param code     the stable problem code
 * @param protocol the protocol as {@code id@version}, when the file got far enough to say
 * @param file     the source name (a path, or the name given with the text)
 * @param line     1-based line, or 0 when the problem concerns the whole file
 * @param column   1-based column, or 0 when the problem concerns the whole file
 * @param nodeId   the question, group, option or reference the problem is about, when there is one
 * @param message  what is wrong, naming the bad value
 * @since 0.1.0
 */
public record Problem(
        ProblemCode code,
        Optional<String> protocol,
        String file,
        int line,
        int column,
        Optional<String> nodeId,
        String message) {

    /** Checks the components. */
    public Problem {
        requireNonNull(code, "code");
        requireNonNull(protocol, "protocol");
        requireNonNull(file, "file");
        requireNonNull(nodeId, "nodeId");
        requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must not be negative: " + line + ":" + column);
        }
    }

    /** {@return the code's severity} */
    public Severity severity() {
        return code.severity();
    }

    /** {@return whether the problem is an error} */
    public boolean isError() {
        return severity() == Severity.ERROR;
    }

    /** {@return the problem as one line: {@code file:line:column: CODE severity: message}} */
    public String format() {
        return String.format(Locale.ROOT, "%s:%d:%d: %s %s: %s%s%s",
                file, line, column, code.code(), severity().word(), message,
                nodeId.map(id -> " [" + id + "]").orElse(""),
                protocol.map(p -> " (" + p + ")").orElse(""));
    }

    @Override
    public String toString() {
        return format();
    }
}

package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What checking a set of protocol files found: every problem, and the library when there were no errors.
 * A set with any error yields no library at all; nothing is partially loaded. A check that only reports
 * ({@link ProtocolLoader#checkPaths}) yields no library even without errors.
 *
 * @param problems every problem found, located
 * @param library the library, when there was no error
 * @since 0.1.0
 */
public record LoadReport(List<Problem> problems, Optional<ProtocolLibrary> library) {
    /** Checks the components; the list is copied. */
    public LoadReport {
        problems = List.copyOf(problems);
        requireNonNull(library, "library");
        if (library.isPresent() && problems.stream().anyMatch(Problem::isError)) {
            throw new IllegalArgumentException("a report with errors cannot carry a library");
        }
    }

    /** {@return whether any problem is an error (warnings alone do not count)} */
    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** {@return the problems that are errors} */
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    /** {@return the library; fails with every problem when there were errors} */
    public ProtocolLibrary orThrow() {
        return library.orElseThrow(() -> new ProtocolException(problems));
    }
}

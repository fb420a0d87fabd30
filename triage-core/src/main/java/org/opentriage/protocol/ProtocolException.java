package org.opentriage.protocol;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when protocols cannot be loaded. Carries every problem found, in the order of the files and
 * their lines; nothing of a failing load is kept.
 *
 * @since 0.1.0
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int PROBLEMS_IN_MESSAGE = 20;

    private final transient List<Problem> problems;

    /**
     * A failure carrying every problem found.
     *
     * @param problems the problems, at least one
     */
    public ProtocolException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** {@return every problem found, errors and warnings} */
    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        long errors = problems.stream().filter(Problem::isError).count();
        String shown = problems.stream().limit(PROBLEMS_IN_MESSAGE).map(Problem::format)
                .collect(Collectors.joining("\n  ", "\n  ", ""));
        String more = problems.size() > PROBLEMS_IN_MESSAGE
                ? "\n  … and " + (problems.size() - PROBLEMS_IN_MESSAGE) + " more" : "";
        return errors + " error(s) loading protocols:" + shown + more;
    }
}

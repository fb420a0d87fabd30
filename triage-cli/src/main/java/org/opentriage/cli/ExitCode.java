package org.opentriage.cli;

/** The exit codes of {@code triage}, documented in the README. */
public final class ExitCode {
    /** The command did what was asked; for {@code validate}, no errors were found. */
    public static final int OK = 0;
    /** {@code validate} found errors (warnings alone do not count). */
    public static final int PROBLEMS_FOUND = 1;
    /** The command line was wrong: unknown option, bad value, missing argument. */
    public static final int USAGE = 2;
    /** The protocols the command needs could not be loaded. */
    public static final int LOAD_FAILED = 3;
    /** An unexpected internal error; the message says what. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCode() {
    }
}

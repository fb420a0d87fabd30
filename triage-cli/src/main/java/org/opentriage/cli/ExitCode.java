package org.opentriage.cli;

/**
 * The exit codes of {@code triage}, documented in the README and in {@code triage --help}.
 *
 * @since 0.1.0
 */
public final class ExitCode {
    /** The command did what was asked; for {@code validate}, no errors were found. */
    public static final int OK = 0;
    /** {@code validate} found errors (warnings alone do not count, except with {@code --strict}). */
    public static final int PROBLEMS_FOUND = 1;
    /**
     * The command line was wrong: unknown option, bad value, missing argument, a nurse id or patient reference
     * that is not pseudonymous.
     */
    public static final int USAGE = 2;
    /** The protocols the command needs could not be loaded. */
    public static final int LOAD_FAILED = 3;
    /**
     * A file the command reads or writes cannot be used: missing or unreadable, a {@code validate} path that
     * holds no protocol file, a malformed call script or one whose patient reference is refused, a malformed story,
     * call or ratchet of the acceptance suite, an audit file that already holds records, an HMAC key file that is too
     * short or that its group or others may use.
     */
    public static final int BAD_INPUT = 4;
    /**
     * {@code run}: the call ended before its outcome (the input ended, the call script has no usable answer to
     * a question, or its override was refused); the call is recorded as abandoned.
     */
    public static final int CALL_INCOMPLETE = 5;
    /**
     * {@code run}: the call's outcome differs from what the call script's {@code expect} says; {@code test}: a case
     * failed; {@code acceptance --check}: a figure of the acceptance suite fell past its ratchet.
     */
    public static final int NOT_AS_EXPECTED = 6;
    /** {@code run}: the engine failed the call closed; its advice escalates to the on-call clinician. */
    public static final int CALL_FAILED = 7;
    /**
     * {@code audit verify}, {@code replay}, {@code recover} and {@code report}: the audit trail is broken (a record
     * changed, missing, added or out of order, a record after its call ended, a wrong HMAC, not UTF-8 text).
     */
    public static final int TRAIL_BROKEN = 8;
    /** {@code audit replay}: at least one replayed call differs from its trail. */
    public static final int NOT_REPRODUCED = 9;
    /**
     * {@code audit verify}: every record is intact but the trail was interrupted (calls left open, or an
     * incomplete last record): the writer stopped, nothing was changed. {@code audit recover} closes it.
     */
    public static final int TRAIL_INTERRUPTED = 10;
    /**
     * {@code audit verify}: the trail's records carry HMACs but no key was given, so a rewrite of the whole trail
     * could not be told from the original: nothing is said to be intact.
     */
    public static final int NOT_AUTHENTICATED = 11;
    /**
     * {@code console}: the console cannot start (its store cannot be opened or migrated, or holds audit trails signed
     * with another HMAC key, or the port is taken); {@code console add-user}: the store cannot be opened.
     */
    public static final int CONSOLE_FAILED = 12;
    /** An unexpected internal error; the message says what. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCode() {
    }
}

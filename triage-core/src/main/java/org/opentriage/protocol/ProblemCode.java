package org.opentriage.protocol;

/**
 * Stable codes for everything the loader can report, and for the design-rule warnings
 * ({@link ProtocolLibrary#designWarnings()}, codes from {@code TRIAGE-0101} on). Codes never change meaning; tools
 * and tests match on {@link #code()}, never on message text. The full table is in {@code docs/protocol-format.md}.
 *
 * @since 0.1.0
 */
public enum ProblemCode {
    SYNTAX(1, "not well-formed YAML or JSON"),
    FILE_TOO_LARGE(2, "file too large"),
    ALIAS_OR_TAG(3, "anchor, alias or explicit tag"),
    NESTING_TOO_DEEP(4, "nesting too deep"),
    DUPLICATE_KEY(5, "duplicate key"),
    UNREADABLE_TEXT(6, "not UTF-8 text, or empty"),
    UNKNOWN_KEY(10, "unknown key"),
    WRONG_TYPE(11, "wrong type"),
    MISSING_KEY(12, "missing required key"),
    INVALID_VALUE(13, "value not allowed"),
    EMPTY(14, "empty where content is required"),
    UNSUPPORTED_FORMAT(15, "unsupported format"),
    DUPLICATE_ID(20, "duplicate id"),
    UNKNOWN_DISPOSITION(21, "unknown disposition"),
    UNKNOWN_QUESTION(22, "unknown or later question"),
    UNKNOWN_REFERENCE(23, "unknown reference id"),
    UNKNOWN_REDIRECT_TARGET(24, "redirect to a protocol not in the set"),
    UNREACHABLE_QUESTION(25, "unreachable question"),
    UNKNOWN_FACT(26, "unknown patient fact"),
    UNRESOLVED_SUGGESTION(27, "a suggestion that names no protocol of the library for the protocol's patients, or the protocol itself"),
    TOPIC_CLASH(28, "two protocols of one topic for the same patients, or a topic that is another protocol's id"),
    SECOND_GENERAL_ASSESSMENT(29, "a second general assessment (kind: general) in one library"),
    ACUITY_ORDER(30, "groups not in descending acuity"),
    DEFAULT_NOT_LOWEST(31, "default disposition not below every group"),
    MISSING_CARE_ADVICE(32, "reachable disposition without care advice"),
    MISSING_ENGLISH(33, "text without English"),
    IMPOSSIBLE_AGE_RANGE(34, "impossible age range"),
    UNKNOWN_LESS_CAUTIOUS(35, "unknown answer less cautious than yes"),
    RED_FLAG_WITHOUT_RATIONALE(36, "red flag without rationale"),
    KEY_NOT_ALLOWED_HERE(37, "key not allowed for this question"),
    KEY_REQUIRED_HERE(38, "key required for this question"),
    UNREACHABLE_CARE_ADVICE(39, "care advice for an unreachable disposition", Severity.WARNING),
    CONDITION_SYNTAX(40, "condition syntax error"),
    CODE_IN_CONDITION(41, "code in a condition"),
    CONDITION_TYPE(42, "condition type error"),
    UNKNOWN_UNIT(43, "unknown unit"),
    UNKNOWN_VALUE(44, "unknown option code or value"),
    CONDITION_TOO_COMPLEX(45, "condition too long or too deep"),
    IMPOSSIBLE_RANGE(46, "impossible numeric range"),
    CONSTANT_COMPARISON(47, "comparison that every accepted value satisfies, or none does"),
    CONSTANT_CONDITION(48, "condition always true or always false"),
    UNKNOWN_SHARED_QUESTION(49, "a shared question that the library's questions.yaml does not define"),
    MALFORMED_VERSION(50, "malformed version"),
    MALFORMED_ID(51, "malformed id"),
    APPROVAL_INCONSISTENT(52, "approval inconsistent"),
    MALFORMED_LANGUAGE(53, "malformed language tag"),
    MALFORMED_DATE_OR_URL(54, "malformed date or URL"),
    MISSING_LANGUAGE(55, "caller-facing text without a required language"),
    DUPLICATE_PROTOCOL(60, "protocol version loaded twice"),
    NO_DISPOSITION_SCALE(61, "no disposition scale"),
    UNREADABLE_FILE(62, "file cannot be read"),
    FALLBACK_MISPLACED(70, "a fallback that is not the observable question right after its measurement"),
    FALLBACK_NOT_READ(71, "a condition reads a measurement with a fallback but not the fallback"),
    COMPOUND_QUESTION(101, "yes/no question that joins several findings", Severity.WARNING),
    RED_FLAGS_NOT_FIRST(102, "a question that is not a red flag before the red flags of an emergent group", Severity.WARNING),
    NO_GENERAL_ASSESSMENT(103, "library without a general assessment", Severity.WARNING),
    COPY_OF_SHARED_QUESTION(104, "a protocol's own copy of a shared question", Severity.WARNING),
    READING_NOT_A_FACT(105, "a reading asked without its patient fact", Severity.WARNING),
    FACT_NOT_READ(106, "a patient fact that no protocol reads", Severity.WARNING),
    ADVICE_URGENCY(107, "care advice more or less urgent than its disposition", Severity.WARNING),
    FIRST_ADVICE_NOT_ACTION(108, "first care-advice line is not the action", Severity.WARNING),
    ADVICE_READS_UNASKED(109, "advice condition reading what the call does not ask", Severity.WARNING),
    ADVICE_NEVER_READ(110, "advice or call-back item whose condition never lets it be read", Severity.WARNING),
    CALL_BACK_ALREADY_REPORTED(111, "call-back item read because its finding was reported", Severity.WARNING);

    /** The first number of the design-rule codes. */
    private static final int FIRST_DESIGN_RULE = 101;

    private final int number;
    private final String code;
    private final String summary;
    private final Severity severity;

    ProblemCode(int number, String summary) {
        this(number, summary, Severity.ERROR);
    }

    ProblemCode(int number, String summary, Severity severity) {
        this.number = number;
        this.code = String.format(java.util.Locale.ROOT, "TRIAGE-%04d", number);
        this.summary = summary;
        this.severity = severity;
    }

    /** {@return the stable code, {@code TRIAGE-NNNN}} */
    public String code() {
        return code;
    }

    /** {@return a few words on what the code means} */
    public String summary() {
        return summary;
    }

    /** {@return the severity every problem with this code has} */
    public Severity severity() {
        return severity;
    }

    /**
     * Whether this is a design-rule warning ({@code TRIAGE-0101} on): reported by {@link ProtocolLibrary#designWarnings()}
     * on a loaded library, never by the loader.
     */
    public boolean isDesignRule() {
        return number >= FIRST_DESIGN_RULE;
    }
}

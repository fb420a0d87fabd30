package org.opentriage.protocol;

/**
 * Stable codes for everything the loader can report, and for the design-rule warnings
 * ({@link ProtocolLibrary#designWarnings()}, codes from {@code TRIAGE-0101} on). Codes never change meaning; tools
 * and tests match on {@link #code()}, never on message text. The full table is in {@code docs/protocol-format.md}.
 *
 * @since 0.1.0
 */
public enum ProblemCode {
    /** {@code TRIAGE-0001}, an error: not well-formed YAML or JSON. */
    SYNTAX(1, "not well-formed YAML or JSON"),
    /** {@code TRIAGE-0002}, an error: file too large. */
    FILE_TOO_LARGE(2, "file too large"),
    /** {@code TRIAGE-0003}, an error: anchor, alias or explicit tag. */
    ALIAS_OR_TAG(3, "anchor, alias or explicit tag"),
    /** {@code TRIAGE-0004}, an error: nesting too deep. */
    NESTING_TOO_DEEP(4, "nesting too deep"),
    /** {@code TRIAGE-0005}, an error: duplicate key. */
    DUPLICATE_KEY(5, "duplicate key"),
    /** {@code TRIAGE-0006}, an error: not UTF-8 text, or empty. */
    UNREADABLE_TEXT(6, "not UTF-8 text, or empty"),
    /** {@code TRIAGE-0010}, an error: unknown key. */
    UNKNOWN_KEY(10, "unknown key"),
    /** {@code TRIAGE-0011}, an error: wrong type. */
    WRONG_TYPE(11, "wrong type"),
    /** {@code TRIAGE-0012}, an error: missing required key. */
    MISSING_KEY(12, "missing required key"),
    /** {@code TRIAGE-0013}, an error: value not allowed. */
    INVALID_VALUE(13, "value not allowed"),
    /** {@code TRIAGE-0014}, an error: empty where content is required. */
    EMPTY(14, "empty where content is required"),
    /** {@code TRIAGE-0015}, an error: unsupported format. */
    UNSUPPORTED_FORMAT(15, "unsupported format"),
    /** {@code TRIAGE-0020}, an error: duplicate id. */
    DUPLICATE_ID(20, "duplicate id"),
    /** {@code TRIAGE-0021}, an error: unknown disposition. */
    UNKNOWN_DISPOSITION(21, "unknown disposition"),
    /** {@code TRIAGE-0022}, an error: unknown or later question. */
    UNKNOWN_QUESTION(22, "unknown or later question"),
    /** {@code TRIAGE-0023}, an error: unknown reference id. */
    UNKNOWN_REFERENCE(23, "unknown reference id"),
    /** {@code TRIAGE-0024}, an error: redirect to a protocol not in the set. */
    UNKNOWN_REDIRECT_TARGET(24, "redirect to a protocol not in the set"),
    /** {@code TRIAGE-0025}, an error: unreachable question. */
    UNREACHABLE_QUESTION(25, "unreachable question"),
    /** {@code TRIAGE-0026}, an error: unknown patient fact. */
    UNKNOWN_FACT(26, "unknown patient fact"),
    /**
     * {@code TRIAGE-0027}, an error: a suggestion that names no protocol of the library for the protocol's patients, or the protocol itself.
     */
    UNRESOLVED_SUGGESTION(27, "a suggestion that names no protocol of the library for the protocol's patients, or the protocol itself"),
    /**
     * {@code TRIAGE-0028}, an error: two protocols of one topic for the same patients, or a topic that is another protocol's id.
     */
    TOPIC_CLASH(28, "two protocols of one topic for the same patients, or a topic that is another protocol's id"),
    /** {@code TRIAGE-0029}, an error: a second general assessment (kind: general) in one library. */
    SECOND_GENERAL_ASSESSMENT(29, "a second general assessment (kind: general) in one library"),
    /** {@code TRIAGE-0030}, an error: groups not in descending acuity. */
    ACUITY_ORDER(30, "groups not in descending acuity"),
    /** {@code TRIAGE-0031}, an error: default disposition not below every group. */
    DEFAULT_NOT_LOWEST(31, "default disposition not below every group"),
    /** {@code TRIAGE-0032}, an error: reachable disposition without care advice. */
    MISSING_CARE_ADVICE(32, "reachable disposition without care advice"),
    /** {@code TRIAGE-0033}, an error: text without English. */
    MISSING_ENGLISH(33, "text without English"),
    /** {@code TRIAGE-0034}, an error: impossible age range. */
    IMPOSSIBLE_AGE_RANGE(34, "impossible age range"),
    /** {@code TRIAGE-0035}, an error: unknown answer less cautious than yes. */
    UNKNOWN_LESS_CAUTIOUS(35, "unknown answer less cautious than yes"),
    /** {@code TRIAGE-0036}, an error: red flag without rationale. */
    RED_FLAG_WITHOUT_RATIONALE(36, "red flag without rationale"),
    /** {@code TRIAGE-0037}, an error: key not allowed for this question. */
    KEY_NOT_ALLOWED_HERE(37, "key not allowed for this question"),
    /** {@code TRIAGE-0038}, an error: key required for this question. */
    KEY_REQUIRED_HERE(38, "key required for this question"),
    /** {@code TRIAGE-0039}, a warning: care advice for an unreachable disposition. */
    UNREACHABLE_CARE_ADVICE(39, "care advice for an unreachable disposition", Severity.WARNING),
    /** {@code TRIAGE-0040}, an error: condition syntax error. */
    CONDITION_SYNTAX(40, "condition syntax error"),
    /** {@code TRIAGE-0041}, an error: code in a condition. */
    CODE_IN_CONDITION(41, "code in a condition"),
    /** {@code TRIAGE-0042}, an error: condition type error. */
    CONDITION_TYPE(42, "condition type error"),
    /** {@code TRIAGE-0043}, an error: unknown unit. */
    UNKNOWN_UNIT(43, "unknown unit"),
    /** {@code TRIAGE-0044}, an error: unknown option code or value. */
    UNKNOWN_VALUE(44, "unknown option code or value"),
    /** {@code TRIAGE-0045}, an error: condition too long or too deep. */
    CONDITION_TOO_COMPLEX(45, "condition too long or too deep"),
    /** {@code TRIAGE-0046}, an error: impossible numeric range. */
    IMPOSSIBLE_RANGE(46, "impossible numeric range"),
    /** {@code TRIAGE-0047}, an error: comparison that every accepted value satisfies, or none does. */
    CONSTANT_COMPARISON(47, "comparison that every accepted value satisfies, or none does"),
    /** {@code TRIAGE-0048}, an error: condition always true or always false. */
    CONSTANT_CONDITION(48, "condition always true or always false"),
    /** {@code TRIAGE-0049}, an error: a shared question that the library's questions.yaml does not define. */
    UNKNOWN_SHARED_QUESTION(49, "a shared question that the library's questions.yaml does not define"),
    /** {@code TRIAGE-0050}, an error: malformed version. */
    MALFORMED_VERSION(50, "malformed version"),
    /** {@code TRIAGE-0051}, an error: malformed id. */
    MALFORMED_ID(51, "malformed id"),
    /** {@code TRIAGE-0052}, an error: approval inconsistent. */
    APPROVAL_INCONSISTENT(52, "approval inconsistent"),
    /** {@code TRIAGE-0053}, an error: malformed language tag. */
    MALFORMED_LANGUAGE(53, "malformed language tag"),
    /** {@code TRIAGE-0054}, an error: malformed date or URL. */
    MALFORMED_DATE_OR_URL(54, "malformed date or URL"),
    /** {@code TRIAGE-0055}, an error: caller-facing text without a required language. */
    MISSING_LANGUAGE(55, "caller-facing text without a required language"),
    /** {@code TRIAGE-0060}, an error: protocol version loaded twice. */
    DUPLICATE_PROTOCOL(60, "protocol version loaded twice"),
    /** {@code TRIAGE-0061}, an error: no disposition scale. */
    NO_DISPOSITION_SCALE(61, "no disposition scale"),
    /** {@code TRIAGE-0062}, an error: file cannot be read. */
    UNREADABLE_FILE(62, "file cannot be read"),
    /** {@code TRIAGE-0070}, an error: a fallback that is not the observable question right after its measurement. */
    FALLBACK_MISPLACED(70, "a fallback that is not the observable question right after its measurement"),
    /** {@code TRIAGE-0071}, an error: a condition reads a measurement with a fallback but not the fallback. */
    FALLBACK_NOT_READ(71, "a condition reads a measurement with a fallback but not the fallback"),
    /** {@code TRIAGE-0101}, a warning: yes/no question that joins several findings. */
    COMPOUND_QUESTION(101, "yes/no question that joins several findings", Severity.WARNING),
    /** {@code TRIAGE-0102}, a warning: a question that is not a red flag before the red flags of an emergent group. */
    RED_FLAGS_NOT_FIRST(102, "a question that is not a red flag before the red flags of an emergent group", Severity.WARNING),
    /** {@code TRIAGE-0103}, a warning: library without a general assessment. */
    NO_GENERAL_ASSESSMENT(103, "library without a general assessment", Severity.WARNING),
    /** {@code TRIAGE-0104}, a warning: a protocol's own copy of a shared question. */
    COPY_OF_SHARED_QUESTION(104, "a protocol's own copy of a shared question", Severity.WARNING),
    /** {@code TRIAGE-0105}, a warning: a reading asked without its patient fact. */
    READING_NOT_A_FACT(105, "a reading asked without its patient fact", Severity.WARNING),
    /** {@code TRIAGE-0106}, a warning: a patient fact that no protocol reads. */
    FACT_NOT_READ(106, "a patient fact that no protocol reads", Severity.WARNING),
    /** {@code TRIAGE-0107}, a warning: care advice more or less urgent than its disposition. */
    ADVICE_URGENCY(107, "care advice more or less urgent than its disposition", Severity.WARNING),
    /** {@code TRIAGE-0108}, a warning: first care-advice line is not the action. */
    FIRST_ADVICE_NOT_ACTION(108, "first care-advice line is not the action", Severity.WARNING),
    /** {@code TRIAGE-0109}, a warning: advice condition reading what the call does not ask. */
    ADVICE_READS_UNASKED(109, "advice condition reading what the call does not ask", Severity.WARNING),
    /** {@code TRIAGE-0110}, a warning: advice or call-back item whose condition never lets it be read. */
    ADVICE_NEVER_READ(110, "advice or call-back item whose condition never lets it be read", Severity.WARNING),
    /** {@code TRIAGE-0111}, a warning: call-back item read because its finding was reported. */
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
     *
     * @return whether the code is a design rule's
     */
    public boolean isDesignRule() {
        return number >= FIRST_DESIGN_RULE;
    }
}

package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

import org.opentriage.triage.ReferenceRefusedException.Field;
import org.opentriage.triage.ReferenceRefusedException.Reason;

/**
 * The check a new call makes of its nurse id and patient reference: each must match the engine's reference
 * pattern entirely. The default pattern is built from the parts below, so a refusal under it can say which
 * part failed.
 */
final class PseudonymousReferences {
    private static final int MAX_LENGTH = 64;
    private static final String CHARACTERS = "[A-Za-z0-9._:-]";
    private static final String DAY = "(?:0?[1-9]|[12][0-9]|3[01])";
    private static final String MONTH = "(?:0?[1-9]|1[0-2])";
    private static final String SEPARATOR = "[-/.]";
    /** y-m-d; d/m/y and m/d/y with a 2- or 4-digit year; an 8-digit yyyymmdd run; not inside a longer number. */
    private static final Pattern DATE = Pattern.compile("(?<![0-9])(?:"
            + "[0-9]{4}" + SEPARATOR + MONTH + SEPARATOR + DAY
            + "|(?:" + DAY + SEPARATOR + MONTH + "|" + MONTH + SEPARATOR + DAY + ")" + SEPARATOR + "(?:[0-9]{4}|[0-9]{2})"
            + "|(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
            + ")(?![0-9])");
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]");

    /** The default of {@link TriageEngine.Builder#referencePattern}. */
    static final Pattern DEFAULT = Pattern.compile("(?!.*" + DATE.pattern() + ")" + CHARACTERS + "{1," + MAX_LENGTH + "}");

    private PseudonymousReferences() {
    }

    /** Refuses, naming the field and why, a nurse id or patient reference that does not match {@code pattern}. */
    static void check(Pattern pattern, String nurse, Patient patient) {
        check(pattern, Field.NURSE, requireNonNull(nurse, "nurse"));
        check(pattern, Field.PATIENT, requireNonNull(patient, "patient").reference());
    }

    /** Refuses, naming the nurse field and why, the id of a nurse acting on a call that does not match {@code pattern}. */
    static void checkNurse(Pattern pattern, String nurse) {
        check(pattern, Field.NURSE, requireNonNull(nurse, "nurse"));
    }

    private static void check(Pattern pattern, Field field, String value) {
        if (pattern.matcher(value).matches()) {
            return;
        }
        if (pattern != DEFAULT) {
            throw new ReferenceRefusedException(field, Reason.PATTERN, "it does not match the engine's reference pattern "
                    + pattern.pattern());
        }
        if (DATE.matcher(value).find()) {
            throw new ReferenceRefusedException(field, Reason.LOOKS_LIKE_DATE, "it looks like a date");
        }
        if (WHITESPACE.matcher(value).find()) {
            throw new ReferenceRefusedException(field, Reason.WHITESPACE, "it has white space, as a name would");
        }
        if (value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new ReferenceRefusedException(field, Reason.LENGTH, "it has " + value.length()
                    + " characters; it needs 1 to " + MAX_LENGTH);
        }
        // Not a date, no white space, a fitting length: what is left is a character outside the set.
        throw new ReferenceRefusedException(field, Reason.CHARACTER, "it has a character other than the letters "
                + "A to Z, digits, '-', '_', '.' and ':'");
    }
}

package org.opentriage.protocol;

/**
 * How serious a {@link Problem} is. Errors stop a protocol from loading; warnings do not.
 *
 * @since 0.1.0
 */
public enum Severity {
    /** The file or library cannot be used. */
    ERROR,
    /** Worth fixing; the file loads. */
    WARNING;

    /** {@return the lower-case word used in reports ({@code error}, {@code warning})} */
    public String word() {
        return this == ERROR ? "error" : "warning";
    }
}

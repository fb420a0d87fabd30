package org.opentriage.protocol;

/** How serious a {@link Problem} is. Errors stop a protocol from loading; warnings do not. */
public enum Severity {
    ERROR,
    WARNING;

    /** The lower-case word used in reports ({@code error}, {@code warning}). */
    public String word() {
        return this == ERROR ? "error" : "warning";
    }
}

package org.opentriage.console;

import java.util.Locale;
import java.util.Optional;

/**
 * What a console user may do. A user has one or more roles.
 *
 * @since 0.1.0
 */
public enum Role {
    /** Registered nurse: searches protocols, takes calls, overrides up, reads the trails of her own calls. */
    RN,
    /** Provider: approves a downgrade at the RN's side, with her own password. */
    PROVIDER,
    /** Clinical lead: what an RN may do, on every call. */
    LEAD,
    /** Auditor: reads every call and its audit trail, verifies and replays it; takes no calls. */
    AUDITOR;

    /**
     * {@return the role's name in the API and on the command line: {@code rn}, {@code provider}, {@code lead}, {@code auditor}}
     */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@return the role named {@code word} in the API (see {@link #word()}), or empty}
     *
     * @param word a role's name, in lower case
     */
    public static Optional<Role> byWord(String word) {
        for (Role role : values()) {
            if (role.word().equals(word)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}

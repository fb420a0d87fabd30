package org.opentriage.internal.engine;

import java.util.Objects;

/**
 * What the rules concluded about one question of one protocol session, inserted logically so it is
 * withdrawn when its reason no longer holds.
 */
public final class Resolution {
    /** The conclusions a question can reach. */
    public enum Kind {
        /** Its {@code askIf} is false: not asked. */
        SKIPPED,
        /** The answer makes it positive. */
        POSITIVE,
        /** The answer makes it negative. */
        NEGATIVE,
        /** The answer, or what its condition reads, is unknown. */
        UNKNOWN
    }

    private final String scope;
    private final String question;
    private final Kind kind;

    public Resolution(String scope, String question, Kind kind) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.question = Objects.requireNonNull(question, "question");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public String getScope() {
        return scope;
    }

    public String getQuestion() {
        return question;
    }

    public Kind getKind() {
        return kind;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resolution r && r.scope.equals(scope) && r.question.equals(question) && r.kind == kind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, question, kind);
    }

    @Override
    public String toString() {
        return scope + "/" + question + ":" + kind;
    }
}

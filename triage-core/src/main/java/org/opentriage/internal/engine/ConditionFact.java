package org.opentriage.internal.engine;

import java.util.Objects;

/**
 * The truth of one part of a condition, inserted logically by the rules that decide it ({@link RuleSpec}):
 * a large condition is decided a part at a time, so that no rule has to spell out every combination of its
 * parts. Exactly one holds for each part once the rules have fired: {@code true}, {@code false} or
 * {@code unknown}.
 */
public final class ConditionFact {
    private final String scope;
    private final String name;
    private final String truth;

    public ConditionFact(String scope, String name, String truth) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.name = Objects.requireNonNull(name, "name");
        this.truth = Objects.requireNonNull(truth, "truth");
    }

    public String getScope() {
        return scope;
    }

    public String getName() {
        return name;
    }

    /** {@code true}, {@code false} or {@code unknown}. */
    public String getTruth() {
        return truth;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConditionFact c && c.scope.equals(scope) && c.name.equals(name) && c.truth.equals(truth);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, name, truth);
    }

    @Override
    public String toString() {
        return scope + "/" + name + ":" + truth;
    }
}

package org.opentriage.internal.engine;

import java.util.Objects;

/** A risk modifier that applies to a protocol session's result. */
public final class ModifierHit {
    private final String modifier;
    private final String scope;

    public ModifierHit(String modifier, String scope) {
        this.modifier = Objects.requireNonNull(modifier, "modifier");
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    public String getModifier() {
        return modifier;
    }

    public String getScope() {
        return scope;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModifierHit h && h.modifier.equals(modifier) && h.scope.equals(scope);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modifier, scope);
    }

    @Override
    public String toString() {
        return modifier + "@" + scope;
    }
}

package org.opentriage.internal.engine;

import java.util.Objects;

/** Marks a protocol session as part of the call, so only its rules conclude anything. */
public final class ScopeInUse {
    private final String scope;

    public ScopeInUse(String scope) {
        this.scope = Objects.requireNonNull(scope, "scope");
    }

    public String getScope() {
        return scope;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScopeInUse s && s.scope.equals(scope);
    }

    @Override
    public int hashCode() {
        return scope.hashCode();
    }
}

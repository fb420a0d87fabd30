package org.opentriage.internal.engine;

import java.util.Objects;

/** A protocol session's disposition before modifiers, for the modifier rules to read. */
public final class ProtocolResultFact {
    private final String scope;
    private final String protocolId;
    private final int acuity;

    public ProtocolResultFact(String scope, String protocolId, int acuity) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.protocolId = Objects.requireNonNull(protocolId, "protocolId");
        this.acuity = acuity;
    }

    public String getScope() {
        return scope;
    }

    public String getProtocolId() {
        return protocolId;
    }

    public int getAcuity() {
        return acuity;
    }
}

/**
 * OpenTriage core: loads and validates triage protocols and runs triage calls on Drools.
 *
 * <p>The API is {@link org.opentriage.protocol} (protocols and the library),
 * {@link org.opentriage.triage} (the engine, calls and audit trails) and {@link org.opentriage.verify} (the safety
 * invariants of a protocol on every answer path); {@code org.opentriage.internal.*}
 * is implementation and may change without notice. No Drools type appears in the API.
 */
module org.opentriage.core {
    // Nullness annotations of the API: read by tools at compile time, not needed at run time.
    requires static transitive org.jspecify;
    requires org.snakeyaml.engine;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires org.kie.api;
    requires org.kie.internal.api;
    requires org.drools.canonicalmodel;
    requires org.drools.modelcompiler;

    exports org.opentriage.protocol;
    exports org.opentriage.triage;
    exports org.opentriage.verify;
    // The rule engine instantiates the fact classes of the generated rules.
    opens org.opentriage.internal.engine;
}

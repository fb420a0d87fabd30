/**
 * OpenTriage core: loads and validates triage protocols.
 *
 * <p>The API is {@link org.opentriage.protocol}; {@code org.opentriage.internal.*} is implementation and
 * may change without notice.
 */
module org.opentriage.core {
    requires org.snakeyaml.engine;
    requires com.fasterxml.jackson.core;

    exports org.opentriage.protocol;
}

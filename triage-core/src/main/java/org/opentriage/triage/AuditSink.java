package org.opentriage.triage;

/**
 * Where audit records go. {@link #append} must return only once the record is durable (for a file,
 * forced to disk): the engine moves on only then. It is called from the thread driving the call;
 * implementations shared by several calls must be thread-safe. A failure to append fails the call closed.
 */
@FunctionalInterface
public interface AuditSink {
    void append(AuditRecord record);
}

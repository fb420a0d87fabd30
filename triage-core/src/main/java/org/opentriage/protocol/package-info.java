/**
 * Triage protocols: the format's model, loading with located problems, and the protocol library.
 *
 * <p>Start with {@link org.opentriage.protocol.ProtocolLibrary#bundled()} or
 * {@link org.opentriage.protocol.ProtocolLibrary#load(java.nio.file.Path)}; check files without loading
 * them with {@link org.opentriage.protocol.ProtocolLoader}. Every loaded object is immutable and safe to
 * share between threads. The format is described in {@code docs/protocol-format.md}.
 */
@NullMarked
package org.opentriage.protocol;

import org.jspecify.annotations.NullMarked;

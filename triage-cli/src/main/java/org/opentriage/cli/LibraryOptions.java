package org.opentriage.cli;

import java.nio.file.Path;

import org.opentriage.protocol.ProtocolLibrary;
import picocli.CommandLine.Option;

/**
 * Which library a command runs calls on, and whether as a production engine does: {@code --library DIR} and
 * {@code --production}, the same for {@code run} and {@code console}.
 */
final class LibraryOptions {
    @Option(names = "--production",
            description = "Run as a production engine does: only protocols approved for their current content (triage "
                    + "approve; the library's approvals.yaml) are run, and any other, the general assessment included, is "
                    + "refused when a call starts (or resumes), saying why. The bundled protocols are drafts: use it with "
                    + "--library.")
    boolean production;

    @Option(names = "--library", paramLabel = "DIR",
            description = "Run calls on the library in this directory (with its approvals.yaml) instead of the bundled one.")
    Path libraryDir;

    /** Whether either option was given. */
    boolean given() {
        return production || libraryDir != null;
    }

    /** {@return the library: the bundled one, or the one in DIR} */
    ProtocolLibrary library() {
        return libraryDir == null ? Engines.library() : Engines.directory(libraryDir);
    }

    /** {@return the library in words, for messages} */
    String where() {
        return libraryDir == null ? "bundled library" : "library in " + libraryDir;
    }

    /** {@return approved-only with --production, else any status} */
    ProtocolLibrary.Resolution resolution() {
        return production ? ProtocolLibrary.Resolution.APPROVED_ONLY : ProtocolLibrary.Resolution.ANY_STATUS;
    }
}

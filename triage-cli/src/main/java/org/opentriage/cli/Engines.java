package org.opentriage.cli;

import java.util.stream.Collectors;

import org.opentriage.protocol.LoadReport;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.ProtocolLoader;
import org.opentriage.triage.TriageEngine;

/**
 * The bundled library and the triage engine of this process. Building the engine compiles every protocol's
 * rules (seconds), so it is built on first use and shared by every command the process runs (a test run
 * runs many); each call takes it with its own audit sink and HMAC key, which costs nothing.
 *
 * <p>Thread-safe.
 */
final class Engines {
    private static volatile ProtocolLibrary library;
    private static volatile TriageEngine engine;

    private Engines() {
    }

    /** The bundled library; fails with {@link ExitCode#LOAD_FAILED} listing every problem. */
    static ProtocolLibrary library() {
        ProtocolLibrary loaded = library;
        if (loaded == null) {
            synchronized (Engines.class) {
                if (library == null) {
                    LoadReport report = ProtocolLoader.checkBundled();
                    library = report.library().orElseThrow(() -> new CommandFailure(ExitCode.LOAD_FAILED,
                            "the bundled protocols could not be loaded:" + System.lineSeparator()
                                    + report.errors().stream().map(Problem::format)
                                    .collect(Collectors.joining(System.lineSeparator()))));
                }
                loaded = library;
            }
        }
        return loaded;
    }

    /**
     * A protocol of the bundled library, any status (the bundled protocols are drafts); a usage error naming
     * the protocols there are when there is none by that reference.
     */
    static Protocol protocol(String reference) {
        return library().resolve(reference, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow(() -> new CommandFailure(
                ExitCode.USAGE, "no protocol '" + reference + "' in the bundled library; it has "
                        + String.join(", ", library().ids())));
    }

    /** The engine over the bundled library, built on first use (the bundled protocols are drafts: any status). */
    static TriageEngine engine() {
        TriageEngine built = engine;
        if (built == null) {
            synchronized (Engines.class) {
                if (engine == null) {
                    engine = TriageEngine.builder(library()).resolution(ProtocolLibrary.Resolution.ANY_STATUS).build();
                }
                built = engine;
            }
        }
        return built;
    }
}

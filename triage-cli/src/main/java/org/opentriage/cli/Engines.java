package org.opentriage.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.opentriage.protocol.Approvals;
import org.opentriage.protocol.LoadReport;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.ProtocolLoader;
import org.opentriage.protocol.ProtocolRef;
import org.opentriage.triage.TriageEngine;

/**
 * The bundled library and the triage engine of this process, loaded on first use and shared by every
 * command the process runs (a test run runs many; the engine builds each protocol's rules once); each
 * call takes the engine with its own audit sink and HMAC key, which costs nothing.
 *
 * <p>Thread-safe.
 */
final class Engines {
    private static final String BUNDLED = "bundled library";
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
                    library = loaded(ProtocolLoader.checkBundled());
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
        return protocol(library(), reference);
    }

    private static Protocol protocol(ProtocolLibrary library, String reference) {
        return protocol(library, reference, BUNDLED);
    }

    private static Protocol protocol(ProtocolLibrary library, String reference, String where) {
        return library.resolve(reference, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow(() -> new CommandFailure(
                ExitCode.USAGE, "no protocol '" + reference + "' in the " + where + "; it has "
                        + String.join(", ", library.ids())));
    }

    /** An engine for one call and the call's protocols. */
    record ForCall(TriageEngine engine, List<Protocol> protocols) {
    }

    /**
     * The engine for a call on these protocols ({@code id} or {@code id@version}): the whole library's
     * when this process has loaded it; otherwise an engine over just these protocols, so a single call
     * does not wait for the rest of the library to be read (the build checks the whole library).
     */
    static ForCall forCall(List<String> references) {
        ProtocolLibrary loaded = library;
        if (loaded == null) {
            Set<String> ids = references.stream().map(r -> ProtocolRef.parse(r).map(ProtocolRef::id).orElse(r))
                    .collect(Collectors.toSet());
            loaded = loaded(ProtocolLoader.checkBundled(ids));
            List<Protocol> protocols = resolveAll(loaded, references);
            return new ForCall(TriageEngine.builder(loaded).resolution(ProtocolLibrary.Resolution.ANY_STATUS).build(), protocols);
        }
        return new ForCall(engine(), resolveAll(loaded, references));
    }

    /**
     * Calls on a library other than the bundled one (one read from a directory): its engine is built once, here,
     * and each call resolves its protocols in that library.
     *
     * @param where how a refusal names the library ("library in DIR")
     */
    static Function<List<String>, ForCall> on(ProtocolLibrary library, String where) {
        return on(library, TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS).build(), where);
    }

    /** Calls on a library other than the bundled one, with an engine built over it already. */
    static Function<List<String>, ForCall> on(ProtocolLibrary library, TriageEngine engine, String where) {
        return references -> new ForCall(engine, references.stream().map(r -> protocol(library, r, where)).toList());
    }

    /**
     * The library in a directory, with its review and approval records; fails with {@link ExitCode#LOAD_FAILED}
     * listing every problem.
     */
    static ProtocolLibrary directory(Path root) {
        return directory(root, ProtocolLoader.checkDirectory(root));
    }

    /**
     * The library in a directory with only the protocols of these ids and those they suggest (the whole library when
     * one is not found by its file's name), as {@link #directory(Path)} reads it.
     */
    static ProtocolLibrary directory(Path root, Set<String> protocolIds) {
        return directory(root, ProtocolLoader.checkDirectory(root, protocolIds));
    }

    private static ProtocolLibrary directory(Path root, LoadReport report) {
        ProtocolLibrary library = report.library().orElseThrow(() -> new CommandFailure(ExitCode.LOAD_FAILED,
                "the protocols in " + root + " could not be loaded:" + System.lineSeparator()
                        + report.errors().stream().map(Problem::format).collect(Collectors.joining(System.lineSeparator()))));
        try {
            return library.withApprovals(Approvals.read(root.resolve(Approvals.FILE)));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.LOAD_FAILED, e.getMessage());
        }
    }

    /**
     * Calls as a production engine makes them ({@link ProtocolLibrary.Resolution#APPROVED_ONLY}): only protocols
     * approved for their current content; any other is refused when the call starts, saying why.
     */
    static Function<List<String>, ForCall> production(ProtocolLibrary library, String where) {
        TriageEngine engine = TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.APPROVED_ONLY).build();
        return references -> new ForCall(engine, references.stream().map(r -> protocol(library, r, where)).toList());
    }

    private static List<Protocol> resolveAll(ProtocolLibrary library, List<String> references) {
        return references.stream().map(r -> protocol(library, r)).toList();
    }

    private static ProtocolLibrary loaded(LoadReport report) {
        return report.library().orElseThrow(() -> new CommandFailure(ExitCode.LOAD_FAILED,
                "the bundled protocols could not be loaded:" + System.lineSeparator()
                        + report.errors().stream().map(Problem::format).collect(Collectors.joining(System.lineSeparator()))));
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

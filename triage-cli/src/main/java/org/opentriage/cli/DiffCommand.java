package org.opentriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.opentriage.protocol.LoadReport;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.ProtocolLoader;
import org.opentriage.protocol.Source;
import org.opentriage.verify.ProtocolDiff;
import org.opentriage.verify.ProtocolVerifier;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code triage diff OLD NEW}: the clinical change between two versions of a protocol, or of a library. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {
                "Prints the clinical change between two versions: first what changed in the text (questions added, "
                        + "removed, reworded, moved between acuity groups; conditions and thresholds; red flags; what "
                        + "\"don't know\" means; answer options; advice and call-back lines), then what changed in "
                        + "behaviour: the answer paths whose disposition falls or rises, one example path for each change "
                        + "of level, falls first.",
                "OLD and NEW are two protocol files (read against the library the new file is in), two id@version "
                        + "of one library (--library, default the bundled one), or two library directories (every "
                        + "protocol in both, by id; those added or removed are listed).",
                "Exit 0; with --check, 6 when any disposition falls."})
final class DiffCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The old version: a file, an id@version or a library directory.")
    String oldArg;

    @Parameters(index = "1", paramLabel = "NEW", description = "The new version, of the same kind.")
    String newArg;

    @Option(names = "--library", paramLabel = "DIR", description = "The library of two id@version (default: the bundled one).")
    Path libraryDir;

    @Option(names = "--grid", paramLabel = "default|full", defaultValue = "default",
            description = "The patients each version is walked for, as for verify (default: ${DEFAULT-VALUE}).")
    String grid;

    @Option(names = "--check", description = "Exit 6 (NOT_AS_EXPECTED) when any disposition falls.")
    boolean check;

    @Override
    public Integer call() {
        ProtocolVerifier.Grid g = switch (grid) {
            case "default" -> ProtocolVerifier.Grid.DEFAULT;
            case "full" -> ProtocolVerifier.Grid.FULL;
            default -> throw new CommandFailure(ExitCode.USAGE, "--grid is default or full, not '" + grid + "'");
        };
        PrintWriter out = spec.commandLine().getOut();
        Path oldPath = Path.of(oldArg);
        Path newPath = Path.of(newArg);
        List<ProtocolDiff.Report> reports = new ArrayList<>();
        if (Files.isDirectory(oldPath) && Files.isDirectory(newPath)) {
            ProtocolLibrary a = Engines.directory(oldPath);
            ProtocolLibrary b = Engines.directory(newPath);
            TreeSet<String> added = new TreeSet<>(b.ids());
            added.removeAll(a.ids());
            TreeSet<String> removed = new TreeSet<>(a.ids());
            removed.removeAll(b.ids());
            added.forEach(id -> out.println("protocol added: " + latest(b, id).ref()));
            removed.forEach(id -> out.println("protocol removed: " + latest(a, id).ref()));
            for (String id : new TreeSet<>(b.ids())) {
                if (a.ids().contains(id)) {
                    Protocol x = latest(a, id);
                    Protocol y = latest(b, id);
                    if (!x.contentHash().equals(y.contentHash())) {
                        reports.add(ProtocolDiff.compare(a, x, b, y, g));
                    }
                }
            }
            if (reports.isEmpty()) {
                out.println("no protocol in both changed");
            }
        } else if (Files.isRegularFile(oldPath) && Files.isRegularFile(newPath)) {
            ProtocolLibrary context = libraryOf(newPath);
            ProtocolLibrary a = loose(context, oldPath);
            ProtocolLibrary b = loose(context, newPath);
            reports.add(ProtocolDiff.compare(a, only(a, oldPath), b, only(b, newPath), g));
        } else if (oldArg.contains("@") && newArg.contains("@") && !Files.exists(oldPath) && !Files.exists(newPath)) {
            ProtocolLibrary library = libraryDir == null ? Engines.library() : Engines.directory(libraryDir);
            reports.add(ProtocolDiff.compare(library, find(library, oldArg), library, find(library, newArg), g));
        } else {
            throw new CommandFailure(ExitCode.USAGE, "OLD and NEW must be two protocol files, two id@version or two "
                    + "library directories");
        }
        reports.forEach(r -> print(out, r));
        boolean falls = reports.stream().anyMatch(r -> !r.falls().isEmpty());
        return check && falls ? ExitCode.NOT_AS_EXPECTED : ExitCode.OK;
    }

    private static Protocol latest(ProtocolLibrary library, String id) {
        return library.resolve(id, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
    }

    private static Protocol find(ProtocolLibrary library, String reference) {
        return library.resolve(reference, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow(() -> new CommandFailure(
                ExitCode.USAGE, "no protocol '" + reference + "' in the library"));
    }

    /** The library a file belongs to: the nearest directory above it with a scale, or the bundled one. */
    private static ProtocolLibrary libraryOf(Path file) {
        for (Path dir = file.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(ProtocolLoader.SCALE_FILE))) {
                return Engines.directory(dir);
            }
        }
        return Engines.library();
    }

    /** One protocol file read on its own against a library (its scale, shared questions and protocol ids). */
    private static ProtocolLibrary loose(ProtocolLibrary context, Path file) {
        Source source;
        try {
            source = Source.read(file);
        } catch (IOException e) {
            throw CommandFailure.cannotRead(file, "protocol file", e);
        }
        LoadReport report = ProtocolLoader.check(context, List.of(source));
        return report.library().orElseThrow(() -> new CommandFailure(ExitCode.LOAD_FAILED, file + " could not be loaded:"
                + System.lineSeparator() + report.errors().stream().map(Problem::format)
                .collect(Collectors.joining(System.lineSeparator()))));
    }

    private static Protocol only(ProtocolLibrary library, Path file) {
        List<Protocol> protocols = library.protocols();
        if (protocols.size() != 1) {
            throw new CommandFailure(ExitCode.BAD_INPUT, file + ": expected one protocol, found " + protocols.size());
        }
        return protocols.get(0);
    }

    private static void print(PrintWriter out, ProtocolDiff.Report r) {
        out.println();
        out.println(r.oldVersion().ref() + " → " + r.newVersion().ref() + "  (" + abbreviate(r.oldVersion().contentHash())
                + " → " + abbreviate(r.newVersion().contentHash()) + ")");
        out.println("Clinical changes (" + r.changes().size() + "):");
        if (r.changes().isEmpty()) {
            out.println("  none in the text");
        }
        int width = r.changes().stream().mapToInt(c -> c.kind().word().length()).max().orElse(0);
        for (ProtocolDiff.Change c : r.changes()) {
            out.println("  " + String.format(java.util.Locale.ROOT, "%-" + width + "s", c.kind().word()) + "  " + c.where()
                    + ": " + Visible.text(c.detail()));
        }
        out.println("Behaviour: " + r.compared() + " answer paths compared on both versions"
                + (r.incomparable() == 0 ? "" : ", " + r.incomparable() + " not comparable (a question one version asks "
                + "and the other does not, or an answer it refuses)"));
        shifts(out, "FALLS", r.falls());
        shifts(out, "RISES", r.rises());
        if (r.shifts().isEmpty()) {
            out.println("  no disposition changes on the paths compared");
        }
    }

    private static void shifts(PrintWriter out, String title, List<ProtocolDiff.Shift> shifts) {
        if (shifts.isEmpty()) {
            return;
        }
        long paths = shifts.stream().mapToLong(ProtocolDiff.Shift::count).sum();
        out.println("  " + title + " (" + shifts.size() + " kinds, " + paths + " paths):");
        for (ProtocolDiff.Shift s : shifts) {
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < s.questions().size(); i++) {
                path.append(i == 0 ? "" : ", ").append(s.questions().get(i)).append('=').append(s.answers().get(i).text());
            }
            out.println("    " + s.from() + " → " + s.to() + " (" + s.count() + " paths), e.g. " + patient(s) + ": "
                    + Visible.text(path.toString()));
        }
    }

    private static String patient(ProtocolDiff.Shift s) {
        return s.patient().age() + s.patient().sex().map(x -> " " + x.word()).orElse("")
                + s.patient().isPregnant().filter(p -> p).map(p -> " pregnant").orElse("");
    }

    private static String abbreviate(String hash) {
        return hash.length() > 19 ? hash.substring(0, 19) + "…" : hash;
    }
}

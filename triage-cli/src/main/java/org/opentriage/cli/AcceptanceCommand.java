package org.opentriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.opentriage.cli.AcceptanceFigures.Row;
import org.opentriage.cli.AcceptanceFigures.Share;
import org.opentriage.cli.AcceptanceSuite.Result;
import org.opentriage.cli.AcceptanceSuite.StoryResult;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProtocolLibrary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code triage acceptance [DIR] [--details] [--json] [--check | --update-ratchet [--force]]}: replays the blind
 * acceptance suite's calls on the bundled library (or {@code --library DIR}) and compares each call's category with its story's gold.
 */
@Command(name = "acceptance", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Replays the blind acceptance suite: each story's call script (calls/ID.call.yaml) runs as 'triage run "
                        + "--answers' runs it, without audit trail, and the category of its final disposition (emergent, "
                        + "clinician, self-care) is compared with the story's gold (stories/ID.story.yaml).",
                "Prints the figures: appropriate, under- and over-triage by gold, emergent stories that came out "
                        + "non-emergent, self-care stories sent to a clinician, stories with no protocol, not yet played "
                        + "and not replayable, questions asked. Exit 0; 4 when a file of the suite is malformed (each "
                        + "problem printed as FILE:LINE:COLUMN: CODE error: message); with --check, 6 when a figure is past "
                        + "the suite's ratchet.yaml."})
final class AcceptanceCommand implements Callable<Integer> {
    /** The suite's directory at the root of the repository. */
    static final String DIRECTORY = "acceptance";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..1",
            description = "The suite's directory, holding stories/, calls/ and ratchet.yaml (default: acceptance/ of the "
                    + "repository this command line was built in).")
    Path directory;

    @Option(names = "--library", paramLabel = "LIBRARY", description = "Replay on the protocol library in this directory "
            + "instead of the bundled one (a library being edited).")
    Path library;

    @Option(names = "--details", description = "Also list every story: id, gold, final level, category, result, trigger, "
            + "protocols.")
    boolean details;

    @Option(names = "--json", description = "Print the figures as JSON, for machines.")
    boolean json;

    @Option(names = "--check", description = "Compare the figures with DIR/ratchet.yaml; exit 6 naming each figure past it.")
    boolean check;

    @Option(names = "--update-ratchet", description = "Rewrite DIR/ratchet.yaml from the current figures, only ever "
            + "tightening it; exit 6 naming each figure still past it.")
    boolean updateRatchet;

    @Option(names = "--force", description = "With --update-ratchet: also loosen the figures that fell (say why in the commit).")
    boolean force;

    @Override
    public Integer call() {
        if (check && updateRatchet) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --check or --update-ratchet, not both");
        }
        if (force && !updateRatchet) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--force only loosens the ratchet with --update-ratchet");
        }
        Path dir = Optional.ofNullable(directory).orElseGet(AcceptanceCommand::defaultDirectory);
        if (!Files.isDirectory(dir)) {
            throw new CommandFailure(ExitCode.BAD_INPUT, dir + ": no such directory");
        }
        ProtocolLibrary protocols = library == null ? Engines.library() : Engines.directory(library);
        Function<List<String>, Engines.ForCall> engines = library == null ? Engines::forCall
                : Engines.on(protocols, "library in " + library);
        AcceptanceSuite.Contents contents = AcceptanceSuite.read(dir, protocols.scale());
        if (!contents.problems().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            contents.problems().stream().map(Problem::format).map(Visible::text).forEach(err::println);
            throw new CommandFailure(ExitCode.BAD_INPUT, contents.problems().size() + " problem(s) in the acceptance suite "
                    + dir + "; nothing was replayed");
        }
        Path ratchetFile = dir.resolve(Ratchet.FILE);
        Optional<Ratchet> before = check || updateRatchet ? ratchet(ratchetFile) : Optional.empty();
        List<StoryResult> results = AcceptanceSuite.replay(contents.stories(), engines);
        AcceptanceFigures figures = AcceptanceFigures.of(results);
        Optional<Held> held = updateRatchet ? Optional.of(new Held(ratchetFile, updated(ratchetFile, before, figures), true, before))
                : before.map(r -> new Held(ratchetFile, r, false, Optional.empty()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, dir, figures, details ? results : List.of(), held);
        } else {
            printText(out, dir, figures);
            if (details) {
                printDetails(out, results);
            }
            held.ifPresent(h -> printRatchet(out, figures, h));
        }
        List<Ratchet.Figure> regressions = held.map(h -> h.ratchet().regressions(figures)).orElse(List.of());
        if (regressions.isEmpty()) {
            return ExitCode.OK;
        }
        Ratchet ratchet = held.orElseThrow().ratchet();
        spec.commandLine().getErr().println("triage: the acceptance suite fell past " + ratchetFile + ": " + String.join("; ",
                regressions.stream().map(f -> f.label + " " + f.shown(figures) + (f.floor ? " is below " : " is above ")
                        + f.shown(ratchet.thresholds().get(f))).toList())
                + (updateRatchet ? " (--update-ratchet --force loosens the ratchet: say why in the commit)" : ""));
        return ExitCode.NOT_AS_EXPECTED;
    }

    /**
     * The ratchet the figures were held to.
     *
     * @param updated whether {@code --update-ratchet} wrote it
     * @param before  after an update, the ratchet before it (empty when there was none)
     */
    private record Held(Path file, Ratchet ratchet, boolean updated, Optional<Ratchet> before) {
    }

    /**
     * The suite of the repository this command line was built in: the first {@code acceptance/} with a
     * {@code stories/} directory above the command line's classes ({@code triage-cli/target/}), as the bundled
     * library is the one built into them, whatever the working directory.
     */
    static Path defaultDirectory() {
        Path classes;
        try {
            classes = Path.of(AcceptanceCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new CommandFailure(ExitCode.USAGE, "cannot tell where this command line was built (" + e.getMessage()
                    + "): give the suite's directory, DIR");
        }
        for (Path dir = classes.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path suite = dir.resolve(DIRECTORY);
            if (Files.isDirectory(suite.resolve(AcceptanceSuite.STORIES))) {
                return suite;
            }
        }
        throw new CommandFailure(ExitCode.USAGE, "no " + DIRECTORY + "/ directory with " + AcceptanceSuite.STORIES
                + "/ above " + classes + ": give the suite's directory, DIR");
    }

    /**
     * The ratchet tightened to the suite's figures (with --force, moved to them), written to its file when that
     * changes it; a suite without a ratchet yet gets one at its current figures.
     */
    private Ratchet updated(Path file, Optional<Ratchet> ratchet, AcceptanceFigures figures) {
        Ratchet updated = ratchet.map(r -> r.updated(figures, force)).orElseGet(() -> Ratchet.zero().updated(figures, true));
        if (!ratchet.equals(Optional.of(updated))) {
            updated.write(file);
        }
        return updated;
    }

    /** The suite's ratchet; empty when there is none yet, which only --update-ratchet accepts. */
    private Optional<Ratchet> ratchet(Path file) {
        if (!Files.exists(file)) {
            if (check) {
                throw new CommandFailure(ExitCode.BAD_INPUT, file + ": no such file: the ratchet holds the figures to check; "
                        + "write it with --update-ratchet");
            }
            return Optional.empty();
        }
        try {
            return Optional.of(Ratchet.read(file));
        } catch (LocatedYaml.Failure e) {
            throw e.toCommandFailure();
        }
    }

    private static final String ROW = "%-42s %s%n";

    /** Which protocols the calls were replayed on, as the figures name them. */
    private String protocolsReplayed() {
        return library == null ? "the bundled protocols" : "the protocols in " + library;
    }

    private void printText(PrintWriter out, Path dir, AcceptanceFigures f) {
        Row all = f.all();
        out.println("Acceptance suite " + dir + ": " + protocolsReplayed() + " (drafts, NOT clinically validated)");
        out.println();
        out.printf(Locale.ROOT, ROW, "stories", f.stories());
        out.printf(Locale.ROOT, ROW, "not yet played (left out below)", f.notPlayed().size());
        out.printf(Locale.ROOT, ROW, "played", all.played());
        out.printf(Locale.ROOT, ROW, "calls replayed", all.replayed());
        out.printf(Locale.ROOT, ROW, "appropriate (category equals gold)", share(f.appropriate()));
        out.printf(Locale.ROOT, ROW, "under-triage (less urgent than gold)", all.under());
        out.printf(Locale.ROOT, ROW, "over-triage (more urgent than gold)", all.over());
        out.printf(Locale.ROOT, ROW, "no protocol (protocol: none)", f.noProtocol().size());
        out.printf(Locale.ROOT, ROW, "not replayable", f.notReplayable().size());
        out.printf(Locale.ROOT, ROW, "mean questions asked per call", f.meanQuestions().map(BigDecimal::toPlainString).orElse("-"));
        out.println();
        String format = "%-10s %6s %17s %6s %6s %12s %15s%n";
        out.printf(Locale.ROOT, format, "gold", "played", "appropriate", "under", "over", "no protocol", "not replayable");
        f.byGold().forEach((gold, row) -> out.printf(Locale.ROOT, format, gold.word(), row.played(),
                share(new Share(row.appropriate(), row.played())), row.under(), row.over(), row.noProtocol(), row.notReplayable()));
        out.println();
        out.println("Emergent stories that came out non-emergent (dangerous misses): " + f.dangerousMisses().size());
        f.dangerousMisses().forEach((id, level) -> out.println("  " + id + ": " + level));
        out.println("Self-care stories sent to a clinician or further: " + share(f.selfCareToClinician()));
        f.selfCareSentOn().forEach((id, level) -> out.println("  " + id + ": " + level));
        if (!f.noProtocol().isEmpty()) {
            out.println("No protocol (protocol: none): " + String.join(", ", f.noProtocol()));
        }
        if (!f.notReplayable().isEmpty()) {
            out.println("NOT REPLAYABLE: " + f.notReplayable().size() + " (the call no longer fits the library, a protocol may "
                    + "have changed: an RN player who did not write the story plays it again)");
            f.notReplayable().forEach((id, reason) -> out.println(Visible.text("  " + id + ": " + reason)));
        }
        if (!f.notPlayed().isEmpty()) {
            out.println("Not yet played (no " + AcceptanceSuite.CALLS + "/ID" + AcceptanceSuite.CALL_SUFFIX + "): "
                    + String.join(", ", f.notPlayed()));
        }
    }

    /** Every story: id, gold, result, final level and its category, trigger, protocols. */
    private static void printDetails(PrintWriter out, List<StoryResult> results) {
        int width = Math.max(2, results.stream().mapToInt(r -> r.story().id().length()).max().orElse(0));
        String format = "%-" + width + "s  %-9s  %-14s  %-19s  %-9s  %-45s  %s%n";
        out.println();
        out.printf(Locale.ROOT, format, "id", "gold", "result", "level", "category", "trigger", "protocols");
        for (StoryResult r : results) {
            Optional<Result.Replayed> replayed = r.result() instanceof Result.Replayed p ? Optional.of(p) : Optional.empty();
            out.printf(Locale.ROOT, format, r.story().id(), r.story().gold().word(), r.verdict().word,
                    replayed.map(p -> p.level().id()).orElse("-"), replayed.map(p -> p.category().word()).orElse("-"),
                    replayed.map(Result.Replayed::trigger).orElse("-"),
                    replayed.map(p -> String.join(", ", p.protocols())).orElse("-"));
        }
    }

    /** Each figure the ratchet holds: its value, its threshold (and the threshold before an update), held or not. */
    private static void printRatchet(PrintWriter out, AcceptanceFigures figures, Held held) {
        out.println();
        boolean rewritten = held.updated() && !held.before().equals(Optional.of(held.ratchet()));
        out.println("Ratchet " + held.file() + (rewritten ? " (rewritten)" : "") + ":");
        String format = "  %-50s %-22s %-28s %s%n";
        held.ratchet().thresholds().forEach((figure, threshold) -> {
            Optional<BigDecimal> was = held.before().map(b -> b.thresholds().get(figure)).filter(w -> w.compareTo(threshold) != 0);
            out.printf(Locale.ROOT, format, figure.label, figure.shown(figures), (figure.floor ? "at least " : "at most ")
                    + figure.shown(threshold) + was.map(w -> " (was " + figure.shown(w) + ")").orElse(""),
                    figure.holds(figures, threshold) ? "held" : "FELL PAST");
        });
    }

    /** The figures as JSON; after an update of the ratchet, each threshold also says what it was. */
    private void printJson(PrintWriter out, Path dir, AcceptanceFigures f, List<StoryResult> details, Optional<Held> held) {
        try (JsonGenerator json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            Row all = f.all();
            json.writeStartObject();
            json.writeStringField("suite", dir.toString());
            json.writeStringField("library", library == null ? "bundled" : library.toString());
            json.writeNumberField("stories", f.stories());
            json.writeNumberField("played", all.played());
            json.writeNumberField("replayed", all.replayed());
            share(json, "appropriate", f.appropriate());
            json.writeNumberField("underTriage", all.under());
            json.writeNumberField("overTriage", all.over());
            json.writeObjectFieldStart("byGold");
            for (Map.Entry<CareCategory, Row> gold : f.byGold().entrySet()) {
                Row row = gold.getValue();
                json.writeObjectFieldStart(gold.getKey().word());
                json.writeNumberField("played", row.played());
                share(json, "appropriate", new Share(row.appropriate(), row.played()));
                json.writeNumberField("underTriage", row.under());
                json.writeNumberField("overTriage", row.over());
                json.writeNumberField("noProtocol", row.noProtocol());
                json.writeNumberField("notReplayable", row.notReplayable());
                json.writeEndObject();
            }
            json.writeEndObject();
            levels(json, "dangerousMisses", f.dangerousMisses());
            share(json, "selfCareToClinician", f.selfCareToClinician());
            levels(json, "selfCareSentToClinician", f.selfCareSentOn());
            strings(json, "noProtocol", f.noProtocol());
            strings(json, "notPlayed", f.notPlayed());
            json.writeArrayFieldStart("notReplayable");
            for (Map.Entry<String, String> not : f.notReplayable().entrySet()) {
                json.writeStartObject();
                json.writeStringField("id", not.getKey());
                json.writeStringField("reason", not.getValue());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName("meanQuestions");
            number(json, f.meanQuestions());
            if (held.isPresent()) {
                json.writeObjectFieldStart("ratchet");
                json.writeStringField("file", held.get().file().toString());
                json.writeBooleanField("updated", held.get().updated());
                for (Map.Entry<Ratchet.Figure, BigDecimal> t : held.get().ratchet().thresholds().entrySet()) {
                    Ratchet.Figure figure = t.getKey();
                    json.writeObjectFieldStart(figure.key);
                    json.writeNumberField("threshold", t.getValue());
                    if (held.get().updated()) {
                        json.writeFieldName("was");
                        number(json, held.get().before().map(b -> b.thresholds().get(figure)));
                    }
                    json.writeBooleanField("held", figure.holds(f, t.getValue()));
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            if (!details.isEmpty()) {
                json.writeArrayFieldStart("details");
                for (StoryResult r : details) {
                    json.writeStartObject();
                    json.writeStringField("id", r.story().id());
                    json.writeStringField("gold", r.story().gold().word());
                    json.writeStringField("goldLevel", r.story().goldLevel().id());
                    json.writeStringField("result", r.verdict().word);
                    if (r.result() instanceof Result.Replayed replayed) {
                        json.writeStringField("level", replayed.level().id());
                        json.writeStringField("category", replayed.category().word());
                        json.writeStringField("trigger", replayed.trigger());
                        strings(json, "protocols", replayed.protocols());
                        json.writeNumberField("questions", replayed.questions());
                    }
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
    }

    /** {@code "name": {"count": 3, "of": 7, "percent": 42.9}}, the percent null when there are no stories to count. */
    private static void share(JsonGenerator json, String name, Share share) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeNumberField("count", share.count());
        json.writeNumberField("of", share.of());
        json.writeFieldName("percent");
        number(json, share.percent());
        json.writeEndObject();
    }

    private static void number(JsonGenerator json, Optional<BigDecimal> number) throws IOException {
        if (number.isPresent()) {
            json.writeNumber(number.get());
        } else {
            json.writeNull();
        }
    }

    private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /** {@code "name": [{"id": …, "level": …}]}. */
    private static void levels(JsonGenerator json, String name, Map<String, String> levels) throws IOException {
        json.writeArrayFieldStart(name);
        for (Map.Entry<String, String> level : levels.entrySet()) {
            json.writeStartObject();
            json.writeStringField("id", level.getKey());
            json.writeStringField("level", level.getValue());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** {@code 3 of 7, 42.9 %}. */
    private static String share(Share share) {
        return share.count() + " of " + share.of() + share.percent().map(p -> ", " + p.toPlainString() + " %").orElse("");
    }
}

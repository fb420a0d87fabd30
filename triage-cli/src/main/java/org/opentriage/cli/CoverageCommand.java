package org.opentriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.opentriage.cli.Coverage.Item;
import org.opentriage.cli.Coverage.Kind;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.ProtocolRef;
import org.opentriage.triage.AuditEvent;
import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.AuditSink;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.TriageEngine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code triage coverage [PATH...] [--cases-only] [--suite DIR] [--json]}: what the protocols' case files and the
 * acceptance suite's calls exercise of each protocol, through the engine; what they never exercise listed, red
 * flags never decided first.
 */
@Command(name = "coverage", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs each protocol's case files (*.cases.yaml, as 'triage test' does) and replays the acceptance suite's "
                        + "calls (as 'triage acceptance' does) through the engine, and counts, protocol by protocol, what "
                        + "they exercised: red flags decided (a red-flag question answered yes, or the item of a red-flag "
                        + "checklist, or an item calling for more than its group, chosen, as the call's trigger), questions "
                        + "asked, checklist items chosen, care-advice and call-back lines read, acuity groups (and the "
                        + "default) that decided a call, and triage questions found positive. Without PATH, the bundled "
                        + "library. Only calls that reached their outcome count.",
                "Prints each protocol's counts, covered/total, then what was never exercised: red flags never decided "
                        + "first, then questions never asked, checklist items never chosen, advice never reached and "
                        + "conditional advice and call-back lines never read, groups never deciding, triage questions "
                        + "never positive; the last line sums the library, with percentages. It is a report: exit 0 "
                        + "whatever it finds (4 for a malformed case file or acceptance suite)."})
final class CoverageCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Protocol files or directories holding them, each in its library (the nearest directory above "
                    + "it holding dispositions.yaml); their case files are those next to them (ID.cases.yaml).")
    List<Path> paths = List.of();

    @Option(names = "--cases-only", description = "Count the case files only, without the acceptance suite's calls.")
    boolean casesOnly;

    @Option(names = "--suite", paramLabel = "DIR",
            description = "The acceptance suite whose calls are replayed (default: acceptance/ of the repository this "
                    + "command line was built in).")
    Path suite;

    @Option(names = "--json", description = "Print the report as JSON, for tools.")
    boolean json;

    /**
     * One library's protocols to cover: the bundled library ({@code root} null) or the one in a directory.
     *
     * @param engine    the engine for the suite's calls (with the general assessment); cases run without it
     * @param coverages by protocol id
     * @param caseFiles the case files of its protocols
     */
    private record Scope(Path root, ProtocolLibrary library, TriageEngine engine, Function<List<String>, Engines.ForCall> calls,
                         Map<String, Coverage> coverages, List<Path> caseFiles) {
        boolean takesEveryCall() {
            return coverages.values().stream().anyMatch(c -> c.protocol().general());
        }
    }

    /** How many cases and calls there were and what became of them. */
    private static final class Tally {
        int cases;
        int casesRun;
        int casesFailing;
        int calls;
        int callsReplayed;
        int callsNoProtocol;
        int callsNotReplayable;
        int callsNotTouching;
    }

    /** Keeps a call's audit events, in order. */
    private static final class Events implements AuditSink {
        final List<AuditEvent> events = new ArrayList<>();

        @Override
        public void append(AuditRecord record) {
            events.addAll(record.events());
        }
    }

    @Override
    public Integer call() {
        if (casesOnly && suite != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --suite or --cases-only, not both");
        }
        Path suiteDir = casesOnly ? null : Optional.ofNullable(suite).orElseGet(CoverageCommand::defaultSuite);
        if (suiteDir != null && !Files.isDirectory(suiteDir)) {
            throw new CommandFailure(ExitCode.BAD_INPUT, suiteDir + ": no such directory");
        }
        List<Scope> scopes = scopes();
        Tally tally = new Tally();
        for (Scope scope : scopes) {
            runCases(scope, tally);
            if (suiteDir != null) {
                replayCalls(scope, suiteDir, tally);
            }
        }
        List<Coverage> coverages = scopes.stream().flatMap(s -> s.coverages().values().stream()).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, scopes, coverages, tally, suiteDir);
        } else {
            printText(out, scopes, coverages, tally, suiteDir);
        }
        return ExitCode.OK;
    }

    /** This repository's acceptance suite; without one, a usage error saying what to give instead. */
    private static Path defaultSuite() {
        try {
            return AcceptanceCommand.defaultDirectory();
        } catch (CommandFailure e) {
            throw new CommandFailure(e.exitCode(), e.getMessage().replace(": give the suite's directory, DIR",
                    ": give the suite's directory with --suite DIR, or --cases-only"));
        }
    }

    /** The libraries and protocols to cover: every protocol of the bundled library, or those of the files under PATH. */
    private List<Scope> scopes() {
        if (paths.isEmpty()) {
            ProtocolLibrary library = Engines.library();
            Map<String, Coverage> coverages = coverages(library.latest(Optional.empty(), ProtocolLibrary.Resolution.ANY_STATUS));
            return List.of(new Scope(null, library, Engines.engine(), Engines::forCall, coverages,
                    CaseFiles.bundled().getOrDefault(null, List.of())));
        }
        List<Scope> scopes = new ArrayList<>();
        VerifyCommand.protocolFilesByLibrary(paths).forEach((root, files) -> {
            ProtocolLibrary library = Engines.directory(root);
            TriageEngine engine = TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS).build();
            List<Protocol> protocols = files.keySet().stream().map(id -> VerifyCommand.resolve(library, root, id)).toList();
            List<Path> caseFiles = files.entrySet().stream()
                    .map(f -> f.getValue().resolveSibling(f.getKey() + CaseFiles.CASES_SUFFIX))
                    .filter(Files::isRegularFile).toList();
            scopes.add(new Scope(root, library, engine, Engines.on(library, engine, "library in " + root), coverages(protocols),
                    caseFiles));
        });
        return scopes;
    }

    private static Map<String, Coverage> coverages(List<Protocol> protocols) {
        Map<String, Coverage> coverages = new LinkedHashMap<>();
        protocols.forEach(p -> coverages.put(p.id(), new Coverage(p)));
        return coverages;
    }

    /**
     * What one protocol's case file exercises of it, its cases run as 'triage test' runs them (each alone on its
     * protocol); for the review page.
     *
     * @return the coverage; empty when no case ran to an outcome
     */
    static Optional<Coverage> ofCases(ProtocolLibrary library, Protocol protocol, Path caseFile) {
        TriageEngine engine = TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS).build()
                .withoutGeneralAssessment();
        Coverage coverage = new Coverage(protocol);
        boolean ran = false;
        for (CallScript.Case c : CallScript.readCases(caseFile)) {
            Events events = new Events();
            CaseFiles.Ran result = CaseFiles.run(engine.withAuditSink(events), library, c);
            if (result.outcome().isPresent() && result.outcome().get().error().isEmpty()) {
                coverage.add(Coverage.Source.CASE, result.outcome().get(), events.events);
                ran = true;
            }
        }
        return ran ? Optional.of(coverage) : Optional.empty();
    }

    /** Runs the scope's cases, each alone on its protocol, as 'triage test' does. */
    private static void runCases(Scope scope, Tally tally) {
        TriageEngine engine = scope.engine().withoutGeneralAssessment();
        for (Path file : scope.caseFiles()) {
            for (CallScript.Case c : CallScript.readCases(file)) {
                tally.cases++;
                Events events = new Events();
                CaseFiles.Ran ran = CaseFiles.run(engine.withAuditSink(events), scope.library(), c);
                if (ran.outcome().isEmpty() || ran.outcome().get().error().isPresent()) {
                    continue;
                }
                tally.casesRun++;
                if (ran.failure().isPresent()) {
                    tally.casesFailing++;
                }
                count(scope, Coverage.Source.CASE, ran.outcome().get(), events.events);
            }
        }
    }

    /** The exit codes with which a call of the suite cannot be replayed (as 'triage acceptance' counts them). */
    private static final Set<Integer> NOT_REPLAYABLE = Set.of(ExitCode.USAGE, ExitCode.BAD_INPUT);

    /** Replays the suite's calls that take up a protocol of the scope, as 'triage acceptance' does. */
    private void replayCalls(Scope scope, Path dir, Tally tally) {
        AcceptanceSuite.Contents contents = AcceptanceSuite.read(dir, scope.library().scale());
        if (!contents.problems().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            contents.problems().stream().map(Problem::format).map(Visible::text).forEach(err::println);
            throw new CommandFailure(ExitCode.BAD_INPUT, contents.problems().size() + " problem(s) in the acceptance suite "
                    + dir + "; give --cases-only to count the case files alone");
        }
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        for (AcceptanceSuite.Played played : contents.stories()) {
            if (played.call().isEmpty()) {
                continue;
            }
            CallScript call = played.call().get();
            tally.calls++;
            if (call.noProtocolFits()) {
                tally.callsNoProtocol++;
                continue;
            }
            if (!scope.takesEveryCall() && Stream.concat(call.protocols().stream(), call.suggestions().entrySet().stream()
                            .filter(Map.Entry::getValue).map(Map.Entry::getKey))
                    .map(r -> ProtocolRef.parse(r).map(ProtocolRef::id).orElse(r)).noneMatch(scope.coverages()::containsKey)) {
                tally.callsNotTouching++;
                continue;
            }
            Events events = new Events();
            RunCommand.Replay replay;
            try {
                replay = RunCommand.replay(call, nowhere, scope.calls(), events);
            } catch (CommandFailure refused) {
                if (!NOT_REPLAYABLE.contains(refused.exitCode())) {
                    throw refused;
                }
                tally.callsNotReplayable++;
                continue;
            }
            if (!(replay.ending() instanceof RunCommand.Ending.Closed closed)) {
                tally.callsNotReplayable++;
                continue;
            }
            tally.callsReplayed++;
            count(scope, Coverage.Source.CALL, closed.outcome(), events.events);
        }
    }

    private static void count(Scope scope, Coverage.Source source, Outcome outcome, List<AuditEvent> events) {
        scope.coverages().values().forEach(c -> c.add(source, outcome, events));
    }

    /** What was covered, in words: the bundled protocols, or those in the libraries of PATH. */
    private static String what(List<Scope> scopes) {
        if (scopes.size() == 1 && scopes.get(0).root() == null) {
            return "the bundled protocols (drafts, NOT clinically validated)";
        }
        return "the protocols given, in " + scopes.stream().map(s -> s.root().toString()).collect(Collectors.joining(", "));
    }

    private static String calls(Tally tally, Path suiteDir) {
        if (suiteDir == null) {
            return "no acceptance calls (--cases-only)";
        }
        StringBuilder text = new StringBuilder(tally.calls + " acceptance calls in " + suiteDir + " (" + tally.callsReplayed
                + " replayed to an outcome");
        if (tally.callsNoProtocol > 0) {
            text.append(", ").append(tally.callsNoProtocol).append(" with no protocol");
        }
        if (tally.callsNotReplayable > 0) {
            text.append(", ").append(tally.callsNotReplayable).append(" not replayable");
        }
        if (tally.callsNotTouching > 0) {
            text.append(", ").append(tally.callsNotTouching).append(" on other protocols");
        }
        return text.append(')').toString();
    }

    private static String cases(Tally tally) {
        String text = tally.cases + " cases (" + tally.casesRun + " run to an outcome";
        if (tally.casesFailing > 0) {
            text += ", " + tally.casesFailing + " of them not as expected: see 'triage test'";
        }
        return text + ")";
    }

    private static String share(long covered, long total) {
        return covered + "/" + total;
    }

    private static String percent(long covered, long total) {
        return Coverage.percent(covered, total).map(p -> p.toPlainString() + " %").orElse("-");
    }

    private static final int TEXT_WIDTH = 100;

    private void printText(PrintWriter out, List<Scope> scopes, List<Coverage> coverages, Tally tally, Path suiteDir) {
        out.println("Coverage of " + what(scopes) + " by " + cases(tally) + " and " + calls(tally, suiteDir));
        for (Coverage c : coverages) {
            out.println();
            out.println(Visible.text(c.protocol().ref() + " (" + c.cases() + " cases, " + c.calls() + " calls): "
                    + Stream.of(Kind.values()).map(k -> k.label + " " + share(c.covered(k), c.total(k)))
                    .collect(Collectors.joining(", ")) + (c.complete() ? "; all covered" : "")));
            list(out, Kind.RED_FLAGS.never, c.uncovered(Kind.RED_FLAGS));
            list(out, Kind.QUESTIONS.never, c.uncovered(Kind.QUESTIONS));
            list(out, Kind.CHECKLIST_ITEMS.never, c.uncovered(Kind.CHECKLIST_ITEMS));
            List<String> neverReached = c.adviceNeverReached();
            if (!neverReached.isEmpty()) {
                out.println(Visible.text("  care advice never reached (" + neverReached.size() + "): " + neverReached.stream()
                        .map(d -> d + " (" + lines(c.protocol().careAdvice().stream().filter(a -> a.disposition().id().equals(d))
                                .mapToInt(a -> a.advice().size()).sum()) + ")").collect(Collectors.joining(", "))));
            }
            List<Item> lines = c.adviceLinesNeverRead();
            if (!lines.isEmpty()) {
                out.println("  advice and call-back lines never read (" + lines.size() + "):");
                for (Item line : lines) {
                    out.println(Visible.text("    " + line.disposition().orElse("call-back") + (line.conditional() ? ", conditional" : "")
                            + ": \"" + shortened(line.text(), TEXT_WIDTH) + "\""));
                }
            }
            list(out, Kind.GROUPS.never, c.uncovered(Kind.GROUPS));
            list(out, Kind.POSITIVE.never, c.uncovered(Kind.POSITIVE));
        }
        out.println();
        List<Coverage> undecided = Coverage.withRedFlagsUndecided(coverages);
        if (!undecided.isEmpty()) {
            out.println(Visible.text("Red flags never decided in " + undecided.size() + " protocol(s): " + undecided.stream()
                    .map(c -> c.protocol().id() + " (" + c.uncovered(Kind.RED_FLAGS).size() + ")").collect(Collectors.joining(", "))));
        }
        Map<Kind, long[]> sums = Coverage.sum(coverages);
        out.println(Visible.text("Library: " + coverages.size() + " protocols; " + Stream.of(Kind.values())
                .map(k -> k.label + " " + share(sums.get(k)[0], sums.get(k)[1]) + " (" + percent(sums.get(k)[0], sums.get(k)[1]) + ")")
                .collect(Collectors.joining(", "))));
    }

    private static String lines(int n) {
        return n + (n == 1 ? " line" : " lines");
    }

    private static void list(PrintWriter out, String title, List<Item> items) {
        if (!items.isEmpty()) {
            out.println(Visible.text("  " + title + " (" + items.size() + "): "
                    + items.stream().map(Item::id).collect(Collectors.joining(", "))));
        }
    }

    private static String shortened(String text, int width) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= width ? line : line.substring(0, width - 1) + "…";
    }

    private void printJson(PrintWriter out, List<Scope> scopes, List<Coverage> coverages, Tally tally, Path suiteDir) {
        try (JsonGenerator json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.writeStartObject();
            json.writeArrayFieldStart("libraries");
            for (Scope scope : scopes) {
                json.writeString(scope.root() == null ? "bundled" : scope.root().toString());
            }
            json.writeEndArray();
            json.writeObjectFieldStart("cases");
            json.writeNumberField("total", tally.cases);
            json.writeNumberField("runToOutcome", tally.casesRun);
            json.writeNumberField("notAsExpected", tally.casesFailing);
            json.writeEndObject();
            json.writeObjectFieldStart("calls");
            json.writeStringField("suite", suiteDir == null ? null : suiteDir.toString());
            json.writeNumberField("total", tally.calls);
            json.writeNumberField("replayed", tally.callsReplayed);
            json.writeNumberField("noProtocol", tally.callsNoProtocol);
            json.writeNumberField("notReplayable", tally.callsNotReplayable);
            json.writeNumberField("onOtherProtocols", tally.callsNotTouching);
            json.writeEndObject();
            json.writeArrayFieldStart("protocols");
            for (Coverage c : coverages) {
                json.writeStartObject();
                json.writeStringField("id", c.protocol().id());
                json.writeStringField("ref", c.protocol().ref());
                json.writeNumberField("cases", c.cases());
                json.writeNumberField("calls", c.calls());
                json.writeObjectFieldStart("counts");
                for (Kind kind : Kind.values()) {
                    json.writeObjectFieldStart(kind.key);
                    json.writeNumberField("covered", c.covered(kind));
                    json.writeNumberField("total", c.total(kind));
                    json.writeEndObject();
                }
                json.writeEndObject();
                json.writeObjectFieldStart("uncovered");
                for (Kind kind : Kind.values()) {
                    json.writeArrayFieldStart(kind.key);
                    for (Item item : c.uncovered(kind)) {
                        json.writeStartObject();
                        json.writeStringField("id", item.id());
                        json.writeStringField("text", item.text());
                        if (kind == Kind.ADVICE) {
                            json.writeStringField("disposition", item.disposition().orElse(null));
                            json.writeBooleanField("callBack", item.isCallBack());
                        }
                        json.writeBooleanField("conditional", item.conditional());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
                json.writeArrayFieldStart("adviceNeverReached");
                for (String disposition : c.adviceNeverReached()) {
                    json.writeString(disposition);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("summary");
            json.writeNumberField("protocols", coverages.size());
            json.writeNumberField("protocolsWithRedFlagsUndecided", Coverage.withRedFlagsUndecided(coverages).size());
            Map<Kind, long[]> sums = Coverage.sum(coverages);
            for (Kind kind : Kind.values()) {
                json.writeObjectFieldStart(kind.key);
                json.writeNumberField("covered", sums.get(kind)[0]);
                json.writeNumberField("total", sums.get(kind)[1]);
                json.writeFieldName("percent");
                Optional<BigDecimal> percent = Coverage.percent(sums.get(kind)[0], sums.get(kind)[1]);
                if (percent.isPresent()) {
                    json.writeNumber(percent.get());
                } else {
                    json.writeNull();
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
    }
}

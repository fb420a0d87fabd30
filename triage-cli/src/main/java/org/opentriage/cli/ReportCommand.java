package org.opentriage.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.opentriage.protocol.DispositionScale;
import org.opentriage.protocol.ProtocolLoader;
import org.opentriage.protocol.Source;
import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.AuditTrail;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code triage report TRAIL... [--html FILE] [--json]}: figures over audit trails, as text tables, JSON or an HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {
                "Figures over audit trails (JSON Lines, or gzipped as .gz): how calls ended, the final disposition mix "
                        + "beside a public call-centre mix, overrides (rate, direction, reason codes, downgrades and their "
                        + "approvers), time and questions to disposition (median, p90), the top triggering questions, "
                        + "protocols used, suggestions, languages and escalation deliveries.",
                "Each trail is verified first; a broken one is refused (exit 8) and nothing is reported. An interrupted "
                        + "trail is reported, its open calls counted as such. Trails are read as streams: any size.",
                "Prints aligned text tables; --json prints the figures as JSON instead; --html also writes one "
                        + "self-contained printable page with bar charts (no scripts, nothing fetched)."})
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TRAIL", arity = "1..*", description = "Audit trails (.jsonl, or .jsonl.gz).")
    List<Path> trails;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as one HTML page to FILE.")
    Path html;

    @Option(names = "--json", description = "Print the figures as JSON instead of text tables.")
    boolean json;

    @Option(names = "--library", paramLabel = "DIR",
            description = "The library whose disposition scale the trails use (its dispositions.yaml); default: the bundled one.")
    Path library;

    @Mixin
    HmacKeyOption hmac;

    @Override
    public Integer call() {
        Optional<byte[]> key = hmac.key();
        DispositionScale scale = scale();
        List<ReportSections.TrailLine> lines = new ArrayList<>();
        List<AuditTrail.Verification> verifications = new ArrayList<>();
        for (Path trail : trails) {
            AuditTrail.Verification v = verify(trail, key);
            verifications.add(v);
            lines.add(new ReportSections.TrailLine(trail.toString(), status(v), v.records(), v.calls()));
        }
        TrailFigures figures = new TrailFigures(scale);
        for (Path trail : trails) {
            figures.startTrail(trail.toString());
            try {
                read(trail, figures::accept);
            } catch (IOException | UncheckedIOException e) {
                throw new CommandFailure(ExitCode.BAD_INPUT, trail + ": cannot read the audit trail: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(ExitCode.TRAIL_BROKEN, trail + ": broken: " + e.getMessage()
                        + " (the file changed after it was verified)");
            }
            figures.endTrail();
        }
        String headline = ReportSections.headline(figures, lines);
        List<ReportSections.Section> sections = ReportSections.build(figures, lines);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(json(figures, lines));
        } else {
            out.print(text(headline, sections));
        }
        if (html != null) {
            try {
                Files.writeString(html, ReportHtml.page(headline, sections), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandFailure(ExitCode.BAD_INPUT, html + ": cannot write the report: " + CommandFailure.why(e));
            }
            if (!json) {
                out.println("HTML report written to " + html);
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private DispositionScale scale() {
        String name = ProtocolLoader.BUNDLED_ROOT + "/" + ProtocolLoader.SCALE_FILE;
        Source source;
        if (library != null) {
            Path file = library.resolve(ProtocolLoader.SCALE_FILE);
            try {
                source = Source.read(file);
            } catch (IOException e) {
                throw CommandFailure.cannotRead(file, "disposition scale", e);
            }
        } else {
            try (InputStream in = ReportCommand.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new CommandFailure(ExitCode.LOAD_FAILED, "the bundled disposition scale is missing: " + name);
                }
                source = Source.of(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CommandFailure(ExitCode.LOAD_FAILED, "the bundled disposition scale cannot be read: " + e.getMessage());
            }
        }
        try {
            return ProtocolLoader.readScale(source);
        } catch (RuntimeException e) {
            throw new CommandFailure(ExitCode.LOAD_FAILED, "the disposition scale could not be read: " + e.getMessage());
        }
    }

    private static boolean gzipped(Path trail) {
        return trail.getFileName().toString().endsWith(".gz");
    }

    private static InputStream open(Path trail) throws IOException {
        InputStream in = Files.newInputStream(trail);
        return gzipped(trail) ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** Verifies a trail as {@code triage audit verify} does; a broken one fails with {@link ExitCode#TRAIL_BROKEN}. */
    private static AuditTrail.Verification verify(Path trail, Optional<byte[]> key) {
        AuditTrail.Verification v;
        try (InputStream in = open(trail)) {
            v = AuditTrail.verify(in, key);
        } catch (IOException e) {
            throw CommandFailure.cannotRead(trail, "audit trail", e);
        }
        if (v.status() == AuditTrail.Status.BROKEN) {
            throw new CommandFailure(ExitCode.TRAIL_BROKEN, trail + ": broken: " + v.problem().orElseThrow()
                    + "; it is not reported");
        }
        return v;
    }

    private static String status(AuditTrail.Verification v) {
        String status = v.status() == AuditTrail.Status.INTACT ? "intact" : "interrupted (" + v.openCalls().size()
                + " calls left open)";
        if (v.keyed()) {
            status += v.authenticated() ? ", authenticated" : ", NOT authenticated (no key given)";
        }
        return status;
    }

    /**
     * Reads a verified trail's records one at a time: {@link AuditTrail#records} for a plain file; a gzipped one line
     * by line with {@link AuditRecord#parse}, each record chained to the one before, an incomplete last line left out.
     */
    private static void read(Path trail, Consumer<AuditRecord> records) throws IOException {
        if (!gzipped(trail)) {
            try (AuditTrail.RecordStream stream = AuditTrail.records(trail)) {
                stream.forEachRemaining(records);
            }
            return;
        }
        try (InputStream in = open(trail)) {
            String prev = "0".repeat(64);
            ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
            long number = 0;
            int b;
            while ((b = in.read()) != -1) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                number++;
                AuditRecord record;
                try {
                    record = AuditRecord.parse(line.toString(StandardCharsets.UTF_8), prev);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
                }
                prev = record.hash();
                records.accept(record);
                line.reset();
            }
        }
    }

    /** The sections as aligned text tables. */
    static String text(String headline, List<ReportSections.Section> sections) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println(Visible.text(headline));
        for (ReportSections.Section section : sections) {
            out.println();
            out.println(section.title());
            List<List<String>> rows = new ArrayList<>();
            rows.add(section.columns());
            section.rows().forEach(r -> rows.add(r.stream().map(Visible::text).toList()));
            int[] widths = new int[section.columns().size()];
            rows.forEach(r -> {
                for (int i = 0; i < r.size(); i++) {
                    widths[i] = Math.max(widths[i], r.get(i).codePointCount(0, r.get(i).length()));
                }
            });
            for (List<String> row : rows) {
                StringBuilder line = new StringBuilder(" ");
                for (int i = 0; i < row.size(); i++) {
                    String cell = row.get(i);
                    String pad = " ".repeat(widths[i] - cell.codePointCount(0, cell.length()));
                    line.append(' ').append(section.numeric()[i] ? pad + cell : cell + pad).append(' ');
                }
                out.println(line.toString().stripTrailing());
            }
            section.notes().forEach(n -> out.println("  " + Visible.text(n)));
        }
        out.flush();
        return text.toString();
    }

    /** The figures as one JSON object. */
    static String json(TrailFigures f, List<ReportSections.TrailLine> trails) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeArrayFieldStart("trails");
            for (ReportSections.TrailLine t : trails) {
                g.writeStartObject();
                g.writeStringField("trail", t.name());
                g.writeStringField("status", t.status());
                g.writeNumberField("records", t.records());
                g.writeNumberField("calls", t.calls());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("calls", f.calls);
            g.writeNumberField("resumed", f.resumed);
            g.writeNumberField("nurses", f.nurses.size());
            g.writeObjectFieldStart("ended");
            for (TrailFigures.Ending e : TrailFigures.Ending.values()) {
                g.writeNumberField(e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), f.ended(e));
            }
            g.writeEndObject();
            counts(g, "finalDisposition", f.finalMix);
            counts(g, "failedClosedTo", f.failedTo);
            g.writeObjectFieldStart("overrides");
            g.writeNumberField("closedOverridden", f.closedOverridden);
            g.writeNumberField("closedUp", f.closedUp);
            g.writeNumberField("closedDown", f.closedDown);
            g.writeNumberField("applied", f.overrideEvents);
            g.writeNumberField("up", f.overridesUp);
            g.writeNumberField("down", f.overridesDown);
            g.writeNumberField("voided", f.overridesVoided);
            g.writeNumberField("downgradesWithoutApprover", f.downgradesWithoutApprover);
            g.writeObjectFieldStart("reasons");
            for (Map.Entry<String, long[]> e : f.overrideReasons.entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("up", e.getValue()[0]);
                g.writeNumberField("down", e.getValue()[1]);
                g.writeEndObject();
            }
            g.writeEndObject();
            counts(g, "approvers", f.approvers);
            g.writeEndObject();
            percentiles(g, "secondsToFirstDisposition", f.timeToDisposition(), 1000.0);
            percentiles(g, "secondsToClose", f.timeToClose(), 1000.0);
            percentiles(g, "questionsToFirstDisposition", f.questionsToDisposition(), 1.0);
            g.writeArrayFieldStart("topTriggeringQuestions");
            for (Map.Entry<String, Long> e : TrailFigures.top(f.triggers, 10)) {
                g.writeStartObject();
                g.writeStringField("question", e.getKey());
                g.writeNumberField("calls", e.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            counts(g, "protocols", f.protocols);
            g.writeObjectFieldStart("suggestions");
            g.writeNumberField("offered", f.suggestionsOffered);
            g.writeNumberField("accepted", f.suggestionsAccepted);
            g.writeNumberField("declined", f.suggestionsDeclined);
            g.writeNumberField("withdrawn", f.suggestionsWithdrawn);
            g.writeNumberField("undecided", f.suggestionsUndecided);
            g.writeNumberField("addedWithoutSuggestion", f.protocolsAddedUnsuggested);
            g.writeEndObject();
            counts(g, "languages", f.languages);
            g.writeObjectFieldStart("escalations");
            g.writeNumberField("sent", f.escalationsSent);
            g.writeNumberField("failed", f.escalationsFailed);
            g.writeNumberField("attempts", f.escalationAttempts);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text + System.lineSeparator();
    }

    private static void counts(JsonGenerator g, String name, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(counts).entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void percentiles(JsonGenerator g, String name, Optional<long[]> values, double unit) throws IOException {
        g.writeObjectFieldStart(name);
        if (values.isPresent()) {
            g.writeNumberField("median", values.get()[0] / unit);
            g.writeNumberField("p90", values.get()[1] / unit);
        }
        g.writeEndObject();
    }
}

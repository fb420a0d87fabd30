package org.opentriage.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.opentriage.protocol.Advice;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Approvals;
import org.opentriage.protocol.CareAdvice;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Reference;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.protocol.UnknownPolicy;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code triage review ID [--html FILE]}: one self-contained page per protocol for the clinical lead who signs it off. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = {
                "Writes one self-contained HTML page for a protocol (no script, no network, prints well): its approval "
                        + "state and content hash, a flowchart of its acuity groups (SVG), each question with its text "
                        + "(English and the other languages), answers, red flag, rationale, citations, conditions and what "
                        + "\"don't know\" means, the care advice per disposition and the call-back lines, the references "
                        + "and the protocol's test cases.",
                "Without --html, the page goes to standard output."})
final class ReviewCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID[@VERSION]", description = "The protocol (its latest version without one).")
    String reference;

    @Option(names = "--html", paramLabel = "FILE", description = "Write the page there.")
    Path html;

    @Option(names = "--library", paramLabel = "DIR",
            description = "A library directory (with its approvals.yaml and case files) instead of the bundled one.")
    Path libraryDir;

    @Override
    public Integer call() {
        ProtocolLibrary library = libraryDir == null ? Engines.library() : Engines.directory(libraryDir);
        Protocol protocol = library.resolve(reference, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow(() ->
                new CommandFailure(ExitCode.USAGE, "no protocol '" + reference + "' in the library"));
        Optional<Path> caseFile = caseFile(protocol);
        String page = page(library, protocol, cases(caseFile),
                caseFile.flatMap(f -> CoverageCommand.ofCases(library, protocol, f)));
        if (html == null) {
            spec.commandLine().getOut().print(page);
        } else {
            try {
                Files.writeString(html, page, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandFailure(ExitCode.BAD_INPUT, html + ": cannot write: " + e.getMessage());
            }
            spec.commandLine().getOut().println("wrote " + html + " (" + protocol.ref() + ")");
        }
        return ExitCode.OK;
    }

    /** The protocol's case file: next to it in a library directory, or among the bundled ones. */
    private Optional<Path> caseFile(Protocol protocol) {
        String file = protocol.id() + CaseFiles.CASES_SUFFIX;
        if (libraryDir != null) {
            try (var walk = Files.walk(libraryDir)) {
                return walk.filter(p -> p.getFileName().toString().equals(file)).findFirst();
            } catch (IOException e) {
                throw new CommandFailure(ExitCode.BAD_INPUT, libraryDir + ": cannot read: " + e.getMessage());
            }
        }
        return CaseFiles.bundled().getOrDefault(null, List.of()).stream()
                .filter(p -> p.getFileName().toString().equals(file)).findFirst();
    }

    /** A test case as the page lists it. */
    record Case(String name, String patient, String expected) {
    }

    /** The cases of the protocol's case file, as the page lists them. */
    private static List<Case> cases(Optional<Path> caseFile) {
        Optional<String> text;
        try {
            text = caseFile.isPresent() ? Optional.of(Files.readString(caseFile.get(), StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.BAD_INPUT, caseFile.get() + ": cannot read: " + e.getMessage());
        }
        List<Case> cases = new ArrayList<>();
        text.ifPresent(t -> {
            Object root = new Load(LoadSettings.builder().build()).loadFromString(t);
            if (root instanceof Map<?, ?> map && map.get("cases") instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> c) {
                        Object expect = c.get("expect");
                        String expected = expect instanceof Map<?, ?> e ? e.get("disposition")
                                + (e.get("trigger") == null ? "" : " (" + e.get("trigger") + ")") : String.valueOf(expect);
                        cases.add(new Case(String.valueOf(c.get("name")), String.valueOf(c.get("patient")), expected));
                    }
                }
            }
        });
        return cases;
    }

    static String page(ProtocolLibrary library, Protocol p, List<Case> cases, Optional<Coverage> coverage) {
        StringBuilder h = new StringBuilder();
        String status = library.approvals().status(p).word();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<title>").append(ReportHtml.escape(p.title().english())).append(" — review</title><style>").append(CSS)
                .append("</style></head><body>\n");
        h.append("<header><h1>").append(ReportHtml.escape(p.title().english())).append("</h1><p class=\"ref\">").append(ReportHtml.escape(p.ref()))
                .append(" · ").append(ReportHtml.escape(p.population().describe())).append(" · content <code>").append(ReportHtml.escape(p.contentHash()))
                .append("</code></p>");
        h.append("<p class=\"status ").append(ReportHtml.escape(status)).append("\" id=\"approval\">Approval: <b>").append(ReportHtml.escape(status))
                .append("</b>").append(p.approval().clinicallyValidated() ? "" : " — NOT clinically validated").append("</p>");
        List<Approvals.Entry> entries = library.approvals().of(p);
        if (!entries.isEmpty()) {
            h.append("<ul class=\"approvals\">");
            entries.forEach(e -> h.append("<li>").append(ReportHtml.escape(e.status().word())).append(" by ").append(ReportHtml.escape(e.role()))
                    .append(':').append(ReportHtml.escape(e.reviewer())).append(" on ").append(e.date()).append(e.contentHash()
                            .equals(p.contentHash()) ? "" : " <b>(other content: " + ReportHtml.escape(e.contentHash()) + ")</b>").append("</li>"));
            h.append("</ul>");
        }
        h.append("<p>").append(ReportHtml.escape(p.definition().english())).append("</p></header>\n");
        h.append("<section><h2>Flow by acuity</h2>").append(flowchart(p)).append("</section>\n");
        if (!p.assessment().isEmpty()) {
            h.append("<section><h2>Assessment (documented, never decides)</h2>");
            p.assessment().forEach(q -> question(h, p, q, false));
            h.append("</section>\n");
        }
        for (TriageGroup g : p.triage()) {
            h.append("<section class=\"group\"><h2>").append(ReportHtml.escape(g.disposition().label().english())).append(" <small>[")
                    .append(ReportHtml.escape(g.disposition().id())).append("]</small></h2>");
            g.questions().forEach(q -> question(h, p, q, true));
            h.append("</section>\n");
        }
        h.append("<section><h2>Care advice by disposition</h2>");
        for (CareAdvice c : p.careAdvice()) {
            h.append("<h3>").append(ReportHtml.escape(c.disposition().label().english())).append(" <small>[").append(ReportHtml.escape(c.disposition().id()))
                    .append("]</small></h3><ul>");
            c.advice().forEach(a -> advice(h, a));
            h.append("</ul>");
        }
        h.append("<h3>Call back if</h3><ul>");
        p.callBackIf().forEach(a -> advice(h, a));
        h.append("</ul></section>\n");
        h.append("<section><h2>References</h2><ol>");
        for (Reference r : p.references()) {
            h.append("<li id=\"ref-").append(ReportHtml.escape(r.id())).append("\">").append(ReportHtml.escape(r.title())).append(", ").append(ReportHtml.escape(r.publisher()))
                    .append(". <span class=\"url\">").append(ReportHtml.escape(r.url().toString())).append("</span> (accessed ").append(r.accessed())
                    .append(")</li>");
        }
        h.append("</ol></section>\n<section><h2>Test cases (").append(cases.size()).append(")</h2>");
        if (cases.isEmpty()) {
            h.append("<p>No case file.</p>");
        } else {
            h.append("<table><tr><th>case</th><th>patient</th><th>expected</th></tr>");
            cases.forEach(c -> h.append("<tr><td>").append(ReportHtml.escape(c.name())).append("</td><td>").append(ReportHtml.escape(c.patient()))
                    .append("</td><td>").append(ReportHtml.escape(c.expected())).append("</td></tr>"));
            h.append("</table><p class=\"note\">Run them with <code>triage test</code>.</p>");
        }
        h.append("</section>\n<section id=\"coverage\"><h2>Coverage by the test cases</h2>");
        coverage.ifPresentOrElse(c -> coverage(h, c), () -> h.append("<p>No case ran to an outcome.</p>"));
        h.append("<p class=\"note\">With the acceptance stories' calls too: <code>triage coverage</code> (the library) or "
                + "<code>triage coverage FILE</code>.</p>");
        h.append("</section>\n<footer>Generated by triage review from ").append(ReportHtml.escape(p.ref()))
                .append(". Draft content is for clinical review only.</footer></body></html>\n");
        return h.toString();
    }

    /** What the cases exercised, kind by kind, then every item they never did (red flags first). */
    private static void coverage(StringBuilder h, Coverage c) {
        h.append("<table><tr><th>kind</th><th>exercised</th><th>of</th><th>%</th></tr>");
        for (Coverage.Kind kind : Coverage.Kind.values()) {
            h.append("<tr><td>").append(ReportHtml.escape(kind.label)).append("</td><td>").append(c.covered(kind))
                    .append("</td><td>").append(c.total(kind)).append("</td><td>")
                    .append(Coverage.percent(c.covered(kind), c.total(kind)).map(x -> x.toPlainString()).orElse("-"))
                    .append("</td></tr>");
        }
        h.append("</table>");
        for (Coverage.Kind kind : Coverage.Kind.values()) {
            List<Coverage.Item> never = c.uncovered(kind);
            if (never.isEmpty()) {
                continue;
            }
            h.append("<h3 class=\"").append(kind == Coverage.Kind.RED_FLAGS ? "never red" : "never").append("\">")
                    .append(ReportHtml.escape(kind.never)).append(" (").append(never.size()).append(")</h3><ul>");
            never.forEach(item -> h.append("<li><code>").append(ReportHtml.escape(item.id())).append("</code> ")
                    .append(ReportHtml.escape(item.text())).append(item.conditional() ? " <i>(conditional)</i>" : "").append("</li>"));
            h.append("</ul>");
        }
    }

    private static void question(StringBuilder h, Protocol p, Question q, boolean decides) {
        h.append("<article class=\"question").append(q.redFlag() ? " red" : "").append("\" id=\"q-").append(ReportHtml.escape(q.id())).append("\">");
        h.append("<h4><code>").append(ReportHtml.escape(q.id())).append("</code>").append(q.redFlag() ? " <span class=\"flag\">RED FLAG</span>" : "")
                .append(p.isShared(q) ? " <span class=\"tag\">shared</span>" : "").append(" <span class=\"tag\">")
                .append(ReportHtml.escape(type(q.type()))).append("</span></h4>");
        texts(h, q.text());
        if (q.type() instanceof AnswerType.Choice c) {
            h.append("<ul class=\"options\">");
            c.options().forEach(o -> h.append("<li><code>").append(ReportHtml.escape(o.code())).append("</code> ").append(ReportHtml.escape(o.text().english())).append("</li>"));
            h.append("</ul>");
        } else if (q.type() instanceof AnswerType.Checklist c) {
            h.append("<ul class=\"options\">");
            c.items().forEach(i -> h.append("<li><code>").append(ReportHtml.escape(i.code())).append("</code> ").append(ReportHtml.escape(i.text().english()))
                    .append(i.disposition().map(d -> " <b>→ " + ReportHtml.escape(d.id()) + "</b>").orElse("")).append("</li>"));
            h.append("</ul>");
        }
        q.askIf().ifPresent(c -> h.append("<p class=\"guard\">Asked if: <code>").append(ReportHtml.escape(c.text())).append("</code></p>"));
        q.positiveIf().ifPresent(c -> h.append("<p class=\"guard\">Positive if: <code>").append(ReportHtml.escape(c.text())).append("</code></p>"));
        if (decides && !(q.type() instanceof AnswerType.Derived)) {
            UnknownPolicy u = q.onUnknown();
            h.append("<p class=\"guard\">\"Don't know\": ").append(u instanceof UnknownPolicy.Escalate e ? "raises to "
                    + ReportHtml.escape(e.disposition().id()) : u instanceof UnknownPolicy.Refuse ? "not accepted" : "counts as yes").append("</p>");
        }
        q.rationale().ifPresent(r -> h.append("<p class=\"why\">Why: ").append(ReportHtml.escape(r.english())).append("</p>"));
        if (!q.cites().isEmpty()) {
            h.append("<p class=\"cites\">Cites: ");
            q.cites().forEach(c -> h.append("<a href=\"#ref-").append(ReportHtml.escape(c)).append("\">").append(ReportHtml.escape(c)).append("</a> "));
            h.append("</p>");
        }
        if (!q.advice().isEmpty()) {
            h.append("<ul class=\"advice\">");
            q.advice().forEach(a -> h.append("<li>").append(ReportHtml.escape(a.english())).append("</li>"));
            h.append("</ul>");
        }
        h.append("</article>");
    }

    private static void texts(StringBuilder h, LocalizedText t) {
        h.append("<p class=\"text\">").append(ReportHtml.escape(t.english())).append("</p>");
        t.byLanguage().forEach((language, text) -> {
            if (!language.equals(LocalizedText.ENGLISH)) {
                h.append("<p class=\"text other\" lang=\"").append(ReportHtml.escape(language)).append("\">[").append(ReportHtml.escape(language)).append("] ")
                        .append(ReportHtml.escape(text)).append("</p>");
            }
        });
    }

    private static void advice(StringBuilder h, Advice a) {
        h.append("<li>").append(a.when().map(c -> "<code>when " + ReportHtml.escape(c.text()) + "</code> ").orElse(""))
                .append(ReportHtml.escape(a.text().english())).append("</li>");
    }

    /** The groups in descending acuity, each with its questions, "no" leading down to the next and the default. */
    static String flowchart(Protocol p) {
        int width = 760;
        int y = 10;
        StringBuilder svg = new StringBuilder();
        StringBuilder boxes = new StringBuilder();
        for (TriageGroup g : p.triage()) {
            int lines = Math.max(1, (g.questions().size() + 2) / 3);
            int height = 30 + 16 * lines;
            boxes.append("<rect x=\"10\" y=\"").append(y).append("\" width=\"").append(width - 20).append("\" height=\"")
                    .append(height).append("\" rx=\"6\" class=\"box acuity-").append(g.disposition().acuity()).append("\"/>")
                    .append("<text x=\"20\" y=\"").append(y + 18).append("\" class=\"label\">Yes to any → ")
                    .append(ReportHtml.escape(g.disposition().label().english())).append(" [").append(ReportHtml.escape(g.disposition().id())).append("]</text>");
            for (int i = 0; i < g.questions().size(); i++) {
                boxes.append("<text x=\"").append(20 + (i % 3) * 245).append("\" y=\"").append(y + 36 + (i / 3) * 16)
                        .append("\" class=\"q\">").append(ReportHtml.escape(shorten(g.questions().get(i).id(), 34)))
                        .append(g.questions().get(i).redFlag() ? " ⚑" : "").append("</text>");
            }
            y += height;
            boxes.append("<text x=\"").append(width / 2 - 10).append("\" y=\"").append(y + 15).append("\" class=\"no\">no ↓</text>");
            y += 22;
        }
        boxes.append("<rect x=\"10\" y=\"").append(y).append("\" width=\"").append(width - 20).append("\" height=\"30\" rx=\"6\" class=\"box default\"/>")
                .append("<text x=\"20\" y=\"").append(y + 20).append("\" class=\"label\">Otherwise → ")
                .append(ReportHtml.escape(p.defaultDisposition().label().english())).append(" [").append(ReportHtml.escape(p.defaultDisposition().id())).append("]</text>");
        y += 40;
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(y)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(y).append("\" role=\"img\" aria-label=\"flowchart\">")
                .append(boxes).append("</svg>");
        return svg.toString();
    }

    private static String type(AnswerType t) {
        if (t instanceof AnswerType.Number n) {
            return "number (" + n.unit().symbol() + ")";
        }
        return t.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,sans-serif;max-width:980px;margin:2em auto;color:#111;padding:0 1em}
            h1{margin-bottom:.2em} .ref{color:#555} code{font-size:12px;background:#f3f3f3;padding:0 3px}
            .status{padding:.4em .6em;border-radius:4px;background:#fff3cd} .status.approved{background:#d1e7dd}
            .question{border-left:4px solid #bbb;padding:.3em .8em;margin:.8em 0;break-inside:avoid}
            .question.red{border-color:#c00} .flag{color:#fff;background:#c00;font-size:11px;padding:1px 4px;border-radius:3px}
            .tag{font-size:11px;color:#444;border:1px solid #bbb;padding:0 3px;border-radius:3px}
            .other{color:#444;font-style:italic} .guard,.why,.cites{margin:.2em 0;color:#333} .why{color:#555}
            table{border-collapse:collapse} td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
            svg .box{fill:#f7f7f7;stroke:#888} svg .acuity-1,svg .acuity-2{fill:#f8d7da} svg .acuity-3,svg .acuity-4{fill:#fff3cd}
            svg .default{fill:#d1e7dd} svg text{font:12px system-ui,sans-serif} svg .label{font-weight:bold} svg .no{fill:#555}
            section.group{break-before:auto} footer{margin-top:2em;color:#666;font-size:12px}
            @media print{body{margin:0;max-width:none} .question{page-break-inside:avoid}}
            """;
}

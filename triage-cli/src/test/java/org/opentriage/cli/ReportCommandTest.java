package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.opentriage.internal.engine.AuditChain;
import org.opentriage.internal.engine.CanonicalJson;

/**
 * {@code triage report}: a trail of seven known calls, written record by record and sealed as the engine seals them,
 * gives exact figures; a broken trail is refused; what came from the trail is escaped on the HTML page; the demo
 * trail's page renders in a real headless Chromium.
 */
class ReportCommandTest {
    /** A nurse id, approver and reason code that try to run script on the page and to move the terminal's cursor. */
    static final String HOSTILE_NURSE = "<img src=x onerror=alert(1)>\u001b[2J";
    static final String HOSTILE_APPROVER = "md-\"><script>alert('a')</script>";
    static final String HOSTILE_REASON = "patient-preference</td><td>&amp;";

    @TempDir
    static Path dir;
    static Path trail;

    private static final String PIN = "'hash':'sha256:00','ref':";

    @BeforeAll
    static void writeTrail() throws IOException {
        List<String[]> records = new ArrayList<>();
        // call A: chest pain, ed-now on the second question, closed as recommended
        records.add(r("a", 1, "10:00:00", started("rn-1", "chest-pain-adult", ""), asked("chest-pain-adult", "q1")));
        records.add(r("a", 2, "10:00:30", answered("chest-pain-adult", "q1", "false"), asked("chest-pain-adult", "q2")));
        records.add(r("a", 3, "10:01:00", answered("chest-pain-adult", "q2", "true"),
                reached("chest-pain-adult", "ed-now", "q2"), "{'disposition':'ed-now','type':'Recommended'}"));
        records.add(r(null, 0, "10:01:02", "{'attempts':1,'call':'a','disposition':'ed-now','outcome':'sent',"
                + "'raised':'2026-11-02T10:01:00Z','reason':'reached-level','type':'EscalationDelivery'}"));
        records.add(r("a", 4, "10:03:00", closed("ed-now", "ed-now")));
        // call B: in Spanish, cough; fever suggested and added; within-24h downgraded to home care with an approver
        records.add(r("b", 1, "10:05:00", started(HOSTILE_NURSE, "cough-adult", "es"), asked("cough-adult", "c1")));
        records.add(r("b", 2, "10:05:20", answered("cough-adult", "c1", "true"),
                "{'answer':true,'protocol':'cough-adult','question':'c1','suggested':'fever-adult','type':'SuggestionOffered'}",
                asked("cough-adult", "c2")));
        records.add(r("b", 3, "10:05:40", "{'protocol':{" + PIN + "'fever-adult@1.0.0'},'type':'ProtocolAdded'}",
                asked("fever-adult", "f1")));
        records.add(r("b", 4, "10:06:40", answered("cough-adult", "c2", "true"), reached("cough-adult", "within-24h", "c2"),
                "{'basis':'DEFAULT','disposition':'home-care','protocol':'fever-adult','type':'DispositionReached'}",
                "{'disposition':'within-24h','type':'Recommended'}"));
        records.add(r("b", 5, "10:08:00", "{'approver':" + q(HOSTILE_APPROVER) + ",'direction':'down','from':'within-24h',"
                + "'note':'<b>lives nearby</b>','nurse':" + q(HOSTILE_NURSE) + ",'reasonCode':" + q(HOSTILE_REASON)
                + ",'to':'home-care','type':'OverrideApplied'}"));
        records.add(r("b", 6, "10:10:00", closed("within-24h", "home-care")));
        // call C: headache, within-4h on the first question, a suggestion declined, overridden up to ed-now
        records.add(r("c", 1, "10:20:00", started("rn-1", "headache-adult", ""), asked("headache-adult", "h1")));
        records.add(r("c", 2, "10:21:00", answered("headache-adult", "h1", "true"),
                "{'answer':true,'protocol':'headache-adult','question':'h1','suggested':'vomiting-adult','type':'SuggestionOffered'}",
                reached("headache-adult", "within-4h", "h1"), "{'disposition':'within-4h','type':'Recommended'}"));
        records.add(r("c", 3, "10:21:30", "{'suggested':'vomiting-adult','type':'SuggestionDeclined'}"));
        records.add(r("c", 4, "10:22:00", "{'direction':'up','from':'within-4h','note':'sounds unwell','nurse':'rn-1',"
                + "'reasonCode':'nurse-judgment','to':'ed-now','type':'OverrideApplied'}"));
        records.add(r("c", 5, "10:24:00", closed("within-4h", "ed-now")));
        // call D abandoned, call E failed closed (its escalation failed), call F interrupted and recovered
        records.add(r("d", 1, "10:30:00", started("rn-1", "chest-pain-adult", ""), asked("chest-pain-adult", "q1")));
        records.add(r("d", 2, "10:30:40", "{'reason':'caller hung up','type':'CallAbandoned'}"));
        records.add(r("e", 1, "10:40:00", started("rn-1", "headache-adult", ""), asked("headache-adult", "h1")));
        records.add(r("e", 2, "10:40:30", "{'disposition':'call-provider-now','error':'answer failed: disk','open':[],'type':'CallError'}"));
        records.add(r(null, 0, "10:40:31", "{'attempts':3,'call':'e','disposition':'call-provider-now','error':'IOException: pager',"
                + "'outcome':'failed','raised':'2026-11-02T10:40:30Z','reason':'failed-closed','type':'EscalationDelivery'}"));
        // call G: fever, within-3d on its only question, raised to within-24h on a provider's advice
        records.add(r("g", 1, "10:45:00", started("rn-2", "fever-adult", ""), asked("fever-adult", "f2")));
        records.add(r("g", 2, "10:45:45", answered("fever-adult", "f2", "true"), reached("fever-adult", "within-3d", "f2"),
                "{'disposition':'within-3d','type':'Recommended'}"));
        records.add(r("g", 3, "10:46:10", "{'direction':'up','from':'within-3d','note':'provider asked','nurse':'rn-2',"
                + "'reasonCode':'provider-advice','to':'within-24h','type':'OverrideApplied'}"));
        records.add(r("g", 4, "10:47:00", closed("within-3d", "within-24h")));
        records.add(r("f", 1, "10:50:00", started("rn-1", "cough-adult", ""), asked("cough-adult", "c1")));
        records.add(r(null, 0, "11:00:00", "{'interrupted':['f'],'type':'TrailRecovered'}"));
        records.add(r("f", 2, "11:00:00", "{'reason':'the writer stopped','type':'CallInterrupted'}"));
        trail = Files.write(dir.resolve("known.jsonl"), seal(records));
    }

    @Test
    void report_aTrailOfKnownCalls_givesItsExactFigures() throws IOException {
        Cli.Run run = triage("report", "--json", trail.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        JsonNode f = CanonicalJson.MAPPER.readTree(run.out());
        assertThat(f.get("calls").asLong()).isEqualTo(7);
        assertThat(f.get("nurses").asLong()).isEqualTo(3);
        assertThat(f.get("ended").toString()).isEqualTo(
                "{\"closed\":4,\"abandoned\":1,\"failed-closed\":1,\"interrupted\":1,\"open\":0}");
        assertThat(f.get("finalDisposition").toString()).isEqualTo("{\"ed-now\":2,\"home-care\":1,\"within-24h\":1}");
        assertThat(f.get("failedClosedTo").toString()).isEqualTo("{\"call-provider-now\":1}");
        JsonNode o = f.get("overrides");
        assertThat(List.of(o.get("closedOverridden").asLong(), o.get("closedUp").asLong(), o.get("closedDown").asLong(),
                o.get("applied").asLong(), o.get("up").asLong(), o.get("down").asLong(), o.get("downgradesWithoutApprover").asLong()))
                .containsExactly(3L, 2L, 1L, 3L, 2L, 1L, 0L);
        assertThat(o.get("reasons").get("nurse-judgment").toString()).isEqualTo("{\"up\":1,\"down\":0}");
        assertThat(o.get("reasons").get("provider-advice").toString()).isEqualTo("{\"up\":1,\"down\":0}");
        assertThat(o.get("reasons").get(HOSTILE_REASON).toString()).isEqualTo("{\"up\":0,\"down\":1}");
        assertThat(o.get("approvers").get(HOSTILE_APPROVER).asLong()).isEqualTo(1);
        assertThat(f.get("secondsToFirstDisposition").toString()).isEqualTo("{\"median\":60.0,\"p90\":100.0}");
        assertThat(f.get("secondsToClose").toString()).isEqualTo("{\"median\":180.0,\"p90\":300.0}");
        assertThat(f.get("questionsToFirstDisposition").toString()).isEqualTo("{\"median\":1.0,\"p90\":3.0}");
        assertThat(f.get("topTriggeringQuestions").toString()).isEqualTo("[{\"question\":\"chest-pain-adult/q2\",\"calls\":1},"
                + "{\"question\":\"cough-adult/c2\",\"calls\":1},{\"question\":\"fever-adult/f2\",\"calls\":1},"
                + "{\"question\":\"headache-adult/h1\",\"calls\":1}]");
        assertThat(f.get("protocols").toString()).isEqualTo(
                "{\"chest-pain-adult\":2,\"cough-adult\":2,\"fever-adult\":2,\"headache-adult\":2}");
        assertThat(f.get("suggestions").toString()).isEqualTo("{\"offered\":2,\"accepted\":1,\"declined\":1,\"withdrawn\":0,"
                + "\"undecided\":0,\"addedWithoutSuggestion\":0}");
        assertThat(f.get("languages").toString()).isEqualTo("{\"en\":6,\"es\":1}");
        assertThat(f.get("escalations").toString()).isEqualTo("{\"sent\":1,\"failed\":1,\"attempts\":4}");
    }

    @Test
    void report_asText_alignsItsTablesAndSetsTheMixBesideThePublicOne() {
        Cli.Run run = triage("report", trail.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).startsWith("Triage report: 1 trail, 7 calls (2026-11-02 09:59 to 2026-11-02 11:00 UTC)")
                .contains("\n  disposition       category   calls       %  public %\n"
                        + "  call-911          emergent       0    0.0%      1.5%\n"
                        + "  ed-now            emergent       2   50.0%      6.4%\n")
                .contains("\n  within-24h        clinician      1   25.0%     14.7%\n")
                .contains("\n  home-care         self-care      1   25.0%     23.8%\n"
                        + "  all closed calls                 4  100.0%     90.2%\n")
                .contains("\n  final as recommended      1  25.0%\n"
                        + "  overridden                3  75.0%\n"
                        + "    up (more urgent)        2  50.0%\n"
                        + "    down (less urgent)      1  25.0%\n")
                .contains("\n  call start to first disposition       1m 00s  1m 40s      4\n"
                        + "  call start to close                   3m 00s  5m 00s      4\n"
                        + "  questions asked to first disposition       1       3      4\n")
                // the terminal is not sent the escape character
                .doesNotContain("\u001b").contains("\\u001b[2J");
    }

    @Test
    void report_aGzippedTrail_readsAsThePlainOne() throws IOException {
        Path gz = dir.resolve("known.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(trail, out);
        }

        Cli.Run plain = triage("report", "--json", trail.toString());
        Cli.Run zipped = triage("report", "--json", gz.toString());

        assertThat(zipped.exitCode()).as(zipped.err()).isEqualTo(ExitCode.OK);
        assertThat(zipped.out().replace(".jsonl.gz", ".jsonl")).isEqualTo(plain.out());
    }

    @Test
    void report_anInterruptedTrail_isReportedWithItsOpenCallsCounted() throws IOException {
        List<String> lines = Cli.lines(trail);
        Path interrupted = Files.write(dir.resolve("interrupted.jsonl"), lines.subList(0, lines.size() - 2));

        Cli.Run run = triage("report", "--json", interrupted.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        JsonNode f = CanonicalJson.MAPPER.readTree(run.out());
        assertThat(f.get("trails").get(0).get("status").asText()).isEqualTo("interrupted (1 calls left open)");
        assertThat(f.get("ended").toString()).isEqualTo(
                "{\"closed\":4,\"abandoned\":1,\"failed-closed\":1,\"interrupted\":0,\"open\":1}");
    }

    @Test
    void report_twoTrails_addTheirCallsUp() throws IOException {
        Path copy = Files.copy(trail, dir.resolve("copy.jsonl"));

        Cli.Run run = triage("report", "--json", trail.toString(), copy.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        JsonNode f = CanonicalJson.MAPPER.readTree(run.out());
        assertThat(f.get("calls").asLong()).isEqualTo(14);
        assertThat(f.get("finalDisposition").toString()).isEqualTo("{\"ed-now\":4,\"home-care\":2,\"within-24h\":2}");
        assertThat(f.get("secondsToClose").toString()).isEqualTo("{\"median\":180.0,\"p90\":300.0}");
    }

    @Test
    void report_aBrokenTrail_isRefusedAndNothingIsReported() throws IOException {
        List<String> lines = new ArrayList<>(Cli.lines(trail));
        lines.set(9, lines.get(9).replace("home-care", "within-3d"));
        Path broken = Files.write(dir.resolve("broken.jsonl"), lines);

        Cli.Run run = triage("report", "--html", dir.resolve("broken.html").toString(), trail.toString(), broken.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.TRAIL_BROKEN);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("triage: " + broken + ": broken: line 10").contains("it is not reported");
        assertThat(dir.resolve("broken.html")).doesNotExist();
    }

    @Test
    void html_escapesWhatCameFromTheTrail() throws IOException {
        Path page = dir.resolve("report.html");

        Cli.Run run = triage("report", "--html", page.toString(), trail.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "</svg>")
                .doesNotContain("<img", "<script", "<b>", "\u001b")
                .contains("&lt;img src=x onerror=alert(1)&gt;\\u001b[2J")
                .contains("md-&quot;&gt;&lt;script&gt;alert(&#39;a&#39;)&lt;/script&gt;")
                .contains("patient-preference&lt;/td&gt;&lt;td&gt;&amp;amp;")
                // override notes are left out of the report
                .doesNotContain("lives nearby");
        // nothing fetched: no address but the SVG namespace
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").replace("http-equiv", ""))
                .doesNotContain("http", "<script", "src=\"", "href=");
    }

    // ---- writing the trail

    private static String[] r(String call, long seq, String time, String... events) {
        String[] record = new String[events.length + 3];
        record[0] = call;
        record[1] = Long.toString(seq);
        record[2] = "2026-11-02T" + time + "Z";
        System.arraycopy(events, 0, record, 3, events.length);
        return record;
    }

    private static String started(String nurse, String protocol, String language) {
        return "{'engine':'0.1.0'," + (language.isEmpty() ? "" : "'language':'" + language + "',") + "'nurse':" + q(nurse)
                + ",'patient':{'age':'54 y','reference':'pt-1','sex':'female'},'protocols':[{" + PIN + "'" + protocol
                + "@1.0.0'}],'type':'CallStarted'}";
    }

    private static String asked(String protocol, String question) {
        return "{'protocol':'" + protocol + "','question':'" + question + "','type':'QuestionAsked'}";
    }

    private static String answered(String protocol, String question, String answer) {
        return "{'answer':" + answer + ",'protocol':'" + protocol + "','question':'" + question + "','type':'AnswerGiven'}";
    }

    private static String reached(String protocol, String disposition, String trigger) {
        return "{'basis':'POSITIVE_ANSWER','disposition':'" + disposition + "','protocol':'" + protocol + "','trigger':'"
                + trigger + "','type':'DispositionReached'}";
    }

    private static String closed(String recommended, String finalDisposition) {
        return "{'final':'" + finalDisposition + "','recommended':'" + recommended + "','type':'CallClosed'}";
    }

    /** A JSON string (in the single quotes the records above are written with). */
    private static String q(String text) {
        return CanonicalJson.MAPPER.getNodeFactory().textNode(text).toString().replace("'", "\\u0027").replace('"', '\'');
    }

    /** The records sealed in a chain after a header, as canonical JSON lines. */
    private static List<String> seal(List<String[]> records) throws IOException {
        List<String> lines = new ArrayList<>();
        String prev = AuditChain.GENESIS;
        List<String[]> all = new ArrayList<>();
        all.add(r(null, 0, "09:59:00", "{'engine':'0.1.0','format':'opentriage/audit/v2','keyed':false,'type':'TrailStarted'}"));
        all.addAll(records);
        for (String[] r : all) {
            ObjectNode record = CanonicalJson.MAPPER.createObjectNode();
            if (r[0] != null) {
                record.put("call", r[0]);
            }
            record.put("seq", Long.parseLong(r[1]));
            record.put("time", r[2]);
            ArrayNode events = record.putArray("events");
            for (int i = 3; i < r.length; i++) {
                events.add(CanonicalJson.MAPPER.readTree(r[i].replace('\'', '"').replace("\\u0027", "'")));
            }
            String hash = AuditChain.hash(AuditChain.body(record, prev));
            record.put("hash", hash);
            lines.add(CanonicalJson.write(record));
            prev = hash;
        }
        return lines;
    }

    /**
     * The demo trail's page in a real headless Chromium: it renders with a chart beside the public mix and every section's
     * table, nothing blocked by its own content policy; a screenshot is written to target/screenshots.
     */
    @Test
    void inARealBrowser_theDemoTrailsPageRenders_withItsChartsAndTables() throws IOException {
        Path page = dir.resolve("demo.html");
        Cli.Run run = triage("report", "--html", page.toString(), DemoTrail.COMMITTED.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        String title = html.substring(html.indexOf("<title>") + "<title>".length(), html.indexOf("</title>"));

        WebDriver browser = Chromium.open(page, dir);
        try {
            assertThat(browser.getTitle()).isEqualTo(title.replace("&amp;", "&"));
            List<WebElement> sections = browser.findElements(By.tagName("section"));
            assertThat(sections).hasSizeGreaterThan(8).allSatisfy(s -> {
                assertThat(s.findElement(By.tagName("h2")).isDisplayed()).isTrue();
                assertThat(s.findElements(By.cssSelector("table tr"))).hasSizeGreaterThan(1);
            });
            WebElement mix = browser.findElement(By.cssSelector("svg[aria-label^='Final disposition of closed calls']"));
            assertThat(mix.getSize().getHeight()).isGreaterThan(100);
            // Both series drawn: this trail's bars and the public mix's, each some wider than a sliver.
            assertThat(mix.findElements(By.cssSelector("rect.a"))).anyMatch(r -> r.getSize().getWidth() > 20);
            assertThat(mix.findElements(By.cssSelector("rect.b"))).anyMatch(r -> r.getSize().getWidth() > 20);
            assertThat(mix.getText()).contains("this trail", "public mix");
            assertThat(Chromium.screenshot(browser, "report-demo.png")).isNotEmptyFile();
        } finally {
            browser.quit();
        }
    }
}

package org.opentriage.cli;

import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained HTML page: inline CSS, tables, and bar charts drawn here as inline SVG; no script,
 * nothing fetched, printable. Every text on the page goes through {@link #escape}: what came from a trail (nurse and
 * approver ids, reason codes, protocol and question ids, languages, file names) is untrusted.
 */
final class ReportHtml {
    private static final int LABEL = 250;
    private static final int PLOT = 380;
    private static final int ROW = 22;

    private ReportHtml() {
    }

    static String page(String headline, List<ReportSections.Section> sections) {
        StringBuilder html = new StringBuilder(32_768);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>").append(escape(headline)).append("</title>\n<style>\n")
                .append("body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d2330;max-width:60rem;margin:2rem auto;padding:0 1rem}\n")
                .append("h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #d0d4dc}\n")
                .append("table{border-collapse:collapse;margin:.5rem 0}th,td{padding:.2rem .6rem;border-bottom:1px solid #eceef2;text-align:left}\n")
                .append("td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f5f8}td:first-child{white-space:pre-wrap}\n")
                .append("p.note{color:#555c6b;margin:.2rem 0;font-size:.9rem}svg{display:block;margin:.5rem 0}\n")
                .append("svg text{font:12px system-ui,sans-serif;fill:#1d2330}.a{fill:#3366aa}.b{fill:#b7c3d6}\n")
                .append("section{break-inside:avoid}@media print{body{margin:0;max-width:none}h2{margin-top:1rem}}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(headline)).append("</h1>\n")
                .append("<p class=\"note\">Decision-support figures from audit trails. Protocols are NOT clinically validated.</p>\n");
        for (ReportSections.Section section : sections) {
            html.append("<section>\n<h2>").append(escape(section.title())).append("</h2>\n");
            if (!section.chart().isEmpty()) {
                chart(html, section);
            }
            html.append("<table>\n<tr>");
            for (int i = 0; i < section.columns().size(); i++) {
                html.append(section.numeric()[i] ? "<th class=\"n\">" : "<th>").append(escape(section.columns().get(i))).append("</th>");
            }
            html.append("</tr>\n");
            for (List<String> row : section.rows()) {
                html.append("<tr>");
                for (int i = 0; i < row.size(); i++) {
                    html.append(section.numeric()[i] ? "<td class=\"n\">" : "<td>").append(escape(row.get(i))).append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n");
            section.notes().forEach(n -> html.append("<p class=\"note\">").append(escape(n)).append("</p>\n"));
            html.append("</section>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** Horizontal bars, one row a bar (two, this trail's and the public figure, when there is one to compare with). */
    private static void chart(StringBuilder html, ReportSections.Section section) {
        List<ReportSections.Bar> bars = section.chart();
        boolean compare = bars.stream().anyMatch(b -> b.compare().isPresent());
        double max = bars.stream().mapToDouble(b -> Math.max(b.percent(), b.compare().orElse(0.0))).max().orElse(0);
        double scale = max <= 0 ? 0 : PLOT / max;
        int height = bars.size() * ROW + (compare ? 24 : 6);
        int width = LABEL + PLOT + 60;
        html.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
                .append(escape(section.title())).append("\">\n");
        int y = 2;
        for (ReportSections.Bar bar : bars) {
            html.append("<text x=\"").append(LABEL - 8).append("\" y=\"").append(y + 14).append("\" text-anchor=\"end\">")
                    .append(escape(clip(bar.label()))).append("</text>");
            int h = compare ? 9 : 16;
            rect(html, "a", y + 1, bar.percent() * scale, h);
            text(html, bar.percent(), scale, y + (compare ? 9 : 14));
            if (bar.compare().isPresent()) {
                rect(html, "b", y + 11, bar.compare().get() * scale, h);
                text(html, bar.compare().get(), scale, y + 19);
            }
            html.append('\n');
            y += ROW;
        }
        if (compare) {
            html.append("<rect class=\"a\" x=\"").append(LABEL).append("\" y=\"").append(y + 6).append("\" width=\"10\" height=\"10\"/>")
                    .append("<text x=\"").append(LABEL + 14).append("\" y=\"").append(y + 15).append("\">this trail</text>")
                    .append("<rect class=\"b\" x=\"").append(LABEL + 90).append("\" y=\"").append(y + 6).append("\" width=\"10\" height=\"10\"/>")
                    .append("<text x=\"").append(LABEL + 104).append("\" y=\"").append(y + 15).append("\">public mix</text>\n");
        }
        html.append("</svg>\n");
    }

    private static void rect(StringBuilder html, String kind, int y, double width, int height) {
        html.append("<rect class=\"").append(kind).append("\" x=\"").append(LABEL).append("\" y=\"").append(y)
                .append("\" width=\"").append(String.format(Locale.ROOT, "%.1f", Math.max(width, 0.5))).append("\" height=\"")
                .append(height).append("\"/>");
    }

    private static void text(StringBuilder html, double percent, double scale, int y) {
        html.append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", LABEL + percent * scale + 4)).append("\" y=\"")
                .append(y).append("\">").append(escape(ReportSections.pct(percent))).append("</text>");
    }

    /** A label cut to fit the chart's label column (the table beside it shows it whole). */
    private static String clip(String label) {
        return label.codePointCount(0, label.length()) <= 40 ? label
                : label.substring(0, label.offsetByCodePoints(0, 39)) + "\u2026";
    }

    /**
     * Text made safe for HTML and SVG, in element content and in quoted attributes: {@code & < > " '} as character
     * references, and control characters (which HTML forbids) shown as {@link Visible} shows them.
     */
    static String escape(String text) {
        String visible = Visible.text(text);
        StringBuilder out = new StringBuilder(visible.length() + 16);
        visible.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}

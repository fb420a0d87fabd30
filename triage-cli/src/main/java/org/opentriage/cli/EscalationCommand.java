package org.opentriage.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import org.opentriage.protocol.Disposition;
import org.opentriage.triage.AppliedModifier;
import org.opentriage.triage.AuditEvent;
import org.opentriage.triage.Escalation;
import org.opentriage.triage.EscalationListener;
import org.opentriage.triage.EscalationStatus;
import org.opentriage.triage.NurseOverride;
import org.opentriage.triage.OpenQuestion;
import org.opentriage.triage.ProtocolResult;
import org.opentriage.triage.RecordedAnswer;

import picocli.CommandLine;

/**
 * {@code triage run --escalate-command CMD}: escalates to the on-call clinician by running a host command (a pager
 * script, a curl to a webhook) with the escalation as one JSON object on its standard input. The command is run
 * directly, split into words as a shell would split them (quotes and backslashes), but never through a shell: to have
 * one, write it ({@code sh -c '...'}). Exit code 0 means delivered; any other exit code, or no exit within the timeout
 * (the command is then killed), fails the attempt. Its standard output is discarded; its standard error is the
 * terminal's. Thread-safe.
 */
final class EscalationCommand implements EscalationListener {
    /** The format named in the JSON, for the receiving end to check. */
    static final String FORMAT = "opentriage/escalation/v1";

    private final List<String> command;
    private final Duration timeout;

    EscalationCommand(List<String> command, Duration timeout) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the escalation command is empty");
        }
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    @Override
    public void escalate(Escalation escalation) throws Exception {
        byte[] json = json(escalation).getBytes(StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            // Written beside the wait: a command that does not read its input must not hold the attempt past its timeout.
            Thread writer = new Thread(() -> write(process, json), "opentriage-escalation-stdin");
            writer.setDaemon(true);
            writer.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("the command did not exit within " + words(timeout) + " (killed)");
            }
            int exit = process.exitValue();
            if (exit != 0) {
                throw new IOException("the command exited with code " + exit);
            }
        } finally {
            // Killed when it overran, or when the engine gave up on the attempt (this thread interrupted).
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    private static void write(Process process, byte[] json) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(json);
        } catch (IOException e) {
            // The command exited without reading it all: its exit code says whether it took the escalation.
        }
    }

    // ---- the JSON

    /**
     * The escalation as the command reads it: one JSON object and a line feed. The basis is each protocol's result
     * with its trigger question and the answers it read; {@code callbackNumber} is always null, a slot for the host.
     */
    static String json(Escalation e) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeStringField("call", e.callId());
            json.writeStringField("reason", e.reason().word());
            json.writeObjectFieldStart("disposition");
            disposition(json, e.disposition());
            json.writeEndObject();
            json.writeStringField("patient", e.patientReference());
            json.writeStringField("nurse", e.nurse());
            json.writeStringField("time", e.time().toString());
            json.writeFieldName("callbackNumber");
            if (e.callbackNumber().isPresent()) {
                json.writeString(e.callbackNumber().get());
            } else {
                json.writeNull();
            }
            json.writeArrayFieldStart("protocols");
            for (AuditEvent.Pin pin : e.pins()) {
                json.writeStartObject();
                json.writeStringField("ref", pin.ref());
                json.writeStringField("hash", pin.hash());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("basis");
            for (ProtocolResult r : e.protocols()) {
                basis(json, r);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("modifiers");
            for (AppliedModifier m : e.modifiers()) {
                json.writeStartObject();
                json.writeStringField("modifier", m.modifier());
                json.writeStringField("protocol", m.protocol());
                json.writeStringField("from", m.from().id());
                json.writeStringField("to", m.to().id());
                json.writeStringField("reason", m.reason().english());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("overrides");
            for (NurseOverride o : e.overrides()) {
                // The nurse's free-text note stays in the audit trail: it may name people.
                json.writeStartObject();
                json.writeStringField("from", o.from().id());
                json.writeStringField("to", o.to().id());
                json.writeStringField("direction", o.isDowngrade() ? "down" : "up");
                json.writeStringField("reasonCode", o.reasonCode());
                json.writeStringField("nurse", o.nurse());
                if (o.approver().isPresent()) {
                    json.writeStringField("approver", o.approver().get());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            if (e.error().isPresent()) {
                json.writeStringField("error", e.error().get());
            }
            json.writeArrayFieldStart("openQuestions");
            for (OpenQuestion q : e.openQuestions()) {
                json.writeStartObject();
                json.writeStringField("protocol", q.protocol());
                json.writeStringField("question", q.question().id());
                json.writeStringField("text", q.question().text().english());
                json.writeStringField("ifPositive", q.ifPositive().id());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return text + "\n";
    }

    private static void disposition(JsonGenerator json, Disposition d) throws IOException {
        json.writeStringField("id", d.id());
        json.writeStringField("label", d.label().english());
        json.writeStringField("timeFrame", d.timeFrame().english());
        json.writeNumberField("acuity", d.acuity());
        json.writeStringField("category", d.category().word());
    }

    private static void basis(JsonGenerator json, ProtocolResult r) throws IOException {
        json.writeStartObject();
        json.writeStringField("protocol", r.protocol());
        json.writeStringField("disposition", r.disposition().id());
        json.writeStringField("basis", r.basis().name());
        if (r.trigger().isPresent()) {
            json.writeStringField("trigger", r.trigger().get());
        }
        if (r.triggerText().isPresent()) {
            json.writeStringField("triggerText", r.triggerText().get().english());
        }
        json.writeArrayFieldStart("evidence");
        for (RecordedAnswer a : r.evidence()) {
            json.writeStartObject();
            json.writeStringField("question", a.question());
            json.writeStringField("answer", a.answer().text());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    // ---- the command line

    /** The command's words, split as a shell splits them: blanks between words, quotes and backslashes as in sh. */
    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("a quote (') is not closed: " + command);
                }
                word = (word == null ? new StringBuilder() : word).append(command, i + 1, end);
                i = end;
            } else if (c == '"') {
                word = word == null ? new StringBuilder() : word;
                int j = i + 1;
                for (; j < command.length() && command.charAt(j) != '"'; j++) {
                    char d = command.charAt(j);
                    if (d == '\\' && j + 1 < command.length() && "\"\\$`".indexOf(command.charAt(j + 1)) >= 0) {
                        d = command.charAt(++j);
                    }
                    word.append(d);
                }
                if (j >= command.length()) {
                    throw new IllegalArgumentException("a quote (\") is not closed: " + command);
                }
                i = j;
            } else if (c == '\\' && i + 1 < command.length()) {
                word = (word == null ? new StringBuilder() : word).append(command.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = (word == null ? new StringBuilder() : word).append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the escalation command is empty");
        }
        return words;
    }

    /** What the nurse reads of the call's escalations once their deliveries ended. */
    static void print(List<EscalationStatus> statuses, PrintWriter out) {
        for (EscalationStatus s : statuses) {
            Escalation e = s.escalation();
            String what = "to on-call (" + e.disposition().id()
                    + (e.reason() == Escalation.Reason.FAILED_CLOSED ? ", call failed closed" : "") + ")";
            switch (s.state()) {
                case SENT -> out.println("Escalated " + what + ": sent");
                case FAILED -> out.println(Visible.text("Escalation " + what + " FAILED after " + s.attempts() + " attempt"
                        + (s.attempts() == 1 ? "" : "s") + ": " + s.error().orElse("?")
                        + ". Phone the on-call clinician now."));
                case PENDING -> out.println("Escalation " + what + ": not known whether it was delivered. Phone the "
                        + "on-call clinician now.");
            }
            if (!s.recorded() && s.done()) {
                out.println("  (this escalation's outcome is not in the audit trail)");
            }
        }
    }

    private static String words(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** A timeout as typed: {@code 10s}, {@code 500ms}, {@code 2m}, or a number of seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})\\s*(ms|s|m)?");

        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a timeout: give 10s, 500ms or 2m");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }
}

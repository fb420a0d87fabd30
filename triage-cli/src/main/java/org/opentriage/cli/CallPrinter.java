package org.opentriage.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Unit;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AppliedModifier;
import org.opentriage.triage.NurseOverride;
import org.opentriage.triage.OpenQuestion;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.Patient;
import org.opentriage.triage.ProtocolResult;
import org.opentriage.triage.Step;
import org.opentriage.triage.Suggestion;

/** Writes a call as the nurse follows it: each question with what it accepts, then the outcome and its basis. */
final class CallPrinter {
    private static final int WIDTH = 100;
    private static final String NOT_VALIDATED = "NOT clinically validated: these protocols are drafts and must not be used for "
            + "patient care until a clinical lead approves them. OpenTriage supports the judgment of a registered "
            + "nurse; it does not replace it.";

    private final PrintWriter out;
    /**
     * The language of the call: caller-facing texts in it, or in English marked {@code [en]}; the clinical
     * documentation (rationales, modifier reasons) stays in English.
     */
    private final String language;

    CallPrinter(PrintWriter out, String language) {
        this.out = out;
        this.language = language;
    }

    void protocols(List<Protocol> protocols) {
        for (Protocol p : protocols) {
            out.println("Protocol " + p.ref() + ": " + p.title().render(language) + " (" + ListCommand.status(p) + ")");
        }
    }

    /** The patient as the call has it; facts answer their questions without asking. */
    void patient(Patient patient) {
        out.println(Visible.text("Patient " + patient.reference() + ": " + patient.age()
                + patient.sex().map(s -> ", " + s.word()).orElse(", sex not known")
                + patient.pregnant().map(p -> p ? ", pregnant" : ", not pregnant").orElse("")
                + (patient.facts().isEmpty() ? "" : "; facts: " + patient.facts().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey()).map(f -> f.getKey().key() + " " + f.getValue().text())
                        .collect(Collectors.joining(", ")))));
    }

    /** The question, red flag and rationale, choice options; ends with the hint of what to type. */
    void question(Step.Ask ask) {
        Question q = ask.question();
        out.println();
        out.println("[" + ask.protocol() + " " + q.id() + "]" + (q.redFlag() ? " RED FLAG" : ""));
        wrap(q.text().render(language) + " " + hint(ask), "");
        q.rationale().filter(r -> q.redFlag()).ifPresent(r -> wrap("Why it matters: " + r.english(), "  "));
        if (q.type() instanceof AnswerType.Choice choice) {
            int width = choice.options().stream().mapToInt(o -> o.code().length()).max().orElse(0);
            choice.options().forEach(o -> out.println("  " + pad(o.code(), width) + "  " + o.text().render(language)));
        }
        if (q.type() instanceof AnswerType.Checklist checklist) {
            int width = checklist.items().stream().mapToInt(i -> i.code().length()).max().orElse(0);
            checklist.items().forEach(i -> out.println("  " + pad(i.code(), width) + "  " + i.text().render(language)
                    + i.disposition().map(d -> "  [" + d.id() + "]").orElse("")));
        }
    }

    /** Asks whether to add a protocol an answer suggests. */
    void suggestion(Suggestion suggestion) {
        out.println();
        wrap("The answer suggests " + suggestion.title().render(language) + " (" + suggestion.protocol() + "): add it to the call? (y/n)", "");
    }

    /** A suggested protocol the nurse added: its questions come next. */
    void added(String ref, Suggestion suggestion) {
        out.println("Protocol " + ref + " added: " + suggestion.title().render(language));
    }

    /** What the question accepts: {@code (y/n/?)}, option codes, a number and its units. */
    static String hint(Step.Ask ask) {
        String unknown = ask.unknownAllowed() ? "/?" : "";
        // A measurement with a fallback: "?" asks the observable question in its place.
        String orUnknown = ask.question().fallback().isPresent() ? "; ? if not measured or not known"
                : ask.unknownAllowed() ? "; ? if not known" : "";
        AnswerType type = ask.question().type();
        if (type instanceof AnswerType.Choice) {
            return "(an option code" + orUnknown + ")";
        }
        if (type instanceof AnswerType.Checklist) {
            return "(the codes of those that apply, or none" + orUnknown + ")";
        }
        if (type instanceof AnswerType.Number number) {
            List<Unit> others = number.unit().dimension().units().stream().filter(u -> !number.accepts().contains(u)).toList();
            return "(a number" + (number.unit() == Unit.NONE ? "" : " in " + units(number)
                    + (others.isEmpty() ? "" : ", also " + others.stream().map(Unit::symbol).collect(Collectors.joining(" or "))))
                    + orUnknown + ")";
        }
        return "(y/n" + unknown + ")";
    }

    /** The units a number question offers: {@code °C or °F} (it takes any unit of their dimension). */
    static String units(AnswerType.Number number) {
        return number.accepts().stream().map(Unit::symbol).collect(Collectors.joining(" or "));
    }

    void outcome(Outcome outcome, List<Protocol> protocols) {
        out.println();
        out.println("OUTCOME");
        outcome.error().ifPresent(e -> wrap("The triage software FAILED; the call escalates: " + Visible.text(e), "  "));
        out.println("  Recommended: " + describe(outcome.recommended()));
        out.println("  Final:       " + describe(outcome.finalDisposition()));
        if (!outcome.openQuestions().isEmpty()) {
            out.println();
            out.println("NOT YET RULED OUT - ask these by hand, most urgent first; a yes gives the disposition shown");
            for (OpenQuestion open : outcome.openQuestions()) {
                Question q = open.question();
                wrap("- [" + open.ifPositive().id() + "]" + (q.redFlag() ? " RED FLAG" : "") + " " + q.text().render(language)
                        + " (" + open.protocol() + " " + q.id() + ")", "  ", "    ");
            }
        }
        if (!outcome.suggestions().isEmpty()) {
            out.println();
            out.println("SUGGESTED, NOT DECIDED - the answers suggest these protocols too: add them to the call or decline them");
            outcome.suggestions().forEach(s -> wrap("- " + describe(s), "  ", "    "));
        }
        out.println();
        out.println("Basis");
        outcome.protocols().forEach(this::basis);
        for (AppliedModifier m : outcome.modifiers()) {
            wrap("Modifier " + m.modifier() + " raised " + m.protocol() + " from " + m.from().id() + " to " + m.to().id()
                    + ": " + m.reason().english(), "  ");
        }
        for (NurseOverride o : outcome.overrides()) {
            wrap(Visible.text("Override by " + o.nurse() + " from " + o.from().id() + " to " + o.to().id() + " ("
                    + o.reasonCode() + ")" + o.approver().map(a -> ", approved by " + a).orElse("")
                    + (o.note().isBlank() ? "" : ": " + o.note())), "  ");
        }
        for (Suggestion s : outcome.declinedSuggestions()) {
            wrap("Suggestion declined: " + describe(s), "  ");
        }
        if (!outcome.unusedFacts().isEmpty()) {
            wrap("Given but not used by these protocols: " + outcome.unusedFacts().stream().map(PatientFact::key)
                    .collect(Collectors.joining(", ")), "  ");
        }
        out.println();
        out.println("Care advice");
        outcome.careAdvice().forEach(text -> bullet(text));
        out.println();
        out.println("Call back if");
        outcome.callBackIf().forEach(text -> bullet(text));
        if (protocols.stream().anyMatch(p -> !p.approval().clinicallyValidated())) {
            out.println();
            wrap(NOT_VALIDATED, "");
        }
    }

    private void basis(ProtocolResult result) {
        String why = switch (result.basis()) {
            case POSITIVE_ANSWER -> "positive answer to " + result.trigger().orElseThrow();
            case UNKNOWN_ANSWER -> "\"don't know\" (counts as yes) to " + result.trigger().orElseThrow();
            case UNKNOWN_ESCALATED -> "\"don't know\" (escalated) to " + result.trigger().orElseThrow();
            case DEFAULT -> "default: no question was positive";
            case SUPERSEDED -> "not asked: the call already needs an ambulance";
        };
        out.println("  " + result.protocol() + ": " + result.disposition().id() + ", " + why);
        result.triggerText().ifPresent(t -> wrap("Question: " + t.render(language), "    "));
        if (!result.evidence().isEmpty()) {
            wrap("Answers it read: " + result.evidence().stream().map(a -> a.question() + " "
                    + (a.answer() instanceof Answer.Unknown ? "don't know" : Visible.text(a.answer().text())))
                    .collect(Collectors.joining("; ")), "    ");
        }
        result.rationale().ifPresent(r -> wrap("Why: " + r.english(), "    "));
    }

    /** A suggestion and what suggested it: {@code Cough (adult) (cough-adult), by chest-pain-adult fever-with-cough: yes}. */
    private String describe(Suggestion s) {
        return s.title().render(language) + " (" + s.protocol() + "), by " + s.by() + " " + s.question() + ": " + Visible.text(s.answer().text());
    }

    private String describe(Disposition d) {
        return d.label().render(language) + " (" + d.timeFrame().render(language) + ") [" + d.id() + "]";
    }

    private void bullet(LocalizedText text) {
        wrap("- " + text.render(language), "  ", "    ");
    }

    private void wrap(String text, String indent) {
        wrap(text, indent, indent);
    }

    /** Writes {@code text} in lines of at most {@value #WIDTH} characters where the words allow. */
    private void wrap(String text, String firstIndent, String indent) {
        StringBuilder line = new StringBuilder(firstIndent);
        int start = firstIndent.length();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > start && line.length() + 1 + word.length() > WIDTH) {
                out.println(line);
                line = new StringBuilder(indent);
                start = indent.length();
            }
            if (line.length() > start) {
                line.append(' ');
            }
            line.append(word);
        }
        out.println(line);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}

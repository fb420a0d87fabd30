package org.opentriage.internal.lint;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.opentriage.internal.load.SourceMap;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.QuestionBank;
import org.opentriage.protocol.TriageGroup;

/**
 * The design rules about questions: one finding per question (rule 1), red flags first in the emergent groups (rule
 * 4), shared questions used rather than copied (rule 6), and readings taken as patient facts (rule 7).
 */
final class QuestionRules {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    /** How alike a question's words must be to a shared question's to count as a copy of it. */
    private static final double COPY_LIKENESS = 0.5;

    /**
     * A reading of a patient fact, told by a number question's unit and words; for a measurement (a thermometer, a
     * meter, a counted rate), also by a threshold a yes/no question quotes.
     *
     * @param threshold the threshold of a measurement as a text quotes it; empty for facts that are not measured
     */
    private record Reading(PatientFact fact, Pattern words, Optional<Pattern> threshold) {
        Reading(PatientFact fact, String words, String threshold) {
            this(fact, Pattern.compile(words, FLAGS), Optional.of(threshold).filter(t -> !t.isEmpty()).map(t -> Pattern.compile(t, FLAGS)));
        }
    }

    private static final String ANY = "";
    private static final String AMOUNT = "\\b\\d+(?:\\.\\d+)?\\s*";
    private static final List<Reading> READINGS = List.of(
            new Reading(PatientFact.TEMPERATURE, ANY, AMOUNT + "°\\s*[CF]\\b"),
            new Reading(PatientFact.BLOOD_GLUCOSE, ANY, AMOUNT + "(?:mmol/L|mg/dL)"),
            // A pressure is the systolic reading unless the text asks for the lower (diastolic) number, which no fact holds.
            new Reading(PatientFact.SYSTOLIC_BP, "^(?![\\s\\S]*\\b(?:diastolic|bottom number|lower number)\\b)", AMOUNT + "mmHg"),
            new Reading(PatientFact.OXYGEN_SATURATION, "\\b(?:oxygen|saturation|oximeter|SpO2|sats)\\b", AMOUNT + "%"),
            new Reading(PatientFact.RESPIRATORY_RATE, "\\b(?:breath|breaths|breathing|respiratory)\\b",
                    AMOUNT + "(?:/min|breaths? (?:a|per|each) minute)"),
            new Reading(PatientFact.HEART_RATE, "\\b(?:heart|pulse|beats?)\\b", AMOUNT + "(?:/min|beats? (?:a|per|each) minute)"),
            new Reading(PatientFact.WEIGHT, "\\bweigh", ""),
            new Reading(PatientFact.PREGNANCY_WEEKS, "\\bpregnan", ""));

    private QuestionRules() {
    }

    /** The library's shared questions, checked once where {@code questions.yaml} defines them. */
    static void checkShared(QuestionBank bank, SourceMap map, Findings findings) {
        Findings.File file = new Findings.File(Optional.empty(), map.file());
        for (Question q : bank.questions().values()) {
            wording(q, file, map, findings);
            reading(q, Set.of(), file, map, findings);
        }
    }

    /** A protocol's own questions (those it uses from the shared questions are checked where they are defined). */
    static void check(Protocol protocol, SourceMap map, Optional<QuestionBank> bank, Findings findings) {
        Findings.File file = new Findings.File(Optional.of(protocol.ref()), map.file());
        Set<PatientFact> bound = protocol.questions().flatMap(q -> q.fact().stream()).collect(Collectors.toSet());
        protocol.questions().filter(q -> !protocol.isShared(q)).forEach(q -> {
            wording(q, file, map, findings);
            reading(q, bound, file, map, findings);
            bank.ifPresent(b -> copyOfShared(q, b, file, map, findings));
        });
        redFlagsFirst(protocol, file, map, findings);
    }

    /** Rule 1: a yes/no question that joins several findings. */
    private static void wording(Question q, Findings.File file, SourceMap map, Findings findings) {
        if (!(q.type() instanceof AnswerType.YesNo)) {
            return;
        }
        Wording.joinedFindings(q.text().english()).ifPresent(joined -> findings.add(ProblemCode.COMPOUND_QUESTION, file,
                map.question(q.id()).text(), q.id(), "question '" + q.id() + "' asks about several findings at once (\""
                        + joined + "\"); ask one finding, or make it a checklist (type: checklist) with one item a finding;"
                        + " examples of one finding go after a colon or in brackets"));
    }

    /**
     * Rule 7: a question that asks for a reading a patient fact covers without being bound to it ({@code fact:}), so the
     * reading never reaches the other protocols of the call: a number question in the fact's unit, or a yes/no question
     * whose text quotes a threshold of the reading when neither the protocol nor the question reads the fact.
     */
    private static void reading(Question q, Set<PatientFact> bound, Findings.File file, SourceMap map, Findings findings) {
        if (q.fact().isPresent()) {
            return;
        }
        String text = q.text().english();
        if (q.type() instanceof AnswerType.Number number) {
            READINGS.stream().filter(r -> r.fact().dimension().equals(Optional.of(number.unit().dimension())))
                    .filter(r -> r.words().matcher(text).find())
                    .findFirst()
                    .ifPresent(r -> findings.add(ProblemCode.READING_NOT_A_FACT, file, map.question(q.id()).at(), q.id(),
                            "question '" + q.id() + "' asks for the " + r.fact().key() + " reading but is not bound to the"
                                    + " patient fact, so the reading reaches no other protocol of the call; add 'fact: "
                                    + r.fact().key() + "'"));
        } else if (q.type() instanceof AnswerType.YesNo) {
            Set<PatientFact> read = q.askIf().map(QuestionRules::factsRead).orElse(Set.of());
            READINGS.stream().filter(r -> r.threshold().map(t -> t.matcher(text).find()).orElse(false) && r.words().matcher(text).find())
                    .filter(r -> !bound.contains(r.fact()) && !read.contains(r.fact()))
                    .findFirst()
                    .ifPresent(r -> findings.add(ProblemCode.READING_NOT_A_FACT, file, map.question(q.id()).text(), q.id(),
                            "yes/no question '" + q.id() + "' asks whether the " + r.fact().key() + " reading passes a"
                                    + " threshold, so a reading the caller gives is never recorded and no other protocol sees"
                                    + " it; read the fact instead (a derived question with askIf: known(" + r.fact().key()
                                    + ")), keeping this question for when it is not known (askIf: not known(" + r.fact().key()
                                    + "))"));
        }
    }

    /** The patient facts a condition names. */
    static Set<PatientFact> factsRead(Condition condition) {
        return Routes.subjects(condition).stream()
                .filter(s -> s instanceof Condition.Subject.Fact)
                .map(s -> ((Condition.Subject.Fact) s).fact())
                .collect(Collectors.toSet());
    }

    /**
     * Rule 6: the protocol asks its own copy of a question the shared questions define (the same id, or much the same
     * words for the same kind of answer) instead of using it, so a call asks it again.
     */
    private static void copyOfShared(Question q, QuestionBank bank, Findings.File file, SourceMap map, Findings findings) {
        Optional<Question> sameId = bank.question(q.id());
        Optional<Question> copied = sameId.or(() -> bank.questions().values().stream()
                .filter(shared -> shared.type().word().equals(q.type().word()))
                .filter(shared -> Wording.likeness(shared.text().english(), q.text().english()) >= COPY_LIKENESS)
                .max(Comparator.comparingDouble(shared -> Wording.likeness(shared.text().english(), q.text().english()))));
        copied.ifPresent(shared -> findings.add(ProblemCode.COPY_OF_SHARED_QUESTION, file, map.question(q.id()).at(), q.id(),
                "question '" + q.id() + "' is its own copy of the shared question '" + shared.id() + "' ("
                        + (sameId.isPresent() ? "the same id" : "much the same words") + "), so a call may ask it twice;"
                        + " replace it with '- use: " + shared.id() + "'"));
    }

    /**
     * Rule 4: in an emergent group (and the protocol's first group), a question the nurse asks that is not a red flag
     * comes before a red flag of the group: history, documentation and lesser findings go after the red flags.
     */
    private static void redFlagsFirst(Protocol protocol, Findings.File file, SourceMap map, Findings findings) {
        for (int g = 0; g < protocol.triage().size(); g++) {
            TriageGroup group = protocol.triage().get(g);
            if (g > 0 && group.disposition().category() != Disposition.Category.EMERGENT) {
                continue;
            }
            List<Question> asked = group.questions().stream().filter(Question::isAsked).toList();
            for (int i = 0; i < asked.size(); i++) {
                Question q = asked.get(i);
                if (q.redFlag()) {
                    continue;
                }
                asked.subList(i + 1, asked.size()).stream().filter(Question::redFlag).findFirst().ifPresent(redFlag ->
                        findings.add(ProblemCode.RED_FLAGS_NOT_FIRST, file, map.question(q.id()).at(), q.id(), "question '"
                                + q.id() + "' is not a red flag but is asked before the red flag '" + redFlag.id()
                                + "' of group '" + group.disposition().id() + "'; move it after the group's red flags, or"
                                + " mark it redFlag: true (with a rationale) if it is one"));
            }
        }
    }
}

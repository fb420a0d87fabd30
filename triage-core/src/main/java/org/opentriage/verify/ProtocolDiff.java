package org.opentriage.verify;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.opentriage.protocol.Advice;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.CareAdvice;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.triage.Answer;
import org.opentriage.triage.Call;
import org.opentriage.triage.MemoryAuditSink;
import org.opentriage.triage.Patient;
import org.opentriage.triage.Step;
import org.opentriage.triage.TriageEngine;

/**
 * The clinical change between two versions of a protocol, as a clinical lead reviews it: first what changed in the
 * text (questions added, removed, reworded, moved between acuity groups; conditions and thresholds; red flags; what
 * "don't know" means; advice and call-back lines), then what changed in behaviour: the answer paths whose
 * disposition falls or rises, one example path for each change of level, falls first.
 *
 * <p>Behaviour is compared on the paths the {@link PathWalker} walks for each version (every future once, on the
 * patients of the grid of each version): each path of one version is answered again, question by question, on the
 * other, with the same answer to the same question id. A path that asks, on the other version, a question it did
 * not answer, or gives an answer the other refuses (an option removed), cannot be compared and is counted as such.
 */
public final class ProtocolDiff {
    /**
     * One change in the text.
     *
     * @param kind   what kind of change
     * @param where  the question, option, item or advice it is about
     * @param detail before → after, or what was added or removed
     */
    public record Change(Kind kind, String where, String detail) {
        /** Checks the components and copies the lists. */
        public Change {
            requireNonNull(kind, "kind");
            requireNonNull(where, "where");
            requireNonNull(detail, "detail");
        }
    }

    /** What kind of change, in the order a lead reads them. */
    public enum Kind {
        /** The protocol's title, population or default disposition. */
        PROTOCOL,
        /** A question the new version asks and the old did not. */
        QUESTION_ADDED,
        /** A question the old version asked and the new does not. */
        QUESTION_REMOVED,
        /** A question (or checklist item) that decides another disposition. */
        QUESTION_MOVED,
        /** When a question is asked, or when it is positive: guards and thresholds. */
        CONDITION,
        /** A question that became, or stopped being, a red flag. */
        RED_FLAG,
        /** What "don't know" means. */
        UNKNOWN_ANSWER,
        /** The answers a question takes: its type, unit and range, options and items. */
        ANSWERS,
        /** A text reworded, in any language. */
        REWORDED,
        /** Advice lines added or removed. */
        ADVICE,
        /** Call-back lines added or removed. */
        CALL_BACK;

        /** {@return the kind in words, as the command line prints it} */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * A change of disposition on the same answers: from the old version's to the new one's, with one example path.
     *
     * @param from      the old version's disposition (id)
     * @param to        the new version's disposition (id)
     * @param falls     whether {@code to} is less urgent than {@code from}
     * @param patient   the patient of the example path
     * @param questions the questions of the example path, in the order asked
     * @param answers   the answers of the example path
     * @param count     how many compared paths change this way
     */
    public record Shift(String from, String to, boolean falls, Patient patient, List<String> questions,
                        List<Answer> answers, long count) {
        /** Checks the components and copies the lists. */
        public Shift {
            questions = List.copyOf(questions);
            answers = List.copyOf(answers);
        }
    }

    /**
     * The diff.
     *
     * @param oldVersion   the old version
     * @param newVersion   the new version
     * @param changes      the changes in the text, in the order of {@link Kind}
     * @param shifts       the changes of disposition, falls first, most paths first
     * @param compared     paths answered on both versions
     * @param incomparable paths that could not be answered on the other version
     */
    public record Report(Protocol oldVersion, Protocol newVersion, List<Change> changes, List<Shift> shifts, long compared,
                         long incomparable) {
        /** Checks the components and copies the lists. */
        public Report {
            changes = List.copyOf(changes);
            shifts = List.copyOf(shifts);
        }

        /** {@return the changes of disposition to a less urgent one} */
        public List<Shift> falls() {
            return shifts.stream().filter(Shift::falls).toList();
        }

        /** {@return the changes of disposition to a more urgent one} */
        public List<Shift> rises() {
            return shifts.stream().filter(s -> !s.falls()).toList();
        }
    }

    private ProtocolDiff() {
    }

    /**
     * Compares two versions; each is run by an engine over the library it was read in (the old version may come from
     * a file outside the library).
     *
     * @param oldLibrary the library the old version was read in
     * @param oldVersion the old version
     * @param newLibrary the library the new version was read in
     * @param newVersion the new version
     * @param grid       the patients each version is walked for
     * @return the text's changes and the changes of disposition
     */
    public static Report compare(ProtocolLibrary oldLibrary, Protocol oldVersion, ProtocolLibrary newLibrary, Protocol newVersion,
                                 ProtocolVerifier.Grid grid) {
        List<Change> changes = changes(oldVersion, newVersion);
        Behaviour behaviour = new Behaviour(oldLibrary, oldVersion, newLibrary, newVersion, grid);
        behaviour.run();
        List<Shift> shifts = new ArrayList<>(behaviour.shifts.values());
        shifts.sort(Comparator.comparing((Shift s) -> !s.falls()).thenComparing(s -> -s.count()));
        return new Report(oldVersion, newVersion, changes, shifts, behaviour.compared, behaviour.incomparable);
    }

    // ---- the text

    static List<Change> changes(Protocol a, Protocol b) {
        List<Change> out = new ArrayList<>();
        texts(out, Kind.PROTOCOL, "title", a.title(), b.title());
        if (!a.population().equals(b.population())) {
            out.add(new Change(Kind.PROTOCOL, "population", a.population().describe() + " → " + b.population().describe()));
        }
        if (!a.defaultDisposition().equals(b.defaultDisposition())) {
            out.add(new Change(Kind.PROTOCOL, "default disposition", a.defaultDisposition().id() + " → "
                    + b.defaultDisposition().id()));
        }
        Map<String, String> placeA = placements(a);
        Map<String, String> placeB = placements(b);
        Map<String, Question> qa = questions(a);
        Map<String, Question> qb = questions(b);
        for (String id : qb.keySet()) {
            if (!qa.containsKey(id)) {
                out.add(new Change(Kind.QUESTION_ADDED, id, "in " + placeB.get(id) + ": " + quote(qb.get(id).text())));
            }
        }
        for (String id : qa.keySet()) {
            if (!qb.containsKey(id)) {
                out.add(new Change(Kind.QUESTION_REMOVED, id, "from " + placeA.get(id) + ": " + quote(qa.get(id).text())));
            }
        }
        for (String id : qb.keySet()) {
            Question x = qa.get(id);
            Question y = qb.get(id);
            if (x == null) {
                continue;
            }
            if (!Objects.equals(placeA.get(id), placeB.get(id))) {
                out.add(new Change(Kind.QUESTION_MOVED, id, placeA.get(id) + " → " + placeB.get(id)));
            }
            condition(out, id, "ask if", x.askIf(), y.askIf());
            condition(out, id, "positive if", x.positiveIf(), y.positiveIf());
            if (x.redFlag() != y.redFlag()) {
                out.add(new Change(Kind.RED_FLAG, id, y.redFlag() ? "now a red flag" : "no longer a red flag"));
            }
            if (!x.onUnknown().equals(y.onUnknown())) {
                out.add(new Change(Kind.UNKNOWN_ANSWER, id, x.onUnknown() + " → " + y.onUnknown()));
            }
            answers(out, id, x.type(), y.type());
            texts(out, Kind.REWORDED, id, x.text(), y.text());
            lines(out, Kind.ADVICE, id + " advice", x.advice(), y.advice());
        }
        Map<String, List<LocalizedText>> adviceA = careAdvice(a);
        Map<String, List<LocalizedText>> adviceB = careAdvice(b);
        Set<String> levels = new LinkedHashSet<>(adviceA.keySet());
        levels.addAll(adviceB.keySet());
        for (String level : levels) {
            lines(out, Kind.ADVICE, "care advice " + level, adviceA.getOrDefault(level, List.of()), adviceB.getOrDefault(level, List.of()));
        }
        lines(out, Kind.CALL_BACK, "call back", a.callBackIf().stream().map(ProtocolDiff::adviceLine).toList(),
                b.callBackIf().stream().map(ProtocolDiff::adviceLine).toList());
        out.sort(Comparator.comparing(Change::kind));
        return out;
    }

    /** Where each question sits: assessment, or the acuity group's disposition. */
    private static Map<String, String> placements(Protocol p) {
        Map<String, String> out = new LinkedHashMap<>();
        p.assessment().forEach(q -> out.put(q.id(), "assessment"));
        for (TriageGroup g : p.triage()) {
            g.questions().forEach(q -> out.put(q.id(), "group " + g.disposition().id()));
        }
        return out;
    }

    private static Map<String, Question> questions(Protocol p) {
        Map<String, Question> out = new LinkedHashMap<>();
        p.questions().forEach(q -> out.put(q.id(), q));
        return out;
    }

    private static void condition(List<Change> out, String id, String what, Optional<Condition> x, Optional<Condition> y) {
        String a = x.map(Condition::text).orElse("(none)");
        String b = y.map(Condition::text).orElse("(none)");
        if (!a.equals(b)) {
            out.add(new Change(Kind.CONDITION, id, what + ": " + a + " → " + b));
        }
    }

    private static void answers(List<Change> out, String id, AnswerType x, AnswerType y) {
        if (!x.getClass().equals(y.getClass())) {
            out.add(new Change(Kind.ANSWERS, id, "type " + typeName(x) + " → " + typeName(y)));
            return;
        }
        if (x instanceof AnswerType.Number a && y instanceof AnswerType.Number b) {
            if (!a.equals(b)) {
                out.add(new Change(Kind.ANSWERS, id, "unit or range: " + a.unit().symbol() + " " + a.plausible().min() + " to "
                        + a.plausible().max() + " → " + b.unit().symbol() + " " + b.plausible().min() + " to " + b.plausible().max()));
            }
        } else if (x instanceof AnswerType.Choice a && y instanceof AnswerType.Choice b) {
            codes(out, id, "option", a.options().stream().collect(Collectors.toMap(AnswerType.Option::code, AnswerType.Option::text,
                    (p, q) -> p, LinkedHashMap::new)), b.options().stream().collect(Collectors.toMap(AnswerType.Option::code,
                    AnswerType.Option::text, (p, q) -> p, LinkedHashMap::new)));
        } else if (x instanceof AnswerType.Checklist a && y instanceof AnswerType.Checklist b) {
            codes(out, id, "item", a.items().stream().collect(Collectors.toMap(AnswerType.Item::code, AnswerType.Item::text,
                    (p, q) -> p, LinkedHashMap::new)), b.items().stream().collect(Collectors.toMap(AnswerType.Item::code,
                    AnswerType.Item::text, (p, q) -> p, LinkedHashMap::new)));
            Map<String, String> da = new LinkedHashMap<>();
            a.items().forEach(i -> da.put(i.code(), i.disposition().map(Disposition::id).orElse("the group's")));
            b.items().forEach(i -> {
                String before = da.get(i.code());
                String after = i.disposition().map(Disposition::id).orElse("the group's");
                if (before != null && !before.equals(after)) {
                    out.add(new Change(Kind.QUESTION_MOVED, id + " item " + i.code(), before + " → " + after));
                }
            });
        }
    }

    private static void codes(List<Change> out, String id, String what, Map<String, LocalizedText> a, Map<String, LocalizedText> b) {
        b.forEach((code, text) -> {
            if (!a.containsKey(code)) {
                out.add(new Change(Kind.ANSWERS, id, what + " added: " + code + " " + quote(text)));
            } else {
                texts(out, Kind.REWORDED, id + " " + what + " " + code, a.get(code), text);
            }
        });
        a.forEach((code, text) -> {
            if (!b.containsKey(code)) {
                out.add(new Change(Kind.ANSWERS, id, what + " removed: " + code + " " + quote(text)));
            }
        });
    }

    private static void texts(List<Change> out, Kind kind, String where, LocalizedText x, LocalizedText y) {
        if (!x.english().equals(y.english())) {
            out.add(new Change(kind, where, quote(x) + " → " + quote(y)));
        }
        Set<String> languages = new LinkedHashSet<>(x.byLanguage().keySet());
        languages.addAll(y.byLanguage().keySet());
        languages.remove(LocalizedText.ENGLISH);
        for (String language : languages) {
            if (!Objects.equals(x.in(language), y.in(language))) {
                out.add(new Change(kind, where + " [" + language + "]", x.in(language).map(t -> "\"" + t + "\"").orElse("(none)")
                        + " → " + y.in(language).map(t -> "\"" + t + "\"").orElse("(none)")));
            }
        }
    }

    private static void lines(List<Change> out, Kind kind, String where, List<LocalizedText> x, List<LocalizedText> y) {
        List<String> a = x.stream().map(LocalizedText::english).toList();
        List<String> b = y.stream().map(LocalizedText::english).toList();
        b.stream().filter(line -> !a.contains(line)).forEach(line -> out.add(new Change(kind, where, "added: \"" + line + "\"")));
        a.stream().filter(line -> !b.contains(line)).forEach(line -> out.add(new Change(kind, where, "removed: \"" + line + "\"")));
    }

    private static Map<String, List<LocalizedText>> careAdvice(Protocol p) {
        Map<String, List<LocalizedText>> out = new LinkedHashMap<>();
        for (CareAdvice c : p.careAdvice()) {
            out.put(c.disposition().id(), c.advice().stream().map(ProtocolDiff::adviceLine).toList());
        }
        return out;
    }

    /** An advice line with its condition, as one text to compare. */
    private static LocalizedText adviceLine(Advice a) {
        String prefix = a.when().map(c -> "[when " + c.text() + "] ").orElse("");
        Map<String, String> texts = new LinkedHashMap<>();
        a.text().byLanguage().forEach((language, text) -> texts.put(language, prefix + text));
        return new LocalizedText(texts);
    }

    private static String typeName(AnswerType t) {
        return t.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String quote(LocalizedText t) {
        return "\"" + t.english() + "\"";
    }

    // ---- behaviour

    private static final class Behaviour {
        private final ProtocolLibrary oldLibrary;
        private final Protocol oldVersion;
        private final ProtocolLibrary newLibrary;
        private final Protocol newVersion;
        private final ProtocolVerifier.Grid grid;
        private final TriageEngine oldEngine;
        private final TriageEngine newEngine;
        private final Map<List<String>, Shift> shifts = new LinkedHashMap<>();
        private final Set<List<Object>> seen = new java.util.HashSet<>();
        private long compared;
        private long incomparable;

        Behaviour(ProtocolLibrary oldLibrary, Protocol oldVersion, ProtocolLibrary newLibrary, Protocol newVersion,
                  ProtocolVerifier.Grid grid) {
            this.oldLibrary = oldLibrary;
            this.oldVersion = oldVersion;
            this.newLibrary = newLibrary;
            this.newVersion = newVersion;
            this.grid = grid;
            this.oldEngine = engine(oldLibrary);
            this.newEngine = engine(newLibrary);
        }

        private static TriageEngine engine(ProtocolLibrary library) {
            return TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS).generalAssessment(false)
                    .auditSink(new MemoryAuditSink()).compactCalls().build();
        }

        void run() {
            walk(newLibrary, newEngine, newVersion, true);
            walk(oldLibrary, oldEngine, oldVersion, false);
        }

        /** Walks one version's paths; each is answered again on the other version. */
        private void walk(ProtocolLibrary library, TriageEngine engine, Protocol walked, boolean walkedIsNew) {
            Protocol other = walkedIsNew ? oldVersion : newVersion;
            TriageEngine otherEngine = walkedIsNew ? oldEngine : newEngine;
            for (Patient patient : ProtocolVerifier.patients(walked, grid)) {
                if (!other.population().admits(patient.age(), patient.sex())) {
                    continue;
                }
                Call call = engine.withAuditSink(new MemoryAuditSink()).startCall("rn-diff", patient, List.of(walked.ref()));
                new PathWalker(library, call, leaf -> {
                    List<String> questions = List.copyOf(leaf.questions());
                    List<Answer> answers = List.copyOf(leaf.answers());
                    List<Object> key = List.of(patient.age(), patient.sex(), patient.isPregnant(), questions, answers);
                    if (!seen.add(key)) {
                        return;
                    }
                    Map<String, Answer> byQuestion = new LinkedHashMap<>();
                    for (int i = 0; i < questions.size(); i++) {
                        byQuestion.put(questions.get(i), answers.get(i));
                    }
                    Optional<Disposition> elsewhere = answer(otherEngine, other, patient, byQuestion);
                    if (elsewhere.isEmpty()) {
                        incomparable++;
                        return;
                    }
                    compared++;
                    Disposition here = leaf.outcome().recommended();
                    Disposition from = walkedIsNew ? elsewhere.get() : here;
                    Disposition to = walkedIsNew ? here : elsewhere.get();
                    if (from.equals(to)) {
                        return;
                    }
                    List<String> kind = List.of(from.id(), to.id());
                    Shift known = shifts.get(kind);
                    shifts.put(kind, known == null
                            ? new Shift(from.id(), to.id(), from.isMoreUrgentThan(to), patient, questions, answers, 1)
                            : new Shift(known.from(), known.to(), known.falls(), known.patient(), known.questions(),
                            known.answers(), known.count() + 1));
                }, PathWalker.Memo.DISPOSITIONS).walk((ask, q, prefix, domain, branches) -> { });
                if (!call.state().isFinal()) {
                    call.abandon("diff walk done");
                }
            }
        }

        /** The disposition the other version gives the same answers, or empty when it asks one they do not have. */
        private static Optional<Disposition> answer(TriageEngine engine, Protocol protocol, Patient patient,
                                                    Map<String, Answer> answers) {
            Call call = engine.withAuditSink(new MemoryAuditSink()).startCall("rn-diff", patient, List.of(protocol.ref()));
            try {
                Step step = call.next();
                while (step instanceof Step.Ask ask) {
                    Answer answer = answers.get(ask.question().id());
                    if (answer == null) {
                        return Optional.empty();
                    }
                    step = call.answer(answer);
                }
                return Optional.of(((Step.Done) step).outcome().recommended());
            } catch (IllegalArgumentException e) {
                // An answer the other version refuses (AnswerRejectedException: an option removed, a range narrowed).

                return Optional.empty();
            } finally {
                if (!call.state().isFinal()) {
                    call.abandon("diff replay done");
                }
            }
        }
    }
}

package org.opentriage.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opentriage.protocol.Advice;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.CareAdvice;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolRef;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AuditEvent;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.ProtocolResult;

/**
 * What the calls run on one protocol (its case files, the acceptance suite's calls) exercised of it, item by item:
 * its red flags decided, questions asked, checklist items chosen, care-advice and call-back lines read, acuity groups
 * that decided, triage questions found positive. Fed with each call's outcome and audit events; not thread-safe.
 */
final class Coverage {

    /** The kinds of item counted, in the order a report lists what was never exercised. */
    enum Kind {
        /**
         * A red flag, decided by a call: a red-flag question answered positive (yes) as the call's trigger; for a
         * checklist, each item of a red-flag checklist, and each item calling for a level above its group's, chosen in
         * the answer that decided the call.
         */
        RED_FLAGS("red flags", "redFlags", "red flags never decided"),
        /** A question that can be asked, asked (or answered from a fact, or by another protocol of the call). */
        QUESTIONS("questions", "questions", "questions never asked"),
        /** An item of a checklist question, chosen in an answer. */
        CHECKLIST_ITEMS("checklist items", "checklistItems", "checklist items never chosen"),
        /** A care-advice line (for a disposition) or call-back line, read in a call's outcome. */
        ADVICE("advice lines", "advice", "advice and call-back lines never read"),
        /** An acuity group (or the default disposition) that decided a call. */
        GROUPS("groups", "groups", "groups never deciding"),
        /** A triage question answered positive, so that it decided the call. */
        POSITIVE("triage questions positive", "positive", "triage questions never positive");

        final String label;
        final String key;
        final String never;

        Kind(String label, String key, String never) {
            this.label = label;
            this.key = key;
            this.never = never;
        }
    }

    /**
     * One item counted.
     *
     * @param id          unique within its kind: a question id; {@code question: item} for a checklist item;
     *                    {@code advice:DISPOSITION:N} and {@code call-back:N} for advice lines; a group's disposition id,
     *                    or {@code default}
     * @param text        what it says (English), for the reader
     * @param disposition a care-advice line's disposition
     * @param conditional whether it depends on a condition: a question's {@code askIf}, an advice line's {@code when}
     */
    record Item(Kind kind, String id, String text, Optional<String> disposition, boolean conditional) {
        boolean isCallBack() {
            return kind == Kind.ADVICE && disposition.isEmpty();
        }
    }

    /** The id of the default disposition among the groups. */
    static final String DEFAULT = "default";

    private final Protocol protocol;
    private final Map<Kind, Map<String, Item>> items = new EnumMap<>(Kind.class);
    private final Map<Kind, Set<String>> covered = new EnumMap<>(Kind.class);
    /** The dispositions whose care advice (of this protocol) a call reached. */
    private final Set<String> adviceReached = new HashSet<>();
    private int cases;
    private int calls;

    Coverage(Protocol protocol) {
        this.protocol = protocol;
        for (Kind kind : Kind.values()) {
            items.put(kind, new LinkedHashMap<>());
            covered.put(kind, new HashSet<>());
        }
        protocol.questions().filter(Question::isAsked)
                .forEach(q -> add(Kind.QUESTIONS, q.id(), q.text().english(), Optional.empty(), q.askIf().isPresent()));
        for (TriageGroup group : protocol.triage()) {
            add(Kind.GROUPS, group.disposition().id(), group.disposition().id(), Optional.empty(), false);
            for (Question q : group.questions()) {
                add(Kind.POSITIVE, q.id(), q.text().english(), Optional.empty(), q.askIf().isPresent());
                if (q.type() instanceof AnswerType.Checklist checklist) {
                    checklist.items().stream().filter(item -> q.redFlag() || item.disposition().isPresent())
                            .forEach(item -> add(Kind.RED_FLAGS, itemId(q, item.code()), item.text().english(),
                                    Optional.empty(), q.askIf().isPresent()));
                } else if (q.redFlag()) {
                    add(Kind.RED_FLAGS, q.id(), q.text().english(), Optional.empty(), q.askIf().isPresent());
                }
            }
        }
        add(Kind.GROUPS, DEFAULT, DEFAULT + " " + protocol.defaultDisposition().id(), Optional.empty(), false);
        protocol.questions().filter(q -> q.type() instanceof AnswerType.Checklist).forEach(q ->
                ((AnswerType.Checklist) q.type()).items().forEach(item ->
                        add(Kind.CHECKLIST_ITEMS, itemId(q, item.code()), item.text().english(), Optional.empty(), false)));
        for (CareAdvice advice : protocol.careAdvice()) {
            String disposition = advice.disposition().id();
            for (int i = 0; i < advice.advice().size(); i++) {
                Advice line = advice.advice().get(i);
                add(Kind.ADVICE, "advice:" + disposition + ":" + i, line.text().english(), Optional.of(disposition),
                        line.when().isPresent());
            }
        }
        for (int i = 0; i < protocol.callBackIf().size(); i++) {
            Advice line = protocol.callBackIf().get(i);
            add(Kind.ADVICE, "call-back:" + i, line.text().english(), Optional.empty(), line.when().isPresent());
        }
    }

    private static String itemId(Question q, String code) {
        return q.id() + ": " + code;
    }

    private void add(Kind kind, String id, String text, Optional<String> disposition, boolean conditional) {
        items.get(kind).putIfAbsent(id, new Item(kind, id, text, disposition, conditional));
    }

    private void cover(Kind kind, String id) {
        if (items.get(kind).containsKey(id)) {
            covered.get(kind).add(id);
        }
    }

    Protocol protocol() {
        return protocol;
    }

    /** The cases of this protocol's case files that ran to an outcome. */
    int cases() {
        return cases;
    }

    /** The acceptance calls with this protocol that were replayed to an outcome. */
    int calls() {
        return calls;
    }

    /** Where a call came from. */
    enum Source {
        CASE,
        CALL
    }

    /**
     * Counts what a call that reached its outcome exercised of this protocol: the questions it asked and the answers
     * given (from its audit events), what decided it and the advice read (from its outcome). Returns false, counting
     * nothing, when the protocol was not in the call or the call failed closed.
     */
    boolean add(Source source, Outcome outcome, List<AuditEvent> events) {
        if (outcome.error().isPresent()) {
            return false;
        }
        String id = protocol.id();
        Optional<ProtocolResult> found = outcome.protocols().stream()
                .filter(r -> ProtocolRef.parse(r.protocol()).map(ProtocolRef::id).orElse(r.protocol()).equals(id)).findFirst();
        if (found.isEmpty()) {
            return false;
        }
        if (source == Source.CASE) {
            cases++;
        } else {
            calls++;
        }
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (AuditEvent event : events) {
            if (event instanceof AuditEvent.QuestionAsked asked && asked.protocol().equals(id)) {
                cover(Kind.QUESTIONS, asked.question());
            } else if (event instanceof AuditEvent.AnswerGiven given && given.protocol().equals(id)) {
                cover(Kind.QUESTIONS, given.question());
                answers.put(given.question(), given.answer());
            } else if (event instanceof AuditEvent.AnswerWithdrawn withdrawn && withdrawn.protocol().equals(id)) {
                answers.remove(withdrawn.question());
            }
        }
        answers.forEach((question, answer) -> chosen(answer).forEach(code -> cover(Kind.CHECKLIST_ITEMS, question + ": " + code)));
        ProtocolResult result = found.get();
        decided(result, answers);
        advice(outcome, result);
        return true;
    }

    private static Set<String> chosen(Answer answer) {
        return answer instanceof Answer.Items items ? items.codes() : Set.of();
    }

    /** The group (or default) that decided, and the trigger found positive: a red flag decided. */
    private void decided(ProtocolResult result, Map<String, Answer> answers) {
        switch (result.basis()) {
            case SUPERSEDED -> {
                return;
            }
            case DEFAULT -> {
                cover(Kind.GROUPS, DEFAULT);
                return;
            }
            default -> {
                // a trigger decided, positive or "don't know"
            }
        }
        String trigger = result.trigger().orElseThrow();
        protocol.triage().stream().filter(g -> g.questions().stream().anyMatch(q -> q.id().equals(trigger))).findFirst()
                .ifPresent(group -> cover(Kind.GROUPS, group.disposition().id()));
        if (result.basis() != ProtocolResult.Basis.POSITIVE_ANSWER) {
            return;
        }
        cover(Kind.POSITIVE, trigger);
        Optional<Question> question = protocol.question(trigger);
        if (question.isPresent() && question.get().type() instanceof AnswerType.Checklist) {
            chosen(answers.getOrDefault(trigger, Answer.unknown())).forEach(code -> cover(Kind.RED_FLAGS, trigger + ": " + code));
        } else {
            cover(Kind.RED_FLAGS, trigger);
        }
    }

    /**
     * The care advice read for the final disposition, where it is this protocol's (it reached that disposition, or
     * none of the call's protocols did: a modifier or an override chose it), and the call-back lines read.
     */
    private void advice(Outcome outcome, ProtocolResult result) {
        Disposition last = outcome.finalDisposition();
        boolean reached = result.disposition().equals(last)
                || outcome.protocols().stream().noneMatch(r -> r.disposition().equals(last));
        if (reached) {
            List<Advice> lines = protocol.careAdviceFor(last);
            if (!lines.isEmpty()) {
                adviceReached.add(last.id());
            }
            for (int i = 0; i < lines.size(); i++) {
                if (outcome.careAdvice().contains(lines.get(i).text())) {
                    cover(Kind.ADVICE, "advice:" + last.id() + ":" + i);
                }
            }
        }
        for (int i = 0; i < protocol.callBackIf().size(); i++) {
            if (outcome.callBackIf().contains(protocol.callBackIf().get(i).text())) {
                cover(Kind.ADVICE, "call-back:" + i);
            }
        }
    }

    int total(Kind kind) {
        return items.get(kind).size();
    }

    int covered(Kind kind) {
        return covered.get(kind).size();
    }

    /** The items of a kind no call exercised, in the protocol's order (red flags: most urgent group first). */
    List<Item> uncovered(Kind kind) {
        return items.get(kind).values().stream().filter(item -> !covered.get(kind).contains(item.id())).toList();
    }

    /** Whether a call reached this protocol's care advice for the disposition. */
    boolean adviceReached(String disposition) {
        return adviceReached.contains(disposition);
    }

    /** The dispositions with care advice in this protocol, in its order. */
    List<String> adviceDispositions() {
        return protocol.careAdvice().stream().filter(c -> !c.advice().isEmpty()).map(c -> c.disposition().id()).toList();
    }

    /** The dispositions whose care advice no call reached, in the protocol's order. */
    List<String> adviceNeverReached() {
        return adviceDispositions().stream().filter(d -> !adviceReached.contains(d)).toList();
    }

    /**
     * The advice and call-back lines never read that a reader must see one by one: the care-advice lines of the
     * dispositions a call reached (those of a disposition never reached are said with it), and every call-back line.
     */
    List<Item> adviceLinesNeverRead() {
        return uncovered(Kind.ADVICE).stream().filter(item -> item.disposition().map(adviceReached::contains).orElse(true)).toList();
    }

    /** Whether every item of every kind was exercised. */
    boolean complete() {
        for (Kind kind : Kind.values()) {
            if (covered(kind) < total(kind)) {
                return false;
            }
        }
        return true;
    }

    /** {@code covered / total} as a percentage with one decimal; empty when there is nothing to cover. */
    static Optional<BigDecimal> percent(long covered, long total) {
        if (total == 0) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(covered * 100L).divide(BigDecimal.valueOf(total), 1, RoundingMode.HALF_UP));
    }

    /** Totals over several protocols, by kind: {@code [covered, total]}. */
    static Map<Kind, long[]> sum(List<Coverage> coverages) {
        Map<Kind, long[]> sums = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            long[] sum = new long[2];
            for (Coverage c : coverages) {
                sum[0] += c.covered(kind);
                sum[1] += c.total(kind);
            }
            sums.put(kind, sum);
        }
        return sums;
    }

    /** The protocols with at least one red flag never decided. */
    static List<Coverage> withRedFlagsUndecided(List<Coverage> coverages) {
        List<Coverage> with = new ArrayList<>();
        for (Coverage c : coverages) {
            if (!c.uncovered(Kind.RED_FLAGS).isEmpty()) {
                with.add(c);
            }
        }
        return with;
    }
}

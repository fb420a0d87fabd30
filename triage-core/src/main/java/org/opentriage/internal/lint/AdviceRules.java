package org.opentriage.internal.lint;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.eval.Truth;
import org.opentriage.internal.load.SourceMap;
import org.opentriage.protocol.Advice;
import org.opentriage.protocol.CareAdvice;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.DispositionScale;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.TriageGroup;

/**
 * The design rules about advice (rules 10 and 11): care advice that fits its disposition and opens with the action,
 * advice conditions that read what the call knows when the advice is read, and call-back items that are read and do
 * not repeat what the caller reported.
 */
final class AdviceRules {
    /** A call-back about a change in what was reported ("call back if the breathing gets worse") may name it. */
    private static final Pattern CHANGE = Pattern.compile("\\b(?:worse|worsens|worsening|again|comes? back|returns?|spreads?"
            + "|spreading|lasts?|longer than|still|persists?|not (?:getting )?better|does not improve|no better)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final int QUOTE = 60;

    private final Protocol protocol;
    private final SourceMap map;
    private final DispositionScale scale;
    private final Findings findings;
    private final Findings.File file;
    private final Routes routes;
    /** The facts the protocol asks for (a question bound to one) or reads in a question's conditions. */
    private final Set<PatientFact> factsRead;

    private AdviceRules(Protocol protocol, SourceMap map, DispositionScale scale, Findings findings) {
        this.protocol = protocol;
        this.map = map;
        this.scale = scale;
        this.findings = findings;
        this.file = new Findings.File(Optional.of(protocol.ref()), map.file());
        this.routes = new Routes(protocol);
        this.factsRead = protocol.questions()
                .flatMap(q -> Stream.concat(q.fact().stream(), Stream.of(q.askIf(), q.positiveIf()).flatMap(Optional::stream)
                        .flatMap(c -> QuestionRules.factsRead(c).stream())))
                .collect(Collectors.toSet());
    }

    static void check(Protocol protocol, SourceMap map, DispositionScale scale, Findings findings) {
        AdviceRules rules = new AdviceRules(protocol, map, scale, findings);
        protocol.careAdvice().forEach(rules::careAdvice);
        for (TriageGroup group : protocol.triage()) {
            for (Question q : group.questions()) {
                q.advice().forEach(text -> rules.urgency(text, group.disposition(), map.question(q.id()).at(), q.id()));
            }
        }
        for (int i = 0; i < protocol.callBackIf().size(); i++) {
            rules.callBack(protocol.callBackIf().get(i), i + 1, part(map.callBackIf(), i));
        }
    }

    private static SourceMap.Part part(List<SourceMap.Part> parts, int index) {
        return index < parts.size() ? parts.get(index)
                : new SourceMap.Part(SourceMap.Position.FILE, SourceMap.Position.FILE, Optional.empty());
    }

    private void careAdvice(CareAdvice advice) {
        Disposition disposition = advice.disposition();
        List<SourceMap.Part> parts = map.careAdvice().getOrDefault(disposition.id(), List.of());
        firstLine(advice, part(parts, 0));
        List<Routes.Route> reaching = routes.to(disposition);
        for (int i = 0; i < advice.advice().size(); i++) {
            Advice item = advice.advice().get(i);
            SourceMap.Part part = part(parts, i);
            urgency(item.text(), disposition, part.text(), disposition.id());
            if (item.when().isPresent() && !reaching.isEmpty()) {
                Condition when = item.when().get();
                String what = "care advice " + (i + 1) + " for '" + disposition.id() + "'";
                if (!readsUnasked(when, reaching, what, true, part, disposition.id())) {
                    neverTrue(when, reaching, what, part, disposition.id());
                }
            }
        }
    }

    /** Rule 10: the first line of a disposition's advice is the action, read in every call that reaches it. */
    private void firstLine(CareAdvice advice, SourceMap.Part part) {
        Disposition disposition = advice.disposition();
        Advice first = advice.advice().get(0);
        String text = first.text().english();
        boolean action;
        if (first.when().isPresent()) {
            action = false;
        } else if (Directives.level(text).isPresent()) {
            return; // the action line of another level is an urgency problem, reported as such
        } else if (disposition.category() == Disposition.Category.SELF_CARE) {
            action = Directives.opensWithHomeAction(text);
        } else {
            action = !Directives.LEVELS.contains(disposition.id());
        }
        if (!action) {
            findings.add(ProblemCode.FIRST_ADVICE_NOT_ACTION, file, part.at(), disposition.id(), "the first care-advice line for '"
                    + disposition.id() + "' is not the action (\"" + quote(text) + "\")" + (first.when().isPresent()
                    ? ", and it is read only when '" + first.when().get().text() + "'" : "") + "; open with what to do, read"
                    + " in every call (" + disposition.label().english() + ": " + disposition.timeFrame().english() + ")");
        }
    }

    /** Rules 10 and 11: advice read for a disposition tells the caller to act more or less urgently than it. */
    private void urgency(LocalizedText text, Disposition disposition, SourceMap.Position at, @Nullable String nodeId) {
        Directives.level(text.english()).flatMap(scale::find).filter(level -> !level.equals(disposition)).ifPresent(level ->
                findings.add(ProblemCode.ADVICE_URGENCY, file, at, nodeId, "advice read for '" + disposition.id()
                        + "' tells the caller to act as for '" + level.id() + "', " + (level.isMoreUrgentThan(disposition)
                        ? "more" : "less") + " urgent (\"" + quote(text.english()) + "\"); make it conditional (\"… if …\")"
                        + " or say what '" + disposition.id() + "' means: " + disposition.label().english()));
    }

    /** A call-back item's condition: read unless it is false. */
    private void callBack(Advice item, int number, SourceMap.Part part) {
        if (item.when().isEmpty()) {
            return;
        }
        Condition when = item.when().get();
        String what = "call-back item " + number;
        if (readsUnasked(when, routes.all(), what, false, part, null)) {
            return;
        }
        List<Optional<Set<Truth>>> values = routes.all().stream().map(r -> routes.values(when, r)).toList();
        if (values.stream().allMatch(v -> v.isPresent() && v.get().equals(Set.of(Truth.FALSE)))) {
            findings.add(ProblemCode.ADVICE_NEVER_READ, file, part.when().orElse(part.at()), null, what + " is never read:"
                    + " its condition '" + when.text() + "' is false on every way the walk reaches an outcome; fix the"
                    + " condition or remove the item");
            return;
        }
        if (CHANGE.matcher(item.text().english()).find()) {
            return;
        }
        routes.all().stream().map(r -> routes.holdsOnlyWithYes(when, r)).flatMap(Optional::stream).findFirst().ifPresent(id ->
                findings.add(ProblemCode.CALL_BACK_ALREADY_REPORTED, file, part.when().orElse(part.at()), id, what + " (\""
                        + quote(item.text().english()) + "\") is read when '" + id + "' was answered yes and not when it was"
                        + " answered no: a call-back names what has not happened yet; read it when '" + id
                        + "' was not reported (when: not " + id + ")"));
    }

    /**
     * An advice condition that reads what the call does not know when the advice is read: a derived question (never
     * recorded as an answer), a question the walk never asks before it reaches the disposition (care advice only), or
     * a fact the protocol never asks for or reads. Reports the first; returns whether there was one.
     */
    private boolean readsUnasked(Condition when, List<Routes.Route> reaching, String what, boolean careAdvice,
                                 SourceMap.Part part, @Nullable String nodeId) {
        for (Condition.Subject subject : Routes.subjects(when)) {
            Optional<String> why = Optional.empty();
            if (subject instanceof Condition.Subject.Answer answer) {
                Question q = protocol.question(answer.questionId()).orElseThrow();
                if (!q.isAsked()) {
                    why = Optional.of("'" + q.id() + "', a derived question, whose value is never recorded as an answer");
                } else if (careAdvice && reaching.stream().noneMatch(r -> routes.answerable(q.id(), r))) {
                    why = Optional.of("'" + q.id() + "', which the walk never asks before it reaches '" + reaching.get(0)
                            .disposition().id() + "'");
                }
            } else if (subject instanceof Condition.Subject.Fact fact && !factsRead.contains(fact.fact())) {
                why = Optional.of("the fact '" + fact.fact().key() + "', which this protocol never asks for or reads");
            }
            if (why.isPresent()) {
                findings.add(ProblemCode.ADVICE_READS_UNASKED, file, part.when().orElse(part.at()), nodeId, what + " reads "
                        + why.get() + ", so its condition '" + when.text() + "' is " + (careAdvice
                        ? "not known when the advice is read and the advice is never read" : "not known and the item is"
                        + " always read") + "; read a question the walk asks (or the fact, with a question bound to it)");
                return true;
            }
        }
        return false;
    }

    /** Care advice whose condition is true on no way the walk reaches its disposition: it is never read. */
    private void neverTrue(Condition when, List<Routes.Route> reaching, String what, SourceMap.Part part, @Nullable String nodeId) {
        List<Optional<Set<Truth>>> values = reaching.stream().map(r -> routes.values(when, r)).toList();
        if (values.stream().allMatch(v -> v.isPresent() && !v.get().contains(Truth.TRUE))) {
            findings.add(ProblemCode.ADVICE_NEVER_READ, file, part.when().orElse(part.at()), nodeId, what + " is never read:"
                    + " its condition '" + when.text() + "' is never true when the walk reaches '" + nodeId + "'; fix the"
                    + " condition or remove the item");
        }
    }

    private static String quote(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= QUOTE ? oneLine : oneLine.substring(0, QUOTE).trim() + "…";
    }
}

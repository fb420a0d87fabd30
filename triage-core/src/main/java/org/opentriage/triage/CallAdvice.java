package org.opentriage.triage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opentriage.internal.eval.Evaluator;
import org.opentriage.internal.eval.Truth;
import org.opentriage.protocol.Advice;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.Protocol;

/**
 * The care advice and call-back instructions of a call's outcome, read as one call: each item only where its
 * condition fits the patient and the answers, one action line first (the disposition's, from the protocols the
 * nurse picked before the general assessment), the triggers' own advice next, no item twice.
 */
final class CallAdvice {
    private CallAdvice() {
    }

    /**
     * Advice for the final disposition: the advice of the protocols that reached it, with their triggers'
     * advice; when none did (a modifier or an override chose it), every protocol's advice for it; when no
     * protocol has any, the disposition's own words.
     */
    static List<LocalizedText> careAdvice(Disposition disposition, List<ProtocolRun> runs, List<Protocol> planned,
                                          Patient patient, boolean error) {
        return careAdvice(disposition, runs, planned, error, inputs(runs, patient));
    }

    /** {@link #careAdvice(Disposition, List, List, Patient, boolean)} with what each protocol's conditions read. */
    static List<LocalizedText> careAdvice(Disposition disposition, List<ProtocolRun> runs, List<Protocol> planned,
                                          boolean error, java.util.function.Function<Protocol, Evaluator.Inputs> inputs) {
        Set<LocalizedText> advice = new LinkedHashSet<>();
        if (error) {
            advice.add(LocalizedText.english("The triage software failed; escalate this call to the on-call clinician now "
                    + "and continue by clinical judgment."));
        }
        List<ProtocolRun> decided = runs.stream().filter(r -> r.result != null && r.result.disposition().equals(disposition))
                .sorted(Comparator.comparing((ProtocolRun r) -> r.protocol.general())).toList();
        boolean action = false;
        for (ProtocolRun run : decided) {
            List<LocalizedText> forDisposition = given(run.protocol.careAdviceFor(disposition), inputs.apply(run.protocol), true);
            // One action line for the call ("Call 911 now"): the first protocol's; the trigger's own advice follows it.
            if (!forDisposition.isEmpty() && !action) {
                advice.add(forDisposition.get(0));
                action = true;
            }
            run.reached().trigger().flatMap(run::question).ifPresent(q -> advice.addAll(q.advice()));
            advice.addAll(forDisposition.subList(Math.min(1, forDisposition.size()), forDisposition.size()));
        }
        if (decided.isEmpty()) {
            // A modifier or an override chose the disposition: every protocol's advice for it applies.
            planned.stream().sorted(Comparator.comparing(Protocol::general)).forEach(p ->
                    advice.addAll(given(p.careAdviceFor(disposition), inputs.apply(p), true)));
        }
        if (advice.isEmpty() || (error && advice.size() == 1)) {
            advice.add(LocalizedText.english(disposition.label().english() + ": " + disposition.timeFrame().english() + "."));
        }
        return List.copyOf(advice);
    }

    /**
     * One set of call-back instructions for the call: those of every protocol that fit the call, one per topic (the
     * most urgent of those given on it; of equally urgent ones, the first, the protocols the nurse picked before the
     * general assessment), none telling the caller to do less than the disposition just given, the most urgent first
     * ("call 911 if" before "call back if"), each text once.
     */
    static List<LocalizedText> callBackIf(Disposition disposition, List<Protocol> planned, List<ProtocolRun> runs, Patient patient) {
        return callBackIf(disposition, planned, inputs(runs, patient));
    }

    /** {@link #callBackIf(Disposition, List, List, Patient)} with what each protocol's conditions read. */
    static List<LocalizedText> callBackIf(Disposition disposition, List<Protocol> planned,
                                          java.util.function.Function<Protocol, Evaluator.Inputs> inputs) {
        List<Advice> fit = new ArrayList<>();
        planned.stream().sorted(Comparator.comparing(Protocol::general))
                .forEach(p -> fit.addAll(fitting(p.callBackIf(), inputs.apply(p), false)));
        // A topic's instruction is chosen before any is left out, so leaving out a less urgent one never takes a
        // more urgent one on the same topic with it.
        Map<String, Advice> byTopic = new HashMap<>();
        for (Advice item : fit) {
            item.id().ifPresent(id -> byTopic.merge(id, item, (kept, other) -> urgency(other) > urgency(kept) ? other : kept));
        }
        List<Advice> items = new ArrayList<>();
        for (Advice item : fit) {
            if (item.id().map(id -> byTopic.get(id) == item).orElse(true)
                    && item.disposition().map(d -> d.isMoreUrgentThan(disposition)).orElse(true)) {
                items.add(item);
            }
        }
        // Stable: within one urgency, the protocols' order; instructions without an urgency keep theirs, last.
        items.sort(Comparator.comparingInt(CallAdvice::urgency).reversed());
        Set<LocalizedText> texts = new LinkedHashSet<>();
        items.forEach(a -> texts.add(a.text()));
        return List.copyOf(texts);
    }

    /** An instruction's urgency: its disposition's acuity; below every disposition without one. */
    private static int urgency(Advice item) {
        return item.disposition().map(Disposition::acuity).orElse(Integer.MIN_VALUE);
    }

    /** The texts of the items whose condition fits. */
    private static List<LocalizedText> given(List<Advice> items, Evaluator.Inputs inputs, boolean onlyWhenTrue) {
        return fitting(items, inputs, onlyWhenTrue).stream().map(Advice::text).toList();
    }

    /**
     * The items whose condition fits: care advice when its condition holds; a call-back instruction unless its
     * condition is false (when not known, the caller should hear it rather than miss it).
     */
    private static List<Advice> fitting(List<Advice> items, Evaluator.Inputs inputs, boolean onlyWhenTrue) {
        List<Advice> fit = new ArrayList<>();
        for (Advice item : items) {
            Truth truth = item.when().map(c -> Evaluator.evaluate(c, inputs)).orElse(Truth.TRUE);
            if (truth == Truth.TRUE || (!onlyWhenTrue && truth == Truth.UNKNOWN)) {
                fit.add(item);
            }
        }
        return fit;
    }

    /**
     * What each protocol's advice conditions read, for one outcome: the patient, facts, and its answers in the call,
     * put together once per protocol.
     */
    static java.util.function.Function<Protocol, Evaluator.Inputs> inputs(List<ProtocolRun> runs, Patient patient) {
        Map<Protocol, Evaluator.Inputs> made = new java.util.IdentityHashMap<>();
        return protocol -> made.computeIfAbsent(protocol, p -> inputs(p, runs, patient));
    }

    /** What a protocol's advice conditions read: the patient, facts, and its answers in the call. */
    private static Evaluator.Inputs inputs(Protocol protocol, List<ProtocolRun> runs, Patient patient) {
        Map<String, Answer> answers = new java.util.LinkedHashMap<>();
        Optional<ProtocolRun> run = runs.stream().filter(r -> r.protocol == protocol).findFirst();
        run.ifPresent(r -> r.answers.forEach((question, recorded) -> answers.put(question, recorded.answer())));
        return new PendingAnswers(protocol, answers, patient);
    }
}

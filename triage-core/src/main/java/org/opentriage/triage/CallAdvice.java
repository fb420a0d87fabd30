package org.opentriage.triage;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.Protocol;

/** The care advice and call-back instructions of a call's outcome. */
final class CallAdvice {
    private CallAdvice() {
    }

    /**
     * Advice for the final disposition: the advice of the protocols that reached it, with their triggers'
     * advice; when none did (a modifier or an override chose it), every protocol's advice for it; when
     * no protocol has any, the disposition's own words.
     */
    static List<LocalizedText> careAdvice(Disposition disposition, List<ProtocolRun> runs, List<Protocol> planned, boolean error) {
        Set<LocalizedText> advice = new LinkedHashSet<>();
        if (error) {
            advice.add(LocalizedText.english("The triage software failed; escalate this call to the on-call clinician now "
                    + "and continue by clinical judgment."));
        }
        List<ProtocolRun> decided = runs.stream().filter(r -> r.result != null && r.result.disposition().equals(disposition)).toList();
        for (ProtocolRun run : decided) {
            // The disposition's first line is the action ("Call 911 now"); the trigger's own advice follows it.
            List<LocalizedText> forDisposition = run.protocol.careAdviceFor(disposition);
            advice.addAll(forDisposition.subList(0, Math.min(1, forDisposition.size())));
            run.result.trigger().flatMap(run.protocol::question).ifPresent(q -> advice.addAll(q.advice()));
            advice.addAll(forDisposition);
        }
        if (decided.isEmpty()) {
            // A modifier or an override chose the disposition: every protocol's advice for it applies.
            planned.forEach(p -> advice.addAll(p.careAdviceFor(disposition)));
        }
        if (advice.isEmpty() || (error && advice.size() == 1)) {
            advice.add(LocalizedText.english(disposition.label().english() + ": " + disposition.timeFrame().english() + "."));
        }
        return List.copyOf(advice);
    }

    static List<LocalizedText> callBackIf(List<Protocol> planned) {
        Set<LocalizedText> texts = new LinkedHashSet<>();
        planned.forEach(p -> texts.addAll(p.callBackIf()));
        return List.copyOf(texts);
    }
}

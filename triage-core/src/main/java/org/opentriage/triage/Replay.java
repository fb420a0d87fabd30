package org.opentriage.triage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.engine.CanonicalJson;

/**
 * Re-runs the calls of an audit trail: the recorded patient, protocols (pinned to the recorded versions and
 * content hashes), answers, withdrawals, added protocols, declined suggestions, overrides and endings, through the engine, and
 * compares every event the engine produces with the recorded one.
 *
 * @since 0.1.0
 */
public final class Replay {
    private static final int MAX_DIFFERENCES = 20;

    /**
     * The replay of one call.
     *
     * @param recordedDisposition the final disposition the trail recorded, when it reached one
     * @param differences         every difference found (at most 20), empty when the call was reproduced
     * @param callId the call's id
     * @param replayedDisposition the final disposition of the call replayed, if it reached one
     * @since 0.1.0
     */
    public record Result(String callId, Optional<String> recordedDisposition, Optional<String> replayedDisposition,
                         List<String> differences) {
        /** Checks the components; the list is copied. */
        public Result {
            differences = List.copyOf(differences);
        }

        /** {@return whether the replay matched the trail, event for event} */
        public boolean reproduced() {
            return differences.isEmpty();
        }
    }

    private Replay() {
    }

    static void run(TriageEngine escalating, Iterator<AuditRecord> trail, Consumer<Result> results) {
        // A replay re-runs calls long over: it never pages anyone.
        TriageEngine engine = escalating.withoutEscalation();
        Map<String, List<AuditEvent>> open = new LinkedHashMap<>();
        while (trail.hasNext()) {
            AuditRecord record = trail.next();
            if (record.callId().isEmpty()) {
                // The trail's own records, an escalation's delivery among them (a delivery is no step of its call).
                continue;
            }
            String callId = record.callId().get();
            List<AuditEvent> events = open.computeIfAbsent(callId, k -> new ArrayList<>());
            events.addAll(record.events());
            if (record.events().stream().anyMatch(e -> e.type().endsCall())) {
                results.accept(replay(engine, callId, open.remove(callId)));
            }
        }
        open.forEach((callId, events) -> results.accept(replay(engine, callId, events)));
    }

    private static Result replay(TriageEngine engine, String callId, List<AuditEvent> trail) {
        List<AuditEvent> recorded = comparable(trail);
        Optional<String> recordedDisposition = recordedDisposition(recorded);
        if (recorded.isEmpty() || !(recorded.get(0) instanceof AuditEvent.CallStarted start)) {
            return new Result(callId, recordedDisposition, Optional.empty(),
                    List.of("the call did not start in this trail (it continues a snapshot taken elsewhere); replay the "
                            + "trail where it started"));
        }
        ReplaySink sink = new ReplaySink();
        Call call;
        try {
            start.protocols().forEach(engine::resolvePinned);
            call = engine.startCall(callId, start.nurse(), start.patient(),
                    start.protocols().stream().map(AuditEvent.Pin::ref).toList(), start.language(), sink);
            for (AuditEvent event : recorded) {
                if (event instanceof AuditEvent.ProtocolAdded added) {
                    engine.resolvePinned(added.protocol());
                    call.addProtocol(added.protocol().ref());
                } else if (event instanceof AuditEvent.AnswerGiven given && given.source() == AnswerSource.NURSE) {
                    call.answer(given.answer());
                } else if (event instanceof AuditEvent.FactGiven fact) {
                    call.giveFact(org.opentriage.protocol.PatientFact.byKey(fact.fact()).orElseThrow(
                            () -> new IllegalArgumentException("unknown fact " + fact.fact())), fact.value());
                } else if (event instanceof AuditEvent.AnswerWithdrawn) {
                    call.withdrawLastAnswer();
                } else if (event instanceof AuditEvent.SuggestionDeclined declined) {
                    call.declineSuggestion(declined.suggested());
                } else if (event instanceof AuditEvent.OverrideApplied o) {
                    call.override(o.to(), o.reasonCode(), o.note(), o.approver());
                } else if (event instanceof AuditEvent.CallClosed) {
                    call.close();
                } else if (event instanceof AuditEvent.CallAbandoned abandoned) {
                    call.abandon(abandoned.reason());
                }
                // every other event is the engine's own conclusion: compared below
            }
        } catch (RuntimeException e) {
            return new Result(callId, recordedDisposition, Optional.empty(),
                    List.of("the replay could not follow the recorded call: " + e.getMessage()));
        }
        List<AuditEvent> replayed = sink.events();
        List<String> differences = new ArrayList<>();
        compare(recorded, comparable(replayed), differences);
        Optional<String> replayedDisposition = call.outcome().map(o -> o.finalDisposition().id());
        if (!recordedDisposition.equals(replayedDisposition)) {
            differences.add(0, "final disposition: recorded " + recordedDisposition.orElse("none") + ", replayed "
                    + replayedDisposition.orElse("none"));
        }
        return new Result(callId, recordedDisposition, replayedDisposition, differences);
    }

    /**
     * The events a replay must reproduce: all but where the call was written (resumed from a snapshot, closed by
     * recovery) and the engine version, which a newer engine may differ in.
     */
    private static List<AuditEvent> comparable(List<AuditEvent> events) {
        List<AuditEvent> kept = new ArrayList<>();
        for (AuditEvent e : events) {
            if (e instanceof AuditEvent.CallStarted s) {
                kept.add(new AuditEvent.CallStarted("", s.nurse(), s.patient(), s.protocols(), s.language()));
            } else if (!(e instanceof AuditEvent.CallResumed) && !(e instanceof AuditEvent.CallInterrupted)) {
                kept.add(e);
            }
        }
        return kept;
    }

    /** The disposition the call ends with: the last advice given or error, unless answers changed after it. */
    private static Optional<String> recordedDisposition(List<AuditEvent> events) {
        Optional<String> disposition = Optional.empty();
        for (AuditEvent e : events) {
            if (e instanceof AuditEvent.CareAdviceGiven advice) {
                disposition = Optional.of(advice.disposition());
            } else if (e instanceof AuditEvent.CallError error) {
                disposition = Optional.of(error.disposition());
            } else if (e instanceof AuditEvent.AnswerWithdrawn || e instanceof AuditEvent.ProtocolAdded
                    || e instanceof AuditEvent.FactGiven) {
                disposition = Optional.empty();
            }
        }
        return disposition;
    }

    private static void compare(List<AuditEvent> recorded, List<AuditEvent> replayed, List<String> differences) {
        int n = Math.max(recorded.size(), replayed.size());
        for (int i = 0; i < n && differences.size() < MAX_DIFFERENCES; i++) {
            AuditEvent a = i < recorded.size() ? recorded.get(i) : null;
            AuditEvent b = i < replayed.size() ? replayed.get(i) : null;
            if (a == null || !a.equals(b)) {
                differences.add("event " + (i + 1) + ": recorded " + describe(a) + ", replayed " + describe(b));
            }
        }
    }

    private static String describe(@Nullable AuditEvent event) {
        return event == null ? "nothing" : CanonicalJson.write(AuditCodec.event(event));
    }
}

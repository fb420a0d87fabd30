package org.opentriage.triage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Suggestions;

/**
 * The suggestions of one call: what its answers suggest now, and what the nurse declined. What is pending follows
 * from the answers in force (the nurse's, prefilled from facts and reused), the protocols in the call and the
 * declined ones alone: a protocol is suggested when an answer names it, the patient is in its population, it is
 * not in the call and was not declined; it is attributed to the first such answer, by protocol of the call and
 * question of the protocol. A suggestion whose answer was withdrawn is withdrawn with it.
 *
 * <p>Not thread-safe: its call serializes access.
 */
final class CallSuggestions {
    /** Pending, by suggested protocol id, in the order found. */
    private Map<String, Suggestion> pending = new LinkedHashMap<>();
    /** Declined, by suggested protocol id, in the order declined. */
    private final Map<String, Suggestion> declined = new LinkedHashMap<>();
    /** What each name stands for with the call's patient (age and sex never change in a call), once looked up. */
    private final Map<String, Optional<Protocol>> resolved = new HashMap<>();

    List<Suggestion> pending() {
        return List.copyOf(pending.values());
    }

    List<Suggestion> declined() {
        return List.copyOf(declined.values());
    }

    /** The names an answer suggests: yes or "don't know" to a yes/no question, the option or the items given. */
    static List<String> names(Suggestions suggestions, Answer answer) {
        if (answer instanceof Answer.YesNo yesNo) {
            return yesNo.value() ? suggestions.ifYes() : List.of();
        }
        if (answer instanceof Answer.Unknown) {
            return suggestions.all();
        }
        if (answer instanceof Answer.Choice choice) {
            return suggestions.forCodes(List.of(choice.code()));
        }
        if (answer instanceof Answer.Items items) {
            return suggestions.forCodes(items.codes());
        }
        return List.of();
    }

    /**
     * Finds what the answers suggest now; returns the events of what changed since: a suggestion offered, or one
     * withdrawn with the answer that made it (one taken up or declined has its own event).
     */
    List<AuditEvent> settle(List<ProtocolRun> runs, Patient patient, ProtocolLibrary library, ProtocolLibrary.Resolution resolution) {
        // Loops, not streams: this runs at every step of every call, and most steps suggest nothing.
        Set<String> inCall = new java.util.HashSet<>();
        for (ProtocolRun run : runs) {
            inCall.add(run.protocol.id());
        }
        Map<String, Suggestion> now = new LinkedHashMap<>();
        for (ProtocolRun run : runs) {
            for (Question q : run.suggesting) {
                RecordedAnswer given = run.answers.get(q.id());
                if (given == null) {
                    continue;
                }
                for (String name : names(run.protocol.suggestionsOf(q.id()), given.answer())) {
                    resolved.computeIfAbsent(name, n -> library.suggested(n, patient.age(), patient.sex(), resolution))
                            .filter(p -> !inCall.contains(p.id()) && !declined.containsKey(p.id()))
                            .ifPresent(p -> now.putIfAbsent(p.id(), suggestion(p, run, q, given.answer())));
                }
            }
        }
        if (now.isEmpty() && pending.isEmpty()) {
            return List.of();
        }
        List<AuditEvent> events = new ArrayList<>();
        for (String id : pending.keySet()) {
            if (!now.containsKey(id) && !inCall.contains(id)) {
                events.add(new AuditEvent.SuggestionWithdrawn(id));
            }
        }
        for (Suggestion s : now.values()) {
            if (!pending.containsKey(s.protocol())) {
                events.add(new AuditEvent.SuggestionOffered(s.protocol(), s.by(), s.question(), s.answer()));
            }
        }
        pending = now;
        return events;
    }

    private static Suggestion suggestion(Protocol suggested, ProtocolRun run, Question question, Answer answer) {
        return new Suggestion(suggested.id(), suggested.title(), run.protocol.id(), question.id(), answer);
    }

    /** Refuses, before anything changes, to decline a protocol that is not pending. */
    void requirePending(String protocolId, String callId) {
        if (!pending.containsKey(protocolId)) {
            throw new IllegalArgumentException("call " + callId + " has no pending suggestion of protocol '" + protocolId + "'"
                    + (pending.isEmpty() ? "" : "; pending: " + String.join(", ", pending.keySet())));
        }
    }

    /** Declines a pending suggestion: it is not offered again in this call. */
    void decline(String protocolId) {
        declined.put(protocolId, pending.remove(protocolId));
    }

    /** The suggestions a call being resumed had declined, before its answers are given again. */
    void restoreDeclined(List<Suggestion> suggestions) {
        suggestions.forEach(s -> declined.put(s.protocol(), s));
    }
}

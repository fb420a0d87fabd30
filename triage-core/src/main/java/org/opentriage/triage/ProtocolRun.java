package org.opentriage.triage;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.engine.ProtocolResultFact;
import org.opentriage.internal.engine.Resolution;
import org.opentriage.internal.engine.RuleBase;
import org.opentriage.internal.engine.RuleSession;
import org.opentriage.internal.engine.RuleSpec;
import org.opentriage.internal.engine.ValueFact;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.protocol.UnknownPolicy;

/**
 * One protocol of a call: its answers, the facts its rules see (in the order given), its rule session, and
 * the walk down its questions. A compact call releases the session between steps; it is rebuilt from the
 * facts at the next, its rules firing again unrecorded (they were recorded when they first fired).
 */
final class ProtocolRun {
    final Protocol protocol;
    /** The protocol's {@code id@version}, computed once: calls look runs up by it at every step. */
    final String ref;
    final String scope;
    /** The protocol's questions by id. */
    private final Map<String, Question> questions = new java.util.HashMap<>();
    /** The patient's values the rules read, by name. */
    final Set<String> patientValuesRead;
    /** The questions whose answers can suggest another protocol, in the protocol's order. */
    final List<Question> suggesting;
    /** The answers by question id, in the order given. */
    final Map<String, RecordedAnswer> answers = new LinkedHashMap<>();
    /** The fact each answer gave the rules, by question id, so that an answer can be taken back. */
    private final Map<String, ValueFact> answerFacts = new LinkedHashMap<>();
    private final List<Object> facts = new ArrayList<>();
    /** The patient's values the rules read, by name, as inserted: a fact given during the call replaces one. */
    private final Map<String, ValueFact> patientValues = new LinkedHashMap<>();
    private final RuleBase rules;
    private @Nullable RuleSession session;
    /** The protocol's disposition, once its walk reached one. */
    @Nullable ProtocolResult result;
    /** The question last put to the nurse, so it is recorded as asked once. */
    @Nullable Question lastAsked;

    /** Where the walk stands: the question to ask, or the protocol's result. */
    record Walk(Optional<Question> ask, Optional<ProtocolResult> result) {
        static Walk ask(Question q) {
            return new Walk(Optional.of(q), Optional.empty());
        }

        static Walk result(ProtocolResult r) {
            return new Walk(Optional.empty(), Optional.of(r));
        }
    }

    ProtocolRun(Protocol protocol, RuleBase rules) {
        this.protocol = protocol;
        this.ref = protocol.ref();
        this.scope = RuleSpec.scope(protocol);
        this.rules = rules;
        protocol.questions().forEach(q -> questions.putIfAbsent(q.id(), q));
        this.patientValuesRead = rules.patientValuesRead(protocol);
        this.suggesting = protocol.questions().filter(q -> protocol.suggestions().containsKey(q.id())).toList();
    }

    /** {@return the protocol's question of this id} */
    Optional<Question> question(String questionId) {
        return Optional.ofNullable(questions.get(questionId));
    }

    /** {@return the patient fact the question of this id is bound to, if any} */
    Optional<org.opentriage.protocol.PatientFact> factOf(String questionId) {
        Question q = questions.get(questionId);
        return q == null ? Optional.empty() : q.fact();
    }

    private RuleSession session() {
        if (session == null) {
            session = rules.newSession(protocol);
            facts.forEach(session::insert);
            session.fire();
        }
        return session;
    }

    void insert(Object fact) {
        session().insert(fact);
        facts.add(fact);
    }

    void delete(Object fact) {
        session().delete(fact);
        facts.remove(fact);
    }

    /** Records an answer and gives it to the rules. */
    void answer(RecordedAnswer answer, ValueFact fact) {
        answers.put(answer.question(), answer);
        answerFacts.put(answer.question(), fact);
        insert(fact);
    }

    /** Takes an answer back, from the record and the rules. */
    void withdraw(String questionId) {
        answers.remove(questionId);
        ValueFact fact = answerFacts.remove(questionId);
        if (fact != null) {
            delete(fact);
        }
    }

    /** Gives the rules a patient value, in place of the one of that name they had. */
    void patientValue(ValueFact value) {
        ValueFact previous = patientValues.put(value.getName(), value);
        if (previous != null) {
            delete(previous);
        }
        insert(value);
    }

    /** Whether this value differs from the patient value of its name the rules have now. */
    boolean changesPatientValue(ValueFact value) {
        ValueFact current = patientValues.get(value.getName());
        return current == null || !current.sameValue(value);
    }

    /** Fires the rules; returns the names of those that fired, within the protocol (its scope left out). */
    List<String> fire() {
        List<String> fired = session().fire();
        if (fired.isEmpty()) {
            return List.of();
        }
        String prefix = scope + " ";
        return fired.stream().map(name -> name.startsWith(prefix) ? name.substring(prefix.length()) : name).toList();
    }

    /** Frees the session; the next step rebuilds it. */
    void release() {
        if (session != null) {
            session.dispose();
            session = null;
        }
    }

    /** The risk modifiers whose rules hold for this protocol's result. */
    List<String> modifierHits() {
        return session().modifierHits(scope);
    }

    /** Takes the result back (an answer before it was withdrawn): the walk goes on from the answers. */
    void reopen() {
        result = null;
        lastAsked = null;
        for (Object o : facts.stream().filter(o -> o instanceof ProtocolResultFact).toList()) {
            delete(o);
        }
    }

    /** The result, where the walk is known to have reached one (every protocol of a recommended call). */
    ProtocolResult reached() {
        ProtocolResult reached = result;
        if (reached == null) {
            throw new IllegalStateException(protocol.ref() + " has no result yet");
        }
        return reached;
    }

    /** Records the result, where the rules (and the modifiers) see it. */
    void conclude(ProtocolResult reached) {
        result = reached;
        insert(new ProtocolResultFact(scope, protocol.id(), reached.disposition().acuity()));
    }

    /**
     * The first question not yet answered and not skipped, assessment first, then down the groups; or the
     * disposition of the first positive (or unknown) question; or the default.
     */
    Walk walk() {
        Map<String, Set<Resolution.Kind>> resolutions = session().resolutions(scope);
        for (Question q : protocol.assessment()) {
            if (!skipped(resolutions, q) && !answers.containsKey(q.id())) {
                return Walk.ask(q);
            }
        }
        for (TriageGroup group : protocol.triage()) {
            for (Question q : group.questions()) {
                if (skipped(resolutions, q)) {
                    continue;
                }
                if (q.isAsked() && !answers.containsKey(q.id())) {
                    return Walk.ask(q);
                }
                Set<Resolution.Kind> kinds = EnumSet.copyOf(resolutions.getOrDefault(q.id(), Set.of(Resolution.Kind.SKIPPED)));
                kinds.remove(Resolution.Kind.SKIPPED);
                if (kinds.size() != 1) {
                    throw new IllegalStateException("rules reached " + kinds.size() + " conclusions " + kinds + " for "
                            + protocol.ref() + " question " + q.id() + "; expected exactly one");
                }
                switch (kinds.iterator().next()) {
                    case POSITIVE:
                        Disposition positive = answers.get(q.id()) != null && answers.get(q.id()).answer() instanceof Answer.Items items
                                ? Checklists.ifPositive(q, items, group.disposition()) : group.disposition();
                        return Walk.result(result(positive, ProtocolResult.Basis.POSITIVE_ANSWER, q));
                    case UNKNOWN:
                        return Walk.result(unknownResult(group, q));
                    default:
                        break;
                }
            }
        }
        return Walk.result(new ProtocolResult(ref, protocol.defaultDisposition(), ProtocolResult.Basis.DEFAULT,
                Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private ProtocolResult unknownResult(TriageGroup group, Question q) {
        Disposition atLeast = Checklists.ifUnknown(q, group.disposition());
        if (q.onUnknown() instanceof UnknownPolicy.Escalate escalate) {
            Disposition to = escalate.disposition().isMoreUrgentThan(atLeast) ? escalate.disposition() : atLeast;
            return result(to, ProtocolResult.Basis.UNKNOWN_ESCALATED, q);
        }
        // Positive, and Refuse whose "don't know" can only come from a derived value: never less cautious than yes.
        return result(atLeast, ProtocolResult.Basis.UNKNOWN_ANSWER, q);
    }

    private ProtocolResult result(Disposition disposition, ProtocolResult.Basis basis, Question q) {
        return new ProtocolResult(ref, disposition, basis, Optional.of(q.id()), Optional.of(q.text()), q.rationale(),
                evidence(q));
    }

    /** The answers the question's conditions read, other than its own, in the protocol's order. */
    private List<RecordedAnswer> evidence(Question q) {
        Set<String> read = new java.util.HashSet<>();
        q.askIf().ifPresent(c -> read.addAll(c.questionsRead()));
        q.positiveIf().ifPresent(c -> read.addAll(c.questionsRead()));
        read.remove(q.id());
        if (read.isEmpty()) {
            return List.of();
        }
        return protocol.questions().filter(other -> read.contains(other.id())).map(other -> answers.get(other.id()))
                .filter(java.util.Objects::nonNull).toList();
    }

    private static boolean skipped(Map<String, Set<Resolution.Kind>> resolutions, Question q) {
        return resolutions.getOrDefault(q.id(), Set.of()).contains(Resolution.Kind.SKIPPED);
    }
}

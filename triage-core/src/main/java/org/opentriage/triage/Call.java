package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;


import org.jspecify.annotations.Nullable;

import org.opentriage.internal.engine.AuditChain;
import org.opentriage.internal.engine.ScopeInUse;
import org.opentriage.internal.engine.ValueFact;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.QuestionBank;
import org.opentriage.protocol.RiskModifier;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.protocol.UnknownPolicy;

/**
 * One triage call: a patient, one or more protocols, the nurse's answers, and the outcome. A state
 * machine (see {@link CallState}); every step is written to the audit trail before the call moves on.
 *
 * <p>One thread drives a call; its operations are serialized, so that another thread (a host's shutdown or
 * timeout) may safely abandon it. Calls of one engine run in parallel freely.
 * An internal error fails the call closed: it moves to {@link CallState#ERROR} with an audited outcome
 * that escalates to the on-call clinician, never a lower disposition.
 *
 * <p>Driven by a host:
 * {@snippet class=org.opentriage.snippets.ApiSnippetsTest region=call}
 *
 * @since 0.1.0
 */
public final class Call {
    /** Sees every call; null unless a test installs one (see {@link CallWatcher}). */
    static volatile @Nullable CallWatcher watcher;

    private final TriageEngine engine;
    private final String id;
    private final String nurse;
    /** Who acts on the call from now on: its nurse, or the nurse who resumed it ({@link TriageEngine#resume(String, String)}). */
    private String actor;
    /** The language the call's texts are shown in (BCP-47). */
    private final String language;
    /** The patient as the call started; {@link #patient} has the facts given since. */
    private final Patient startPatient;
    private Patient patient;
    /** The facts given during the call, in order, each after the nurse answers before it. */
    private final List<GivenFact> givenFacts = new ArrayList<>();
    private final AuditSink sink;
    private final List<ProtocolRun> runs = new ArrayList<>();
    /** Every protocol the call was asked to run, including one whose start failed: the open questions come from these. */
    private final List<Protocol> planned = new ArrayList<>();
    private final List<NurseOverride> overrides = new ArrayList<>();
    /** The protocols the answers suggest adding, and those declined. */
    private final CallSuggestions suggestions = new CallSuggestions();
    /** The recommendation the overrides in force were made against. */
    private @Nullable Disposition overridesAgainst;
    /** The nurse's answers in the order given, with their facts, so the last can be withdrawn. */
    private final List<Given> given = new ArrayList<>();
    private CallState state = CallState.NEW;
    private @Nullable Step current;
    private @Nullable Outcome outcome;
    /** The events of the step in progress: written as one record when the step ends. */
    private final List<AuditEvent> pending = new ArrayList<>();
    private long seq;
    /** The hash of the call's last record (the chain is the trail's; this names the call's place in it). */
    private String lastHash = AuditChain.GENESIS;
    private boolean replaying;
    /** The acuity of the most urgent level escalated so far (a fall never takes one back); MIN_VALUE for none. */
    private int escalatedAcuity = Integer.MIN_VALUE;
    /** The deliveries of the call's escalations, read by other threads while they go on. */
    private final List<Escalations.Delivery> escalations = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Whether a record of the call is in its sink's trail: a delivery's record may only follow one. */
    private boolean inTrail;

    /** An answer the nurse gave: its protocol, its question, and the patient fact the question is bound to. */
    private record Given(ProtocolRun run, String question, Optional<PatientFact> fact) {
    }

    Call(TriageEngine engine, String id, String nurse, Patient patient, String language, AuditSink sink) {
        this.engine = engine;
        this.language = requireNonNull(language, "language");
        this.sink = requireNonNull(sink, "sink");
        this.id = requireNonNull(id, "id");
        this.nurse = requireNonNull(nurse, "nurse");
        this.actor = nurse;
        this.patient = requireNonNull(patient, "patient");
        this.startPatient = patient;
        CallWatcher w = watcher;
        if (w != null) {
            w.created(this, engine, patient, sink);
        }
    }

    /** {@return the call's id, unique in the trail} */
    public String id() {
        return id;
    }

    /**
     * The language the host shows the call's texts in (a BCP-47 tag, {@code en} by default), recorded when the call
     * started: render each text with {@link org.opentriage.protocol.LocalizedText#render(String)}.
     *
     * @return the language's BCP-47 tag
     */
    public String language() {
        return language;
    }

    /** {@return where the call stands in its state machine} */
    public synchronized CallState state() {
        return state;
    }

    /** {@return the protocols of the call, as {@code id@version}, in the order they were added} */
    public synchronized List<String> protocols() {
        return runs.stream().map(r -> r.ref).toList();
    }

    /** {@return the outcome, once every protocol has a disposition (or the call failed closed)} */
    public synchronized Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /**
     * The call's escalations to the on-call clinician so far, in the order raised, each with where its delivery
     * stands: for the nurse's screen, so that a failed one is phoned through by hand. Empty for an engine without an
     * {@linkplain TriageEngine.Builder#escalation escalation listener}. Never waits for the call or a delivery.
     *
     * @return each escalation's delivery, in the order they were made
     */
    public List<EscalationStatus> escalations() {
        return escalations.stream().map(Escalations.Delivery::status).toList();
    }

    // ---- starting

    void start(List<Protocol> protocols) {
        protocols.forEach(this::checkPrefill);
        planned.addAll(protocols);
        guarded("start", () -> {
            emit(new AuditEvent.CallStarted(TriageEngine.VERSION, nurse, patient, protocols.stream().map(Call::pin).toList(), language));
            protocols.forEach(this::addRun);
            advance();
        });
    }

    private static AuditEvent.Pin pin(Protocol p) {
        return new AuditEvent.Pin(p.ref(), p.contentHash());
    }

    /** Rejects, before anything is recorded, a patient fact that cannot answer its question. */
    private void checkPrefill(Protocol protocol) {
        protocol.questions().forEach(q -> q.fact().flatMap(patient::fact).filter(known -> q.isAsked())
                .ifPresent(known -> AnswerChecks.checked(q, known, true)));
    }

    private void addRun(Protocol protocol) {
        if (!planned.contains(protocol)) {
            planned.add(protocol);
        }
        ProtocolRun run = new ProtocolRun(protocol, engine.rules());
        runs.add(run);
        Set<String> read = engine.rules().patientValuesRead(protocol);
        RuleFacts.patientFacts(patient).stream().filter(fact -> read.contains(fact.getName())).forEach(run::patientValue);
        run.insert(new ScopeInUse(run.scope));
        if (state != CallState.NEW) {
            emit(new AuditEvent.ProtocolAdded(pin(protocol)));
        }
        prefill(run);
    }

    /** Answers the run's questions not yet answered that a patient fact answers. */
    private void prefill(ProtocolRun run) {
        run.protocol.questions().forEach(q -> q.fact().flatMap(patient::fact).ifPresent(known -> {
            if (q.isAsked() && !run.answers.containsKey(q.id())) {
                record(run, q, AnswerChecks.checked(q, known, true), AnswerSource.PREFILLED);
            }
        }));
    }

    /** A fact given during the call, after {@code afterAnswers} of the nurse's answers in force. */
    record GivenFact(PatientFact fact, Answer value, int afterAnswers) {
    }

    /**
     * Gives the call a patient fact during the call: a reading the caller reports (a thermometer, a pulse
     * oximeter, a blood-pressure cuff, a glucose meter), or a fact learned on the way. Every protocol of the
     * call sees it at once: the questions it answers are answered (those the nurse has answered keep their
     * answers), and every protocol's walk is taken again from its answers, so the call may go to another
     * question or to another outcome. A fact the call's protocols do not use is listed in
     * {@link Outcome#unusedFacts()}. Not under overrides: give facts before overriding.
     *
     * @param fact the fact, by its key
     * @param value its value, as an answer to a question asking it would be given
     * @return the next step
     * @throws AnswerRejectedException when a question the fact would answer does not accept it; the call is unchanged
     */
    public synchronized Step giveFact(PatientFact fact, Answer value) {
        requireNonNull(fact, "fact");
        requireNonNull(value, "value");
        require("give a fact", CallState.ASKING, CallState.RECOMMENDED);
        if (!overrides.isEmpty()) {
            throw new IllegalStateException("call " + id + " has overrides; give facts before overriding");
        }
        Patient updated = patient.withFact(fact, value);
        for (ProtocolRun run : runs) {
            run.protocol.questions().filter(q -> q.fact().equals(Optional.of(fact)) && q.isAsked()
                    && !run.answers.containsKey(q.id())).forEach(q -> AnswerChecks.checked(q, value, true));
        }
        return guarded("give a fact", () -> {
            givenFacts.add(new GivenFact(fact, value, given.size()));
            apply(updated, fact);
            advance();
        });
    }

    /** Takes a fact into the call: the patient, the rules of every protocol, the questions it answers. */
    private void apply(Patient updated, PatientFact fact) {
        patient = updated;
        emit(new AuditEvent.FactGiven(fact.key(), patient.fact(fact).orElseThrow()));
        for (ProtocolRun run : runs) {
            Set<String> read = engine.rules().patientValuesRead(run.protocol);
            RuleFacts.setBy(patient, fact).stream().filter(value -> read.contains(value.getName())).forEach(run::patientValue);
            prefill(run);
            run.reopen();
        }
        outcome = null;
    }

    // ---- the walk

    /** {@return the question to ask now, or the outcome} Asking the same call twice gives the same step. */
    public synchronized Step next() {
        return current("ask for the next step before the call has started");
    }

    /** The step in progress, once the call has started. */
    private Step current(String operation) {
        Step step = current;
        if (step == null) {
            throw new IllegalCallStateException(id, state, null, operation);
        }
        return step;
    }

    /** The outcome, in a state that has one (recommended, closed, or failed closed). */
    private Outcome requireOutcome(String operation) {
        Outcome reached = outcome;
        if (reached == null) {
            throw new IllegalCallStateException(id, state, null, operation + " without an outcome");
        }
        return reached;
    }

    /**
     * Answers the current question; returns the next step. A rejected answer leaves the call unchanged.
     *
     * @param answer the nurse's answer: yes, no, don't know, a number with its unit, option codes
     * @return the next step
     */
    public synchronized Step answer(Answer answer) {
        requireNonNull(answer, "answer");
        require("answer a question", CallState.ASKING);
        Step.Ask ask = (Step.Ask) current("answer a question");
        ProtocolRun run = runOf(ask.protocol());
        Answer accepted = AnswerChecks.checked(ask.question(), answer, false);
        return guarded("answer", () -> {
            record(run, ask.question(), accepted, AnswerSource.NURSE);
            advance();
        });
    }

    /**
     * Declines a protocol the answers suggest ({@link Step#suggestions()}): the call does not offer it again. The nurse
     * may still add it later with {@link #addProtocol}; to take a suggestion up, add its protocol.
     *
     * @param protocolId the suggested protocol's id
     * @return the next step
     * @throws IllegalArgumentException when no suggestion of that protocol is pending; the call is unchanged
     */
    public synchronized Step declineSuggestion(String protocolId) {
        requireNonNull(protocolId, "protocolId");
        require("decline a suggestion", CallState.ASKING, CallState.RECOMMENDED);
        suggestions.requirePending(protocolId, id);
        return guarded("decline a suggestion", () -> {
            suggestions.decline(protocolId);
            emit(new AuditEvent.SuggestionDeclined(protocolId));
            if (outcome != null) {
                outcome = withSuggestions(outcome);
            }
            current = current instanceof Step.Ask ask
                    ? new Step.Ask(ask.protocol(), ask.question(), ask.unknownAllowed(), suggestions.pending())
                    : new Step.Done(requireOutcome("decline a suggestion"));
        });
    }

    /**
     * Adds a protocol to the call (fever and cough); its questions come next.
     *
     * @param reference the protocol's {@code id} or {@code id@version}
     * @return the next step: a question of the added protocol, or the outcome
     */
    public synchronized Step addProtocol(String reference) {
        requireNonNull(reference, "reference");
        require("add a protocol", CallState.ASKING, CallState.RECOMMENDED);
        Protocol protocol = engine.resolve(reference);
        TriageEngine.requireInPopulation(protocol, patient);
        if (runs.stream().anyMatch(r -> r.protocol.id().equals(protocol.id()))) {
            throw new IllegalArgumentException("call " + id + " already uses protocol " + protocol.id());
        }
        checkPrefill(protocol);
        planned.add(protocol);
        return guarded("add a protocol", () -> {
            addRun(protocol);
            advance();
        });
    }

    /**
     * Withdraws the nurse's last answer (the caller corrected it): the call goes back to that question
     * and every conclusion drawn from the answer is withdrawn with it. Overrides must be undone first by
     * overriding again; a call with overrides cannot withdraw answers.
     *
     * @return the step of the question asked again
     */
    public synchronized Step withdrawLastAnswer() {
        require("withdraw an answer", CallState.ASKING, CallState.RECOMMENDED);
        if (given.isEmpty()) {
            throw new IllegalStateException("call " + id + " has no answer of the nurse to withdraw");
        }
        if (!overrides.isEmpty()) {
            throw new IllegalStateException("call " + id + " has overrides; an answer cannot be withdrawn under them");
        }
        return guarded("withdraw an answer", () -> {
            Given last = given.remove(given.size() - 1);
            givenFacts.replaceAll(f -> f.afterAnswers() > given.size() ? new GivenFact(f.fact(), f.value(), given.size()) : f);
            last.run().withdraw(last.question());
            int from = runs.indexOf(last.run());
            runs.subList(from, runs.size()).forEach(ProtocolRun::reopen);
            // The other protocols that took this answer (a shared question, or a reading) take it back too.
            Optional<PatientFact> reading = last.fact();
            for (ProtocolRun run : runs) {
                List<String> copies = new ArrayList<>();
                for (RecordedAnswer a : run.answers.values()) {
                    if (a.source() == AnswerSource.REUSED && (a.question().equals(last.question())
                            || (reading.isPresent() && run.factOf(a.question()).equals(reading)))) {
                        copies.add(a.question());
                    }
                }
                copies.forEach(run::withdraw);
                if (!copies.isEmpty()) {
                    run.reopen();
                }
            }
            outcome = null;
            emit(new AuditEvent.AnswerWithdrawn(last.run().protocol.id(), last.question()));
            advance();
        });
    }

    private void record(ProtocolRun run, Question q, Answer answer, AnswerSource source) {
        run.answer(new RecordedAnswer(run.ref, q.id(), answer, source), RuleFacts.valueFact(run.scope, q.id(), answer));
        if (source == AnswerSource.NURSE) {
            given.add(new Given(run, q.id(), q.fact()));
        }
        Optional<String> shared = run.protocol.isShared(q) ? engine.library().questionBank().map(QuestionBank::ref) : Optional.empty();
        emit(new AuditEvent.AnswerGiven(run.protocol.id(), q.id(), answer, source, shared));
    }

    /**
     * The answer another protocol of the call has for this question, which this one then takes: the same shared
     * question, or a question bound to the same patient fact (a reading asked once, whichever protocol asked it).
     */
    private Optional<Answer> sharedAnswer(ProtocolRun run, Question q) {
        if (run.protocol.isShared(q)) {
            Optional<Answer> shared = runs.stream().filter(other -> other != run && other.protocol.isShared(q))
                    .map(other -> other.answers.get(q.id())).filter(java.util.Objects::nonNull).findFirst()
                    .map(RecordedAnswer::answer);
            if (shared.isPresent()) {
                return shared;
            }
        }
        return q.fact().flatMap(this::answeredReading);
    }

    /**
     * The nurse's first answer, still in force and known, to a question bound to this reading, when the patient
     * has no such fact: a reading entered as an answer, which every protocol of the call then sees.
     */
    private Optional<Answer> answeredReading(PatientFact fact) {
        // Readings only (a number with a dimension): a yes/no fact answered in one protocol (weak immunity) would
        // reach the risk modifiers only on the paths that ask it, and a modifier must not depend on the path.
        if (fact.dimension().isEmpty() || patient.facts().containsKey(fact)) {
            return Optional.empty();
        }
        for (Given g : given) {
            if (g.fact().isPresent() && g.fact().get() == fact) {
                RecordedAnswer a = g.run().answers.get(g.question());
                if (a != null && !(a.answer() instanceof Answer.Unknown)) {
                    return Optional.of(a.answer());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Gives every protocol that reads a patient fact the reading the nurse entered as an answer to a question bound
     * to it (when the patient has no such fact), or takes it back when that answer was withdrawn; a protocol whose
     * reading changes walks again from its answers.
     */
    private void shareAnsweredReadings() {
        boolean anyRead = false;
        for (ProtocolRun run : runs) {
            anyRead |= !run.patientValuesRead.isEmpty();
        }
        if (!anyRead) {
            return;
        }
        for (PatientFact fact : PatientFact.values()) {
            if (fact.dimension().isEmpty() || patient.facts().containsKey(fact) || !readByAny(fact)) {
                continue;
            }
            ValueFact wanted = answeredReading(fact).map(a -> RuleFacts.valueFact(ValueFact.PATIENT, fact.key(), a))
                    .orElse(ValueFact.unknown(ValueFact.PATIENT, fact.key()));
            for (ProtocolRun run : runs) {
                if (run.patientValuesRead.contains(fact.key()) && run.changesPatientValue(wanted)) {
                    run.patientValue(wanted);
                    run.reopen();
                }
            }
        }
    }

    /** Whether a protocol of the call reads the patient fact. */
    private boolean readByAny(PatientFact fact) {
        for (ProtocolRun run : runs) {
            if (run.patientValuesRead.contains(fact.key())) {
                return true;
            }
        }
        return false;
    }

    /** Fires the rules, then finds the first question still open or every protocol's result. */
    private void advance() {
        shareAnsweredReadings();
        fire();
        for (ProtocolRun run : runs) {
            if (run.result != null) {
                continue;
            }
            ProtocolRun.Walk walk = run.walk();
            Optional<Answer> reused;
            while (walk.ask().isPresent() && (reused = sharedAnswer(run, walk.ask().get())).isPresent()) {
                record(run, walk.ask().get(), reused.get(), AnswerSource.REUSED);
                fire();
                walk = run.walk();
            }
            // Nothing this protocol could still ask can raise the call: its walk stops, without asking the nurse more.
            if (walk.ask().isPresent() && topReached()) {
                ProtocolResult superseded = new ProtocolResult(run.ref, run.protocol.defaultDisposition(),
                        ProtocolResult.Basis.SUPERSEDED, Optional.empty(), Optional.empty(), Optional.empty());
                run.conclude(superseded);
                emit(new AuditEvent.DispositionReached(run.protocol.id(), superseded.disposition().id(), superseded.basis(),
                        Optional.empty()));
                continue;
            }
            if (walk.ask().isPresent()) {
                Question q = walk.ask().get();
                settleSuggestions();
                Step.Ask ask = new Step.Ask(run.ref, q, !(q.onUnknown() instanceof UnknownPolicy.Refuse),
                        suggestions.pending());
                if (run.lastAsked != q) {
                    run.lastAsked = q;
                    emit(new AuditEvent.QuestionAsked(run.protocol.id(), q.id(), q.redFlag()));
                }
                current = ask;
                move(CallState.ASKING);
                return;
            }
            ProtocolResult result = walk.result().orElseThrow();
            run.conclude(result);
            emit(new AuditEvent.DispositionReached(run.protocol.id(), result.disposition().id(), result.basis(), result.trigger()));
            fire();
        }
        recommend();
    }

    /** Fires the rules of every protocol session; an event per protocol names the rules that fired, in order. */
    private void fire() {
        for (ProtocolRun run : runs) {
            List<String> fired = run.fire();
            if (!fired.isEmpty()) {
                emit(new AuditEvent.RulesFired(run.protocol.id(), fired));
            }
        }
    }

    /** Whether a protocol of the call has reached the most urgent disposition of the scale: nothing can go higher. */
    private boolean topReached() {
        Disposition top = engine.library().scale().levels().get(0);
        for (ProtocolRun r : runs) {  // a loop, not a stream: this runs at every step
            if (r.result != null && r.result.basis() != ProtocolResult.Basis.SUPERSEDED && !top.isMoreUrgentThan(r.result.disposition())) {
                return true;
            }
        }
        return false;
    }

    /** Every protocol has its result: apply modifiers, take the most urgent, and recommend. */
    private void recommend() {
        settleSuggestions();
        List<AppliedModifier> modifiers = new ArrayList<>();
        // The protocols the nurse picked first, the general assessment after them: of equals, theirs decide.
        List<ProtocolResult> results = runs.stream().sorted(Comparator.comparing((ProtocolRun r) -> r.protocol.general()))
                .map(ProtocolRun::reached).toList();
        Disposition recommended = null;
        for (ProtocolRun run : runs) {
            ProtocolResult reached = run.reached();
            Disposition disposition = reached.disposition();
            // The general assessment gives no disposition of its own unless a finding is positive, and a superseded
            // protocol's walk stopped before its end: neither has a disposition for a modifier to raise.
            boolean raisable = !run.protocol.general() && reached.basis() != ProtocolResult.Basis.SUPERSEDED;
            for (String hit : raisable ? run.modifierHits() : List.<String>of()) {
                RiskModifier modifier = engine.modifier(hit);
                modifiers.add(new AppliedModifier(modifier.id(), run.ref, reached.disposition(),
                        modifier.raiseTo(), modifier.reason()));
                if (modifier.raiseTo().isMoreUrgentThan(disposition)) {
                    disposition = modifier.raiseTo();
                }
            }
            if (recommended == null || disposition.isMoreUrgentThan(recommended)) {
                recommended = disposition;
            }
        }
        if (recommended == null) {
            throw new IllegalStateException("call " + id + ": no protocol to recommend from");
        }
        modifiers.sort(Comparator.comparing(AppliedModifier::protocol).thenComparing(AppliedModifier::modifier));
        Disposition previous = outcome == null ? null : outcome.recommended();
        if (previous != null && recommended.isMoreUrgentThan(previous)) {
            voidOverridesBelow(recommended);
        }
        outcome = outcome(recommended, checkedFinal(recommended), results, modifiers, Optional.empty());
        if (previous == null || !previous.equals(recommended)) {
            for (AppliedModifier m : modifiers) {
                emit(new AuditEvent.ModifierApplied(idOf(m.protocol()), m.modifier(), m.from().id(), m.to().id(), m.reason().english()));
            }
            emit(new AuditEvent.Recommended(recommended.id()));
        }
        emitCareAdvice();
        current = new Step.Done(outcome);
        move(CallState.RECOMMENDED);
    }

    /**
     * A recommendation that rose voids the overrides made against the lower one, unless the nurse's last
     * override still stands above the new recommendation (a nurse's upgrade is never lowered by new answers).
     */
    private void voidOverridesBelow(Disposition recommended) {
        if (overrides.isEmpty() || overrides.get(overrides.size() - 1).to().isMoreUrgentThan(recommended)) {
            return;
        }
        emit(new AuditEvent.OverridesVoided(recommended.id(), overrides.stream().map(o -> o.to().id()).toList()));
        overrides.clear();
        overridesAgainst = null;
    }

    /**
     * The final disposition: the last override in force, else the recommendation. Below the recommendation
     * only after a downgrade approved under the policy and made against this very recommendation (upgrades since
     * may raise it part of the way back); anything else is the engine's fault and fails the call closed.
     */
    private Disposition checkedFinal(Disposition recommended) {
        if (overrides.isEmpty()) {
            return recommended;
        }
        NurseOverride last = overrides.get(overrides.size() - 1);
        if (recommended.isMoreUrgentThan(last.to())) {
            // Only upgrades follow the last downgrade: it went at least as low as the final disposition.
            boolean approved = overrides.stream().filter(NurseOverride::isDowngrade).reduce((earlier, later) -> later)
                    .map(d -> d.approver().isPresent() || !engine.overridePolicy().downgradeNeedsApprover()).orElse(false);
            if (!approved || !recommended.equals(overridesAgainst)) {
                throw new IllegalStateException("the final disposition " + last.to().id() + " would be below the recommendation "
                        + recommended.id() + " without an approved downgrade made after it");
            }
        }
        return last.to();
    }

    private Outcome outcome(Disposition recommended, Disposition finalDisposition, List<ProtocolResult> results,
                            List<AppliedModifier> modifiers, Optional<String> error) {
        java.util.function.Function<Protocol, org.opentriage.internal.eval.Evaluator.Inputs> read = CallAdvice.inputs(runs, patient);
        return new Outcome(recommended, finalDisposition, results, modifiers, overrides,
                CallAdvice.careAdvice(finalDisposition, runs, planned, error.isPresent(), read),
                CallAdvice.callBackIf(finalDisposition, planned, read), error,
                List.of(), unusedFacts(), suggestions.pending(), suggestions.declined());
    }

    /** Offers what the answers now suggest and withdraws what they no longer do; an outcome the call has shows them. */
    private void settleSuggestions() {
        suggestions.settle(runs, patient, engine.library(), engine.resolution()).forEach(this::emit);
        if (outcome != null) {
            outcome = withSuggestions(outcome);
        }
    }

    private Outcome withSuggestions(Outcome o) {
        return new Outcome(o.recommended(), o.finalDisposition(), o.protocols(), o.modifiers(), o.overrides(), o.careAdvice(),
                o.callBackIf(), o.error(), o.openQuestions(), o.unusedFacts(), suggestions.pending(), suggestions.declined());
    }

    /** The patient's facts that no protocol of the call reads or asks about: the nurse is told, never silently. */
    private List<PatientFact> unusedFacts() {
        return patient.facts().keySet().stream().sorted().filter(fact -> planned.stream().noneMatch(p ->
                RuleFacts.namesSetBy(fact).stream().anyMatch(engine.rules().patientValuesRead(p)::contains)
                        || p.questions().anyMatch(q -> q.fact().equals(Optional.of(fact))))).toList();
    }

    private void emitCareAdvice() {
        Outcome given = requireOutcome("give care advice");
        emit(new AuditEvent.CareAdviceGiven(given.finalDisposition().id(),
                given.careAdvice().stream().map(LocalizedText::english).toList(),
                given.callBackIf().stream().map(LocalizedText::english).toList()));
    }

    // ---- overrides and ending

    /**
     * Overrides the call's disposition. Under the default policy a downgrade needs an approver (a
     * provider's agreement); an upgrade needs only the nurse's judgment.
     *
     * @param dispositionId the disposition the nurse chose, from the scale
     * @param reasonCode why, as a code the host's policy knows
     * @param note the nurse's free text, kept in the audit trail only
     * @param approver the provider who agreed to a downgrade, by pseudonymous id
     * @return the outcome with the override in force
     */
    public synchronized Step override(String dispositionId, String reasonCode, String note, Optional<String> approver) {
        requireNonNull(dispositionId, "dispositionId");
        requireNonNull(reasonCode, "reasonCode");
        requireNonNull(note, "note");
        requireNonNull(approver, "approver");
        require("override the disposition", CallState.RECOMMENDED);
        Disposition to = engine.library().scale().find(dispositionId).orElseThrow(() -> new IllegalArgumentException(
                "unknown disposition '" + dispositionId + "'"));
        Outcome before = requireOutcome("override the disposition");
        Disposition from = before.finalDisposition();
        if (from.equals(to)) {
            throw new IllegalArgumentException("the disposition is already " + to.id());
        }
        OverridePolicy policy = engine.overridePolicy();
        if (!policy.reasonCodes().contains(reasonCode)) {
            throw new IllegalArgumentException("reason code '" + reasonCode + "' is not one of " + new java.util.TreeSet<>(policy.reasonCodes()));
        }
        NurseOverride override = new NurseOverride(from, to, reasonCode, note, actor, approver.filter(a -> !a.isBlank()));
        if (override.isDowngrade() && policy.downgradeNeedsApprover() && override.approver().isEmpty()) {
            throw new IllegalArgumentException("a downgrade from " + from.id() + " to " + to.id()
                    + " needs an approver (a provider's agreement)");
        }
        return guarded("override", () -> {
            overrides.add(override);
            overridesAgainst = before.recommended();
            emit(new AuditEvent.OverrideApplied(from.id(), to.id(), override.isDowngrade(), reasonCode, note, actor,
                    override.approver()));
            outcome = outcome(before.recommended(), checkedFinal(before.recommended()), before.protocols(),
                    before.modifiers(), Optional.empty());
            emitCareAdvice();
            current = new Step.Done(outcome);
            move(CallState.RECOMMENDED);
        });
    }

    /** Closes a call that has its outcome; the call's resources are released. */
    public synchronized void close() {
        require("close the call", CallState.RECOMMENDED);
        guarded("close", () -> {
            Outcome closed = requireOutcome("close the call");
            emit(new AuditEvent.CallClosed(closed.recommended().id(), closed.finalDisposition().id(),
                    suggestions.pending().stream().map(Suggestion::protocol).toList()));
            writePending();  // on record before the call counts as closed
            move(CallState.CLOSED);
        });
        runs.forEach(ProtocolRun::release);
    }

    /**
     * Ends a call without an outcome, or one whose outcome was not acted on.
     *
     * @param reason why, for the audit trail (no patient data)
     */
    public synchronized void abandon(String reason) {
        requireNonNull(reason, "reason");
        require("abandon the call", CallState.ASKING, CallState.RECOMMENDED);
        guarded("abandon", () -> {
            emit(new AuditEvent.CallAbandoned(reason));
            writePending();
            move(CallState.ABANDONED);
        });
        runs.forEach(ProtocolRun::release);
    }

    // ---- answers

    // ---- state, audit, failure

    private ProtocolRun runOf(String protocolRef) {
        for (ProtocolRun run : runs) {
            if (run.ref.equals(protocolRef)) {
                return run;
            }
        }
        throw new java.util.NoSuchElementException(protocolRef);
    }

    private void require(String operation, CallState... allowed) {
        for (CallState s : allowed) {
            if (state == s) {
                return;
            }
        }
        throw new IllegalCallStateException(id, state, null, operation);
    }

    private void move(CallState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalCallStateException(id, state, next, "move");
        }
        CallState from = state;
        state = next;
        CallWatcher w = watcher;
        if (w != null) {
            w.moved(this, from, next);
        }
    }

    /** Runs a step; an unexpected error fails the call closed and returns the escalating outcome. */
    private Step guarded(String operation, Runnable step) {
        try {
            step.run();
            writePending();
            if (engine.compactCalls()) {
                runs.forEach(ProtocolRun::release);
            }
            escalate();
            return current(operation);
        } catch (AnswerRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            // Callers' mistakes are refused before the step starts; anything thrown inside it, an illegal
            // transition included, is the engine's own fault and fails the call closed.
            return fail(operation, e);
        }
    }

    /**
     * Fails the call closed: to the error disposition at least, and never below what the call had reached or
     * what an answer already given would give. The outcome lists the questions not yet ruled out, most urgent
     * first. A call that had already ended stays ended and the error is thrown.
     */
    private Step fail(String operation, RuntimeException cause) {
        if (state.isFinal()) {
            throw cause;
        }
        Disposition disposition = engine.errorDisposition();
        if (outcome != null) {
            disposition = moreUrgent(disposition, moreUrgent(outcome.recommended(), outcome.finalDisposition()));
        }
        List<OpenQuestion> open = new ArrayList<>();
        for (Protocol protocol : planned) {
            ProtocolRun run = runs.stream().filter(r -> r.protocol == protocol).findFirst().orElse(null);
            if (run != null && run.result != null) {
                disposition = moreUrgent(disposition, run.result.disposition());
                continue;
            }
            Map<String, Answer> answers = new LinkedHashMap<>();
            if (run != null) {
                run.answers.forEach((question, recorded) -> answers.put(question, recorded.answer()));
            }
            PendingAnswers pending = new PendingAnswers(protocol, answers, patient);
            for (TriageGroup group : protocol.triage()) {
                for (Question q : group.questions()) {
                    PendingAnswers.Reading reading = pending.read(q, group);
                    if (reading.positive().isPresent()) {
                        disposition = moreUrgent(disposition, reading.positive().get());
                    } else if (reading.open()) {
                        open.add(new OpenQuestion(protocol.ref(), q, group.disposition()));
                    }
                }
            }
        }
        // Only what could still raise the call is worth the nurse's time now; most urgent first, in asking order.
        Disposition reached = disposition;
        open.removeIf(q -> !q.ifPositive().isMoreUrgentThan(reached));
        open.sort(Comparator.comparing((OpenQuestion q) -> -q.ifPositive().acuity()));
        String message = operation + " failed: " + cause;
        List<ProtocolResult> results = runs.stream().filter(r -> r.result != null).map(ProtocolRun::reached).toList();
        outcome = new Outcome(disposition, disposition, results, outcome == null ? List.of() : outcome.modifiers(),
                overrides, CallAdvice.careAdvice(disposition, runs, planned, patient, true), CallAdvice.callBackIf(disposition, planned, runs, patient),
                Optional.of(message), open, unusedFacts(), suggestions.pending(), suggestions.declined());
        current = new Step.Done(outcome);
        move(CallState.ERROR);
        try {
            // What the failed step had recorded goes with the error, in one record.
            emit(new AuditEvent.CallError(message, disposition.id(), open.stream()
                    .map(q -> new AuditEvent.Open(idOf(q.protocol()), q.question().id(), q.ifPositive().id())).toList()));
            writePending();
        } catch (RuntimeException auditFailure) {
            cause.addSuppressed(auditFailure);
        }
        runs.forEach(ProtocolRun::release);
        escalateFailure(message);
        return current;
    }

    // ---- escalation

    /**
     * Raises an escalation when the call's level reached the engine's threshold and is above every level escalated
     * before: once per level, never again for a level below one escalated. The level is the most urgent of the
     * protocols' results so far (a protocol that concluded while another still asks) and the outcome's final
     * disposition. Called once a step's records are durable; never fails the call.
     */
    private void escalate() {
        Escalations to = engine.escalations();
        if (to == null || replaying) {
            return;
        }
        try {
            Disposition level = reachedLevel();
            if (level == null || to.threshold().isMoreUrgentThan(level) || level.acuity() <= escalatedAcuity) {
                return;
            }
            escalatedAcuity = level.acuity();
            Outcome now = state == CallState.RECOMMENDED ? outcome : null;
            List<ProtocolResult> results = now != null ? now.protocols()
                    : runs.stream().filter(r -> r.result != null).map(ProtocolRun::reached).toList();
            raise(to, Escalation.Reason.REACHED_LEVEL, level, results, now != null ? now.modifiers() : List.of(),
                    Optional.empty(), List.of());
        } catch (RuntimeException e) {
            // The escalation is the host's hook; the call goes on as it would without it.
        }
    }

    /** Raises the escalation of a call that failed closed, at the disposition it failed closed to, whatever the level. */
    private void escalateFailure(String message) {
        Escalations to = engine.escalations();
        if (to == null || replaying) {
            return;
        }
        try {
            Outcome failed = requireOutcome("escalate a failure");
            escalatedAcuity = Math.max(escalatedAcuity, failed.finalDisposition().acuity());
            raise(to, Escalation.Reason.FAILED_CLOSED, failed.finalDisposition(), failed.protocols(), failed.modifiers(),
                    Optional.of(message), failed.openQuestions());
        } catch (RuntimeException e) {
            // As above: never a second failure of the call.
        }
    }

    /** The most urgent disposition the call has reached: its protocols' results (not superseded) and its final one. */
    private @Nullable Disposition reachedLevel() {
        Disposition level = null;
        for (ProtocolRun run : runs) {
            if (run.result != null && run.result.basis() != ProtocolResult.Basis.SUPERSEDED
                    && (level == null || run.result.disposition().isMoreUrgentThan(level))) {
                level = run.result.disposition();
            }
        }
        if (outcome != null && state == CallState.RECOMMENDED && (level == null || outcome.finalDisposition().isMoreUrgentThan(level))) {
            level = outcome.finalDisposition();
        }
        return level;
    }

    private void raise(Escalations to, Escalation.Reason reason, Disposition level, List<ProtocolResult> results,
                       List<AppliedModifier> modifiers, Optional<String> error, List<OpenQuestion> open) {
        Escalation escalation = new Escalation(id, startPatient.reference(), nurse, reason, level, results, modifiers,
                overrides, error, open, runs.stream().map(r -> pin(r.protocol)).toList(), engine.clock().instant(),
                Optional.empty());
        // A call none of whose records reached the trail (its sink failing from the start) has no place there for one.
        escalations.add(to.raise(escalation, inTrail ? Optional.of(new Escalations.Trail(sink, engine.hmacKey(),
                engine.clock())) : Optional.empty()));
    }

    /** The protocol id of an {@code id@version}: within a call, events name protocols by id (each is in a call once). */
    private static String idOf(String ref) {
        return org.opentriage.protocol.ProtocolRef.of(ref).id();
    }

    private static Disposition moreUrgent(Disposition a, Disposition b) {
        return b.isMoreUrgentThan(a) ? b : a;
    }

    private void emit(AuditEvent event) {
        if (!replaying) {
            pending.add(event);
        }
    }

    /** Writes the step's events as one record of the call; returns once it is durable. */
    private void writePending() {
        if (pending.isEmpty()) {
            return;
        }
        TrailWriter writer = TrailWriter.of(sink);
        AuditRecord record = writer.append(id, seq + 1, engine.clock().instant(), pending, engine.hmacKey());
        // In the trail now: should forcing it fail, the call's error record follows it.
        pending.clear();
        seq++;
        inTrail = true;
        lastHash = record.hash();
        CallWatcher w = watcher;
        if (w != null) {
            w.recorded(this, record);
        }
        writer.sync();
    }

    // ---- snapshots

    /** {@return the call in flight as JSON, to resume with {@link TriageEngine#resume} in any engine instance} */
    public synchronized String snapshot() {
        if (state == CallState.NEW) {
            throw new IllegalCallStateException(id, state, null, "snapshot a call that has not started");
        }
        // The nurse's answers in the order given, which is the order a restore asks them in: per protocol, an answer
        // that came after another protocol's (a reading that opened a question of the first) would be out of turn.
        List<RecordedAnswer> answers = new ArrayList<>();
        for (Given g : given) {
            RecordedAnswer answer = g.run().answers.get(g.question());
            if (answer != null) {
                answers.add(answer);
            }
        }
        runs.forEach(r -> r.answers.values().stream().filter(a -> !answers.contains(a)).forEach(answers::add));
        return Snapshots.write(id, nurse, language, startPatient, givenFacts, runs.stream().map(r -> r.protocol).toList(), answers, overrides,
                suggestions.declined(), outcome == null ? 0 : outcome.protocols().size(), state, seq, lastHash, engine.snapshotKey());
    }

    /**
     * Rebuilds this call from a snapshot without writing audit records; the call's next record in this trail
     * opens with {@link AuditEvent.CallResumed}, naming the record it continues. The protocols the call's outcome
     * was reached over are taken up and answered first (all of them when it had no outcome), then its overrides are
     * put back as they were made, then the protocols added since are taken up and answered: so the call has the
     * outcome it had (none after a withdrawn answer; the earlier one while it asks an added protocol's questions)
     * and goes on as it would have.
     */
    void restore(Snapshots.Snapshot snapshot, String actingNurse) {
        replaying = true;
        try {
            List<Protocol> protocols = snapshot.protocols().stream().map(engine::resolvePinned).toList();
            int over = snapshot.outcomeOver();
            if (protocols.isEmpty() || over < 0 || over > protocols.size() || (over == 0 && !snapshot.overrides().isEmpty())) {
                throw new IllegalArgumentException("the snapshot has " + protocols.size() + " protocols, an outcome over "
                        + over + " of them and " + snapshot.overrides().size() + " overrides");
            }
            int first = over == 0 ? protocols.size() : over;
            state = CallState.NEW;
            // Declined before the answers are given again: a declined protocol is never pending after, whenever declined.
            suggestions.restoreDeclined(snapshot.declined());
            takeUp(protocols.subList(0, first), snapshot.answers(), snapshot.facts());
            if (!snapshot.overrides().isEmpty()) {
                if (state != CallState.RECOMMENDED) {
                    throw new IllegalArgumentException("the snapshot's answers do not lead to the outcome its overrides were made on");
                }
                // An override in force below the recommendation was made on this very recommendation: one made on an
                // earlier, lower one would have been voided when the recommendation rose.
                overrides.addAll(snapshot.overrides());
                Outcome restored = requireOutcome("restore overrides");
                overridesAgainst = restored.recommended();
                outcome = outcome(restored.recommended(), checkedFinal(restored.recommended()), restored.protocols(),
                        restored.modifiers(), Optional.empty());
                current = new Step.Done(outcome);
            }
            if (first < protocols.size()) {
                takeUp(protocols.subList(first, protocols.size()), snapshot.answers(), snapshot.facts());
            }
            if (givenFacts.size() != snapshot.facts().size()) {
                throw new IllegalArgumentException("the snapshot gives " + snapshot.facts().size() + " facts during the call but "
                        + givenFacts.size() + " fit its answers");
            }
            if (state != snapshot.state()) {
                throw new IllegalArgumentException("the snapshot was taken in state " + snapshot.state()
                        + " but its answers lead to " + state);
            }
        } finally {
            replaying = false;
        }
        seq = snapshot.seq();
        lastHash = snapshot.lastHash();
        // Escalated where the snapshot was taken (a snapshot does not say): not raised again for the same level.
        Disposition reached = reachedLevel();
        if (reached != null) {
            escalatedAcuity = reached.acuity();
        }
        actor = actingNurse;
        emit(new AuditEvent.CallResumed(lastHash, actor.equals(nurse) ? Optional.empty() : Optional.of(actor)));
    }

    /** Adds protocols to a call being restored and gives the nurse's answers to their questions, in order. */
    private void takeUp(List<Protocol> protocols, List<RecordedAnswer> answers, List<GivenFact> facts) {
        protocols.forEach(this::addRun);
        advance();
        List<String> refs = protocols.stream().map(Protocol::ref).toList();
        for (RecordedAnswer answer : answers) {
            if (answer.source() != AnswerSource.NURSE || !refs.contains(answer.protocol())) {
                continue;
            }
            giveFactsDue(facts);
            if (!(current instanceof Step.Ask ask && ask.protocol().equals(answer.protocol())
                    && ask.question().id().equals(answer.question()))) {
                throw new IllegalArgumentException("the snapshot answers " + answer.question() + " but the call "
                        + (current instanceof Step.Ask ask ? "asks " + ask.question().id() : "has its outcome"));
            }
            answer(answer.answer());
        }
        giveFactsDue(facts);
    }

    /** Gives a call being restored the facts given after as many of the nurse's answers as it now has. */
    private void giveFactsDue(List<GivenFact> facts) {
        while (givenFacts.size() < facts.size() && facts.get(givenFacts.size()).afterAnswers() <= given.size()) {
            GivenFact fact = facts.get(givenFacts.size());
            guarded("give a fact", () -> {
                givenFacts.add(fact);
                apply(patient.withFact(fact.fact(), fact.value()), fact.fact());
                advance();
            });
        }
    }

    /** Prints no patient data. */
    @java.lang.Override
    public String toString() {
        return "Call[" + id + ", " + state + ", " + protocols() + "]";
    }
}

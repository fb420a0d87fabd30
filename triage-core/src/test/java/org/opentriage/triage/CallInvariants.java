package org.opentriage.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;

/**
 * Checks the safety invariants of every call the tests make, from what each call does as it runs: installed
 * as the engine's {@link CallWatcher}, it sees each call made, each move between states and each audit record
 * written, and follows the call's trail event by event. {@link CallInvariantsExtension} checks the calls of
 * each test after it; a test may check a call at any point with {@link #violations(Call)}.
 *
 * <p>The invariants:
 * <ul>
 *   <li>The final disposition is the recommendation, or the last override in force; below the recommendation
 *       only after a downgrade made after that recommendation, approved (an approver, or an override policy
 *       that needs none), and upgrades since that raise it part of the way back. Overrides are recorded as what
 *       they are (up or down, from the final disposition in force); a downgrade without an approver the policy
 *       requires is never taken. A rise of the recommendation above the last override in force voids the
 *       overrides, and the trail records it ({@code OverridesVoided}), also when the step that rose failed; an
 *       override standing above the new recommendation is never voided. The recommendation is never below a
 *       protocol's disposition. A call that fails closed escalates to the engine's error disposition at least,
 *       and never below what it had reached.</li>
 *   <li>"Don't know" is never below "yes": for each "don't know" to a yes/no triage question, the recommendation
 *       the call reaches next is at least what "yes" to the same question at the same point gives. The point is
 *       forked: a fresh call of the same engine and patient over the same protocols, given the answers in force
 *       then with "yes" in place of "don't know" (a point the call itself reached, as a path enumeration does,
 *       is looked up instead).</li>
 *   <li>States change only along {@link CallState}'s table, each through the engine's own move (a state the
 *       call is found in that its last move did not lead to was set around the table); a call ends with the
 *       trail event of its final state and writes nothing after it.</li>
 *   <li>A call that ended in a {@link MemoryAuditSink} has an intact trail there ({@link AuditTrail#verify}).</li>
 *   <li>The call's outcome agrees with its trail.</li>
 *   <li>Suggestions: a protocol is offered only when it is neither in the call, nor pending, nor declined; only a
 *       pending suggestion is declined or withdrawn; a call closes naming as undecided exactly the suggestions
 *       pending; the call's next step shows exactly the suggestions its trail has pending, and its outcome the
 *       declined ones.</li>
 * </ul>
 *
 * <p>A call resumed from a snapshot continues the state its origin had at the snapshot when the origin was
 * followed too (it is found by the hash the resumed trail names); a call resumed from a snapshot of a call
 * not followed is checked for its transitions and trail only. Thread-safe: calls run in parallel.
 */
final class CallInvariants implements CallWatcher {
    private static final CallInvariants INSTANCE = new CallInvariants();
    /** Set while the checker drives calls of its own (forks), which it does not follow. */
    private static final ThreadLocal<Boolean> FORKING = ThreadLocal.withInitial(() -> false);

    private final Map<Call, Tracker> trackers = new ConcurrentHashMap<>();
    private final LongAdder calls = new LongAdder();
    private final LongAdder unknownsLookedUp = new LongAdder();
    private final LongAdder unknownsForked = new LongAdder();
    /** Sinks whose trail is due a verification for calls that ended in them: verified at the latest at a check. */
    private final Map<MemoryAuditSink, List<Tracker>> unverified = new LinkedHashMap<>();

    private CallInvariants() {
    }

    /**
     * Runs calls the checker does not follow: for a test that needs nothing to keep a reference to its calls
     * or sinks (the checker holds a finished call's sink until the test's check).
     */
    static <T> T unfollowed(java.util.function.Supplier<T> calls) {
        FORKING.set(true);
        try {
            return calls.get();
        } finally {
            FORKING.set(false);
        }
    }

    /** The checker, installed as every call's watcher. */
    static CallInvariants installed() {
        if (Call.watcher != INSTANCE) {
            Call.watcher = INSTANCE;
        }
        return INSTANCE;
    }

    /** The invariants the call broke so far, each named with the call; empty when it keeps them all. */
    List<String> violations(Call call) {
        Tracker tracker = trackers.get(call);
        if (tracker == null) {
            return List.of("call " + call.id() + " was not followed by the invariant checker (made before it was installed?)");
        }
        verifyTrails();
        return tracker.check();
    }

    /** Checks every call followed since the last {@code checkAll}, then forgets them; returns what they broke. */
    List<String> checkAll() {
        verifyTrails();
        List<String> broken = new ArrayList<>();
        for (Tracker tracker : List.copyOf(trackers.values())) {
            broken.addAll(tracker.check());
            trackers.remove(tracker.call);
        }
        return broken;
    }

    /** What the checker did so far, for test reports. */
    String summary() {
        return calls.sum() + " calls followed; \"don't know\" compared with \"yes\" " + (unknownsLookedUp.sum() + unknownsForked.sum())
                + " times (" + unknownsForked.sum() + " by forking the call)";
    }

    /** Stops following a call (one a test checked and dropped), so that it can be collected. */
    void forget(Call call) {
        trackers.remove(call);
    }

    // ---- the watcher

    @Override
    public void created(Call call, TriageEngine engine, Patient patient, AuditSink sink) {
        if (!FORKING.get()) {
            calls.increment();
            trackers.put(call, new Tracker(call, engine, patient, sink));
        }
    }

    @Override
    public void moved(Call call, CallState from, CallState to) {
        Tracker tracker = trackers.get(call);
        if (tracker != null) {
            tracker.moved(from, to);
        }
    }

    @Override
    public void recorded(Call call, AuditRecord record) {
        Tracker tracker = trackers.get(call);
        if (tracker != null && tracker.recorded(record) && tracker.sink instanceof MemoryAuditSink memory) {
            ended(tracker, memory);  // outside the call's lock: verifying a shared trail touches other calls
        }
    }

    // ---- trails

    /** Notes that a call ended in a sink; verifies the sink now when it has doubled since it was last verified. */
    private void ended(Tracker tracker, MemoryAuditSink sink) {
        synchronized (unverified) {
            unverified.computeIfAbsent(sink, s -> new ArrayList<>()).add(tracker);
            if (sink.records().size() < 2 * Trails.verifiedLines(sink)) {
                return;  // a shared trail is read again only as it doubles; a check reads it anyway
            }
        }
        verify(sink);
    }

    private void verifyTrails() {
        List<MemoryAuditSink> sinks;
        synchronized (unverified) {
            sinks = List.copyOf(unverified.keySet());
        }
        sinks.forEach(this::verify);
    }

    private void verify(MemoryAuditSink sink) {
        List<Tracker> ended;
        synchronized (unverified) {
            ended = unverified.remove(sink);
        }
        if (ended == null) {
            return;
        }
        AuditTrail.Verification verification = Trails.verify(sink, ended.get(0).engine.hmacKey());
        for (Tracker tracker : ended) {
            if (verification.status() == AuditTrail.Status.BROKEN) {
                tracker.violation("its trail is broken: " + verification.problem().orElse("?") + " (line " + verification.line() + ")");
            } else if (verification.openCalls().stream().anyMatch(open -> open.callId().equals(tracker.call.id()))) {
                tracker.violation("it ended, but its trail leaves it open");
            }
        }
    }

    // ---- one call

    /** A nurse's answer in force, on a stack: withdrawing takes the top one off. */
    private record Given(Given below, String protocol, String question, Answer answer, int depth) {
        List<Given> inOrder() {
            Given[] all = new Given[depth];
            for (Given g = this; g != null; g = g.below) {
                all[g.depth - 1] = g;
            }
            return Arrays.asList(all);
        }
    }

    /** An override in force, with the recommendation it was made against. */
    private record InForce(Disposition from, Disposition to, boolean downgrade, boolean approved, Disposition against) {
    }

    /** Where a call stood after one of its records, for a call resumed from a snapshot taken there. */
    private record Flow(List<String> protocols, Given answers, Map<String, Disposition> reached, Disposition recommended,
                        Disposition finalDisposition, List<InForce> overrides, List<Given> unchecked, Set<String> suggested,
                        Set<String> declined) {
    }

    /** A "don't know" whose "yes" could not be looked up: forked at the next check. */
    private record Fork(List<String> protocols, List<Given> answers, Given unknown, Disposition recommended, long seq) {
    }

    private final class Tracker {
        final Call call;
        final TriageEngine engine;
        final Patient patient;
        final AuditSink sink;
        private final List<String> violations = new ArrayList<>();
        private CallState state = CallState.NEW;
        private long lastSeq;
        private AuditEvent ending;
        private boolean endedSeen;
        /** Whether the call's course is known: it started in a record seen, or resumed from a state seen. */
        private boolean followed;

        // The call's course, as its trail tells it.
        private List<String> protocols = new ArrayList<>();
        private Given answers;
        private Map<String, Disposition> reached = new LinkedHashMap<>();
        private Disposition recommended;
        private Disposition finalDisposition;
        private List<InForce> overrides = new ArrayList<>();
        /** "Don't know" answers not yet compared with "yes": they are at the next recommendation. */
        private List<Given> unchecked = new ArrayList<>();
        /** The protocols suggested and not yet added, declined or withdrawn; those declined. */
        private Set<String> suggested = new java.util.LinkedHashSet<>();
        private Set<String> declined = new java.util.LinkedHashSet<>();

        /** The state after each record, by the record's hash, while the call runs: resumed calls continue one. */
        private final Map<String, Flow> history = new ConcurrentHashMap<>();
        /** The recommendation at each point the call reached, by its answers in force. */
        private final Map<String, Disposition> recommendations = new HashMap<>();
        private final List<Fork> forks = new ArrayList<>();
        /** Yes/no triage questions by protocol id: those a "don't know" is compared with "yes" on. */
        private final Map<String, Set<String>> yesNoTriage = new HashMap<>();

        Tracker(Call call, TriageEngine engine, Patient patient, AuditSink sink) {
            this.call = call;
            this.engine = engine;
            this.patient = patient;
            this.sink = sink;
        }

        synchronized void violation(String text) {
            violations.add(text);
        }

        private void violation(AuditRecord record, String text) {
            violations.add("record #" + record.seq() + ": " + text);
        }

        synchronized void moved(CallState from, CallState to) {
            if (from != state) {
                violations.add("it moved " + from + " -> " + to + ", but its last move along the table led to " + state
                        + ": its state was set around CallState's table");
            }
            if (!from.canMoveTo(to)) {
                violations.add("it moved " + from + " -> " + to + ", which CallState's table forbids");
            }
            state = to;
        }

        /** Follows the call's record; returns whether the call ended with it. */
        synchronized boolean recorded(AuditRecord record) {
            try {
                follow(record);
            } catch (RuntimeException e) {
                violations.add("record #" + record.seq() + ": the checker could not follow it: " + e);
            }
            if (ending == null || endedSeen) {
                return false;
            }
            endedSeen = true;
            return true;
        }

        private void follow(AuditRecord record) {
            CallState now = call.state();
            if (now != state) {
                violation(record, "the call is " + now + " but its last move along the table led to " + state
                        + (state.canMoveTo(now) ? "" : ", and the table forbids " + state + " -> " + now)
                        + ": its state was set around the table");
            }
            if (ending != null) {
                violation(record, "written after the call ended with " + ending.type().wireName());
            }
            if (lastSeq != 0 && record.seq() != lastSeq + 1) {
                violation(record, "follows record #" + lastSeq);
            }
            lastSeq = record.seq();
            boolean voided = false;
            boolean recommendedHere = false;
            Disposition before = recommended;
            for (AuditEvent event : record.events()) {
                if (ending != null) {
                    violation(record, event.type().wireName() + " follows the call's end");
                }
                if (event instanceof AuditEvent.CallStarted started) {
                    followed = true;
                    started.protocols().forEach(pin -> protocols.add(pin.ref()));
                } else if (event instanceof AuditEvent.CallResumed resumed) {
                    resume(record, resumed.after());
                    before = recommended;
                } else if (!followed) {
                    if (isEnding(event)) {
                        ending = event;
                    }
                } else {
                    voided |= event instanceof AuditEvent.OverridesVoided;
                    recommendedHere |= event instanceof AuditEvent.Recommended;
                    follow(record, event);
                }
            }
            if (followed && !voided && !recommendedHere && !overrides.isEmpty() && before != null && allReached()) {
                // A step that failed before it recommended: the protocols' dispositions say the recommendation rose.
                Disposition least = mostUrgentReached();
                InForce last = overrides.get(overrides.size() - 1);
                if (least.isMoreUrgentThan(before) && least.isMoreUrgentThan(last.to())) {
                    violation(record, "the protocols reached " + least.id() + ", above the recommendation " + before.id()
                            + " and the override to " + last.to().id() + " in force, but the trail records no OverridesVoided");
                }
            }
            if (followed && ending == null) {
                history.put(record.hash(), freeze());
            }
            if (ending != null) {
                history.clear();
                recommendations.clear();
            }
        }

        private void follow(AuditRecord record, AuditEvent event) {
            switch (event.type()) {
                case PROTOCOL_ADDED -> {
                    String ref = ((AuditEvent.ProtocolAdded) event).protocol().ref();
                    protocols.add(ref);
                    suggested.remove(idOf(ref));
                }
                case SUGGESTION_OFFERED -> {
                    String offered = ((AuditEvent.SuggestionOffered) event).suggested();
                    if (protocols.stream().anyMatch(ref -> idOf(ref).equals(offered))) {
                        violation(record, "offered " + offered + ", which is in the call");
                    } else if (declined.contains(offered)) {
                        violation(record, "offered " + offered + " again after it was declined");
                    } else if (!suggested.add(offered)) {
                        violation(record, "offered " + offered + ", which it had offered already");
                    }
                }
                case SUGGESTION_DECLINED, SUGGESTION_WITHDRAWN -> {
                    String ended = event instanceof AuditEvent.SuggestionDeclined d ? d.suggested()
                            : ((AuditEvent.SuggestionWithdrawn) event).suggested();
                    if (!suggested.remove(ended)) {
                        violation(record, event.type().wireName() + " " + ended + ", which was not pending");
                    }
                    if (event instanceof AuditEvent.SuggestionDeclined) {
                        declined.add(ended);
                    }
                }
                case ANSWER_GIVEN -> {
                    AuditEvent.AnswerGiven given = (AuditEvent.AnswerGiven) event;
                    if (given.source() == AnswerSource.NURSE) {
                        answers = new Given(answers, given.protocol(), given.question(), given.answer(),
                                answers == null ? 1 : answers.depth() + 1);
                        if (given.answer() instanceof Answer.Unknown && yesNoTriage(given.protocol()).contains(given.question())) {
                            unchecked.add(answers);
                        }
                    }
                }
                case ANSWER_WITHDRAWN -> {
                    AuditEvent.AnswerWithdrawn withdrawn = (AuditEvent.AnswerWithdrawn) event;
                    if (answers == null || !answers.protocol().equals(withdrawn.protocol())
                            || !answers.question().equals(withdrawn.question())) {
                        violation(record, "withdrew " + withdrawn.protocol() + "/" + withdrawn.question()
                                + ", which is not the nurse's last answer in force");
                        return;
                    }
                    if (!overrides.isEmpty()) {
                        violation(record, "withdrew an answer under overrides");
                    }
                    unchecked.remove(answers);
                    answers = answers.below();
                    List<String> ids = protocols.stream().map(CallInvariants::idOf).toList();
                    ids.subList(Math.max(0, ids.indexOf(withdrawn.protocol())), ids.size()).forEach(reached::remove);
                    recommended = null;
                    finalDisposition = null;
                }
                case DISPOSITION_REACHED -> {
                    AuditEvent.DispositionReached r = (AuditEvent.DispositionReached) event;
                    reached.put(r.protocol(), disposition(r.disposition()));
                }
                case OVERRIDES_VOIDED -> {
                    AuditEvent.OverridesVoided v = (AuditEvent.OverridesVoided) event;
                    Disposition rising = disposition(v.recommended());
                    List<String> inForce = overrides.stream().map(o -> o.to().id()).toList();
                    if (!inForce.equals(v.voided())) {
                        violation(record, "voided " + v.voided() + " but the overrides in force were " + inForce);
                    }
                    if (!overrides.isEmpty() && overrides.get(overrides.size() - 1).to().isMoreUrgentThan(rising)) {
                        violation(record, "voided the override to " + overrides.get(overrides.size() - 1).to().id()
                                + ", which stands above the new recommendation " + rising.id());
                    }
                    overrides.clear();
                }
                case RECOMMENDED -> recommended(record, disposition(((AuditEvent.Recommended) event).disposition()));
                case OVERRIDE_APPLIED -> {
                    AuditEvent.OverrideApplied o = (AuditEvent.OverrideApplied) event;
                    Disposition from = disposition(o.from());
                    Disposition to = disposition(o.to());
                    if (!from.equals(finalDisposition)) {
                        violation(record, "overrode from " + from.id() + " but the final disposition was " + name(finalDisposition));
                    }
                    boolean downgrade = from.isMoreUrgentThan(to);
                    if (o.downgrade() != downgrade) {
                        violation(record, "recorded an override from " + from.id() + " to " + to.id() + " as "
                                + (o.downgrade() ? "down" : "up"));
                    }
                    boolean approved = o.approver().isPresent() || !engine.overridePolicy().downgradeNeedsApprover();
                    if (downgrade && !approved) {
                        violation(record, "took a downgrade from " + from.id() + " to " + to.id()
                                + " without an approver, which the override policy requires");
                    }
                    overrides.add(new InForce(from, to, downgrade, approved, recommended));
                }
                case CARE_ADVICE_GIVEN -> finalDisposition(record, disposition(((AuditEvent.CareAdviceGiven) event).disposition()));
                case CALL_CLOSED -> {
                    AuditEvent.CallClosed closed = (AuditEvent.CallClosed) event;
                    if (!Set.copyOf(closed.undecided()).equals(suggested)) {
                        violation(record, "closed with " + closed.undecided() + " undecided, but the suggestions pending were "
                                + suggested);
                    }
                    if (!closed.recommended().equals(name(recommended)) || !closed.finalDisposition().equals(name(finalDisposition))) {
                        violation(record, "closed with " + closed.recommended() + " -> " + closed.finalDisposition()
                                + " but the trail had reached " + name(recommended) + " -> " + name(finalDisposition));
                    }
                    ending = event;
                }
                case CALL_ABANDONED -> ending = event;
                case CALL_ERROR -> {
                    Disposition escalated = disposition(((AuditEvent.CallError) event).disposition());
                    failedClosed(record, escalated);
                    ending = event;
                }
                default -> {
                }
            }
        }

        private void recommended(AuditRecord record, Disposition rising) {
            if (!allReached()) {
                violation(record, "recommended " + rising.id() + " before every protocol reached a disposition");
            } else if (mostUrgentReached().isMoreUrgentThan(rising)) {
                violation(record, "recommended " + rising.id() + ", below a protocol's " + mostUrgentReached().id());
            }
            if (recommended != null && rising.isMoreUrgentThan(recommended) && !overrides.isEmpty()
                    && rising.isMoreUrgentThan(overrides.get(overrides.size() - 1).to())) {
                violation(record, "the recommendation rose from " + recommended.id() + " to " + rising.id()
                        + ", above the override to " + overrides.get(overrides.size() - 1).to().id()
                        + " in force, but the trail records no OverridesVoided");
            }
            recommended = rising;
        }

        private void finalDisposition(AuditRecord record, Disposition given) {
            if (recommended == null) {
                violation(record, "gave care advice for " + given.id() + " without a recommendation");
                return;
            }
            if (overrides.isEmpty()) {
                if (!given.equals(recommended)) {
                    violation(record, "the final disposition " + given.id() + " is not the recommendation " + recommended.id()
                            + ", and no override is in force");
                }
            } else {
                InForce last = overrides.get(overrides.size() - 1);
                if (!given.equals(last.to())) {
                    violation(record, "the final disposition " + given.id() + " is not the override in force, " + last.to().id());
                }
                // Below the recommendation: the last downgrade took it there (only upgrades follow it), approved, and the
                // overrides since were made on this very recommendation.
                boolean approvedDowngrade = overrides.stream().filter(InForce::downgrade).reduce((earlier, later) -> later)
                        .map(InForce::approved).orElse(false);
                if (recommended.isMoreUrgentThan(given) && (!approvedDowngrade || !recommended.equals(last.against()))) {
                    violation(record, "the final disposition " + given.id() + " is below the recommendation " + recommended.id()
                            + " without an approved downgrade made after it");
                }
            }
            finalDisposition = given;
            compareUnknownsWithYes(record);
        }

        private void failedClosed(AuditRecord record, Disposition escalated) {
            List<Disposition> floor = new ArrayList<>(reached.values());
            floor.add(engine.errorDisposition());
            Optional.ofNullable(recommended).ifPresent(floor::add);
            Optional.ofNullable(finalDisposition).ifPresent(floor::add);
            floor.stream().filter(d -> d.isMoreUrgentThan(escalated)).findFirst().ifPresent(d -> violation(record,
                    "failed closed to " + escalated.id() + ", below " + d.id() + " which it had reached or must escalate to"));
        }

        // ---- "don't know" against "yes"

        private void compareUnknownsWithYes(AuditRecord record) {
            if (!unchecked.isEmpty()) {
                for (Given unknown : unchecked) {
                    List<Given> withYes = new ArrayList<>(answers.inOrder());
                    withYes.set(unknown.depth() - 1, new Given(null, unknown.protocol(), unknown.question(), Answer.yes(), unknown.depth()));
                    Disposition yes = recommendations.get(key(protocols, withYes));
                    if (yes != null) {
                        unknownsLookedUp.increment();
                        compare(unknown, recommended, yes, record.seq());
                    } else {
                        forks.add(new Fork(List.copyOf(protocols), withYes, unknown, recommended, record.seq()));
                    }
                }
                unchecked = new ArrayList<>();
            }
            recommendations.put(key(protocols, answers == null ? List.of() : answers.inOrder()), recommended);
        }

        private void compare(Given unknown, Disposition afterUnknown, Disposition afterYes, long seq) {
            if (afterYes.isMoreUrgentThan(afterUnknown)) {
                violations.add("record #" + seq + ": \"don't know\" to " + unknown.protocol() + "/" + unknown.question()
                        + " led to " + afterUnknown.id() + ", but \"yes\" at the same point leads to " + afterYes.id());
            }
        }

        /** Forks the call at each "don't know" not yet compared: the same answers in force, "yes" in its place. */
        private void fork() {
            for (Fork fork : forks) {
                unknownsForked.increment();
                FORKING.set(true);
                try {
                    Map<String, Answer> given = new HashMap<>();
                    fork.answers().forEach(g -> given.put(g.protocol() + "/" + g.question(), g.answer()));
                    // The start replays use: the call's own references were checked when it started.
                    Call copy = engine.startCall("fork-" + unknownsForked.sum(), "rn-invariants", patient, fork.protocols(),
                            AuditSink.discard());
                    Step step = copy.next();
                    while (step instanceof Step.Ask ask) {
                        String asked = idOf(ask.protocol()) + "/" + ask.question().id();
                        Answer answer = given.remove(asked);
                        if (answer == null) {
                            violations.add("record #" + fork.seq() + ": after \"yes\" in place of \"don't know\" to "
                                    + fork.unknown().protocol() + "/" + fork.unknown().question() + " the call asks " + asked
                                    + ", which \"don't know\" had settled");
                            break;
                        }
                        step = copy.answer(answer);
                    }
                    if (step instanceof Step.Done done) {
                        if (copy.state() == CallState.ERROR) {
                            violations.add("record #" + fork.seq() + ": the fork with \"yes\" failed: " + done.outcome().error().orElse(""));
                        } else {
                            compare(fork.unknown(), fork.recommended(), done.outcome().recommended(), fork.seq());
                        }
                        copy.abandon("invariant check");
                    }
                } catch (RuntimeException e) {
                    violations.add("record #" + fork.seq() + ": could not fork the call at " + fork.unknown().protocol() + "/"
                            + fork.unknown().question() + ": " + e);
                } finally {
                    FORKING.remove();
                }
            }
            forks.clear();
        }

        // ---- resuming

        private Flow freeze() {
            return new Flow(List.copyOf(protocols), answers, Map.copyOf(reached), recommended, finalDisposition,
                    List.copyOf(overrides), List.copyOf(unchecked), Set.copyOf(suggested), Set.copyOf(declined));
        }

        private void resume(AuditRecord record, String after) {
            Flow origin = null;
            for (Tracker other : trackers.values()) {
                origin = other.history.get(after);
                if (origin != null) {
                    break;
                }
            }
            if (origin == null) {
                return;  // resumed from a call not followed: its course before the snapshot is unknown
            }
            followed = true;
            protocols = new ArrayList<>(origin.protocols());
            answers = origin.answers();
            reached = new LinkedHashMap<>(origin.reached());
            recommended = origin.recommended();
            finalDisposition = origin.finalDisposition();
            overrides = new ArrayList<>(origin.overrides());
            unchecked = new ArrayList<>(origin.unchecked());
            suggested = new java.util.LinkedHashSet<>(origin.suggested());
            declined = new java.util.LinkedHashSet<>(origin.declined());
        }

        // ---- the check

        synchronized List<String> check() {
            fork();
            CallState now = call.state();
            if (now != state) {
                violations.add("the call is " + now + " but its last move along the table led to " + state
                        + (state.canMoveTo(now) ? "" : ", and the table forbids " + state + " -> " + now)
                        + ": its state was set around CallState's table");
            }
            AuditEvent.Type expected = switch (now) {
                case CLOSED -> AuditEvent.Type.CALL_CLOSED;
                case ABANDONED -> AuditEvent.Type.CALL_ABANDONED;
                case ERROR -> AuditEvent.Type.CALL_ERROR;
                default -> null;
            };
            if (ending != null && ending.type() != expected) {
                violations.add("its trail ends with " + ending.type().wireName() + " but the call is " + now);
            } else if (ending == null && (now == CallState.CLOSED || now == CallState.ABANDONED)) {
                // Written before the call moves: had the write failed, the call would have failed closed. (A call
                // fails closed when its sink refuses a record, so its CallError may be missing.)
                violations.add("the call is " + now + " but its trail does not end with " + expected.wireName());
            }
            if (followed && (now == CallState.ASKING || now == CallState.RECOMMENDED)) {
                checkSuggestions();
            }
            if (followed || now == CallState.ERROR) {
                checkOutcome(now);
            }
            if (violations.isEmpty()) {
                return List.of();
            }
            String name = "call " + call.id() + " " + call.protocols() + ", " + now + ": ";
            return violations.stream().map(v -> name + v).toList();
        }

        private void checkSuggestions() {
            Set<String> shown = call.next().suggestions().stream().map(Suggestion::protocol).collect(Collectors.toSet());
            if (!shown.equals(suggested)) {
                violations.add("its next step shows the suggestions " + shown + " but its trail has " + suggested + " pending");
            }
            call.outcome().map(o -> o.declinedSuggestions().stream().map(Suggestion::protocol).collect(Collectors.toSet()))
                    .filter(shownDeclined -> !shownDeclined.equals(declined))
                    .ifPresent(shownDeclined -> violations.add("its outcome shows " + shownDeclined + " declined but its trail "
                            + declined));
        }

        private void checkOutcome(CallState now) {
            Optional<Outcome> outcome = call.outcome();
            if (now == CallState.ERROR) {
                if (outcome.isEmpty() || outcome.get().error().isEmpty()) {
                    violations.add("it failed closed without an error outcome");
                    return;
                }
                Disposition escalated = outcome.get().finalDisposition();
                if (ending instanceof AuditEvent.CallError error && !error.disposition().equals(escalated.id())) {
                    violations.add("its outcome escalates to " + escalated.id() + " but its trail to " + error.disposition());
                }
                if (ending == null) {
                    List<Disposition> floor = new ArrayList<>(reached.values());
                    floor.add(engine.errorDisposition());
                    Optional.ofNullable(recommended).ifPresent(floor::add);
                    Optional.ofNullable(finalDisposition).ifPresent(floor::add);
                    floor.stream().filter(d -> d.isMoreUrgentThan(escalated)).findFirst().ifPresent(d -> violations.add(
                            "it failed closed to " + escalated.id() + ", below " + d.id() + " which it had reached or must escalate to"));
                }
                return;
            }
            if (recommended == null) {
                if (outcome.isPresent() && now != CallState.NEW) {
                    violations.add("it has an outcome (" + outcome.get().recommended().id() + ") its trail never recommended");
                }
                return;
            }
            if (outcome.isEmpty()) {
                violations.add("its trail recommended " + recommended.id() + " but it has no outcome");
                return;
            }
            Outcome o = outcome.get();
            List<String> inForce = overrides.stream().map(x -> x.to().id()).toList();
            if (!o.recommended().equals(recommended) || !o.finalDisposition().equals(finalDisposition)
                    || !o.overrides().stream().map(x -> x.to().id()).toList().equals(inForce)) {
                violations.add("its outcome " + o.recommended().id() + " -> " + o.finalDisposition().id() + " with overrides "
                        + o.overrides().stream().map(x -> x.to().id()).toList() + " is not its trail's " + recommended.id()
                        + " -> " + name(finalDisposition) + " with overrides " + inForce);
            }
            if (o.error().isPresent()) {
                violations.add("it is " + now + " with an error outcome: " + o.error().get());
            }
        }

        // ---- helpers

        private boolean allReached() {
            return protocols.stream().allMatch(ref -> reached.containsKey(idOf(ref)));
        }

        private Disposition mostUrgentReached() {
            return reached.values().stream().max(Disposition::compareTo).orElseThrow();
        }

        private Disposition disposition(String id) {
            return engine.library().scale().get(id);
        }

        private Set<String> yesNoTriage(String protocolId) {
            return yesNoTriage.computeIfAbsent(protocolId, id -> {
                String ref = protocols.stream().filter(r -> idOf(r).equals(id)).findFirst().orElseThrow();
                Protocol protocol = engine.library().resolve(ref, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
                return protocol.triage().stream().flatMap(g -> g.questions().stream())
                        .filter(q -> q.type() instanceof AnswerType.YesNo).map(q -> q.id()).collect(Collectors.toUnmodifiableSet());
            });
        }
    }

    private static boolean isEnding(AuditEvent event) {
        return event instanceof AuditEvent.CallClosed || event instanceof AuditEvent.CallAbandoned
                || event instanceof AuditEvent.CallError || event instanceof AuditEvent.CallInterrupted;
    }

    /** The point a call reached: its protocols and the nurse's answers in force, in order. */
    private static String key(List<String> protocols, List<Given> answers) {
        StringBuilder key = new StringBuilder();
        protocols.forEach(p -> key.append(p).append(';'));
        key.append('|');
        for (Given g : answers) {
            key.append(g.protocol()).append('/').append(g.question()).append('=').append(g.answer().text()).append(';');
        }
        return key.toString();
    }

    private static String idOf(String ref) {
        return ref.substring(0, ref.indexOf('@'));
    }

    private static String name(Disposition d) {
        return d == null ? "none" : d.id();
    }
}

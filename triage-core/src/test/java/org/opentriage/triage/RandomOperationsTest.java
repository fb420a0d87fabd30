package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;

/**
 * Seeded random operations on calls over the bundled protocols and patients: answers of every kind, answers
 * the question does not take, withdrawals, overrides up and down (with and without an approver), added
 * protocols, suggested protocols added or declined (and a decline of one not suggested), a snapshot resumed in
 * another engine instance (the call goes on there), closing and abandoning,
 * in any order and in any state. After every operation the call keeps the invariants of {@link CallInvariants};
 * it never fails closed (nothing here fails); a refused operation leaves its next step, outcome, state and trail
 * unchanged, and only the operations the rules refuse are refused; the final disposition is the recommendation
 * unless overrides are in force; a resumed call has the next step, state and outcome of the call it continues.
 *
 * <p>One sequence in four runs on a small library whose protocols suggest one another from their first questions
 * on ({@code libraries/suggestions}), so that suggestions are pending often; the others on the bundled library.
 *
 * <p>10,000 sequences by default (100,000 in the {@code exhaustive} profile); {@code -Dtriage.randomOperations=N} runs N, from
 * {@code -Dtriage.randomOperations.seed} (default 1). A failure names its seed; that seed alone repeats it.
 */
class RandomOperationsTest {
    private static final int SEQUENCES = Integer.getInteger("triage.randomOperations", 10_000);
    private static final long FIRST_SEED = Long.getLong("triage.randomOperations.seed", 1);
    private static final int MAX_OPERATIONS = 40;
    private static final byte[] SNAPSHOT_KEY = "snapshots shared by both engines".getBytes(StandardCharsets.UTF_8);
    /** Two engine instances sharing a snapshot key; the second keeps its calls compact. */
    private static final TriageEngine HERE = Engines.builder().snapshotKey(SNAPSHOT_KEY).build();
    private static final TriageEngine THERE = Engines.builder().snapshotKey(SNAPSHOT_KEY).compactCalls().build();
    private static final ProtocolLibrary SUGGESTING = ProtocolLibrary.load(java.nio.file.Path.of("src", "test", "resources",
            "libraries", "suggestions"));
    private static final TriageEngine SUGGESTING_HERE = suggesting().build();
    private static final TriageEngine SUGGESTING_THERE = suggesting().compactCalls().build();

    private static TriageEngine.Builder suggesting() {
        return TriageEngine.builder(SUGGESTING).resolution(ProtocolLibrary.Resolution.ANY_STATUS).snapshotKey(SNAPSHOT_KEY)
                .clock(java.time.Clock.fixed(java.time.Instant.parse("2026-11-27T10:00:00Z"), java.time.ZoneOffset.UTC));
    }
    private static final List<Disposition> SCALE = Engines.LIBRARY.scale().levels();

    private enum Kind { ANSWER, WRONG_ANSWER, WITHDRAW, OVERRIDE_UP, OVERRIDE_DOWN, DOWNGRADE_WITHOUT_APPROVER, ADD_PROTOCOL,
        ACCEPT_SUGGESTION, DECLINE_SUGGESTION, RESUME_ELSEWHERE, CLOSE, ABANDON }

    private final Map<Kind, Integer> done = new EnumMap<>(Kind.class);
    private final Map<Kind, Integer> refused = new EnumMap<>(Kind.class);

    @Test
    void randomOperationsInAnyOrder_keepTheCallInvariants() {
        long start = System.nanoTime();
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEQUENCES; seed++) {
            Sequence sequence = new Sequence(seed);
            try {
                sequence.run();
            } catch (AssertionError | RuntimeException e) {
                System.err.println("RandomOperationsTest: seed " + seed + " failed; repeat it alone with -Dtriage.randomOperations=1"
                        + " -Dtriage.randomOperations.seed=" + seed);
                throw new AssertionError("seed " + seed + ", after " + String.join("; ", sequence.log) + ": " + e.getMessage(), e);
            }
        }
        System.err.printf("RandomOperationsTest: %d sequences from seed %d in %.1f s; done %s; refused %s%n", SEQUENCES,
                FIRST_SEED, (System.nanoTime() - start) / 1e9, done, refused);
        System.err.println("RandomOperationsTest: the invariant checker so far: " + CallInvariants.installed().summary());
        if (SEQUENCES >= 1000) {
            List<Kind> tried = new ArrayList<>(done.keySet());
            tried.addAll(refused.keySet());
            assertThat(tried).as("operations tried").containsAll(List.of(Kind.values()));
        }
    }

    /** One call from its start to its end, driven by one seed. */
    private final class Sequence {
        final Random random;
        final List<String> log = new ArrayList<>();
        final CallInvariants checker = CallInvariants.installed();
        TriageEngine engine;
        MemoryAuditSink sink = new MemoryAuditSink();
        Patient patient;
        Call call;
        /** The calls this sequence went through: the original and each resumed copy, followed to the end. */
        final List<Call> calls = new ArrayList<>();
        /** The nurse's answers in force: what may be withdrawn. */
        int given;
        /** Whether the sequence runs on the library whose protocols suggest one another. */
        final boolean suggesting;
        /** The latest version of each protocol of the sequence's library. */
        final List<Protocol> protocols;

        Sequence(long seed) {
            random = new Random(seed);
            suggesting = seed % 4 == 0;
            protocols = suggesting ? SUGGESTING.latest(Optional.empty(), ProtocolLibrary.Resolution.ANY_STATUS) : RandomWalks.protocols();
            engine = (random.nextBoolean() ? here() : there()).withAuditSink(sink);
        }

        void run() {
            Protocol protocol = protocols.get(random.nextInt(protocols.size()));
            List<Patient> patients = ProtocolInvariantsTest.patients(protocol);
            patient = patients.get(random.nextInt(patients.size()));
            log.add("start " + protocol.ref() + " for a patient of " + patient.age().value() + " d");
            call = engine.startCall("rn-random", patient, List.of(protocol.ref()));
            calls.add(call);
            checkInvariants();
            for (int i = 0; i < MAX_OPERATIONS && !call.state().isFinal(); i++) {
                operate(pick());
            }
            if (!call.state().isFinal()) {
                operate(Kind.ABANDON);
            }
            for (Call each : calls) {
                assertThat(checker.violations(each)).as("call invariants of %s", each).isEmpty();
                checker.forget(each);
            }
        }

        private Kind pick() {
            int r = random.nextInt(100);
            if (!pending().isEmpty() && r < 40) {
                return r < 20 ? Kind.ACCEPT_SUGGESTION : Kind.DECLINE_SUGGESTION;
            }
            if (r == 99) {
                return Kind.DECLINE_SUGGESTION;  // now and then, one not suggested: refused
            }
            if (call.state() == CallState.ASKING) {
                return r < 62 ? Kind.ANSWER : r < 66 ? Kind.WRONG_ANSWER : r < 76 ? Kind.WITHDRAW : r < 83 ? Kind.ADD_PROTOCOL
                        : r < 90 ? Kind.RESUME_ELSEWHERE : r < 92 ? Kind.ABANDON : r < 96 ? Kind.OVERRIDE_UP : Kind.CLOSE;
            }
            return r < 14 ? Kind.OVERRIDE_UP : r < 28 ? Kind.OVERRIDE_DOWN : r < 36 ? Kind.DOWNGRADE_WITHOUT_APPROVER
                    : r < 50 ? Kind.WITHDRAW : r < 64 ? Kind.ADD_PROTOCOL : r < 76 ? Kind.RESUME_ELSEWHERE : r < 86 ? Kind.CLOSE
                    : r < 91 ? Kind.ABANDON : Kind.ANSWER;
        }

        private void operate(Kind kind) {
            Step before = call.state() == CallState.NEW ? null : call.next();
            Optional<Outcome> outcomeBefore = call.outcome();
            CallState stateBefore = call.state();
            int records = sink.records().size();
            boolean expectRefusal;
            try {
                expectRefusal = apply(kind);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // IllegalCallStateException is an IllegalStateException, AnswerRejectedException an IllegalArgumentException.
                log.add("refused: " + e.getClass().getSimpleName());
                assertThat(refusable(kind, e)).as("%s refused: %s", kind, e.getMessage()).isTrue();
                assertThat(call.state()).as("state after a refused %s", kind).isEqualTo(stateBefore);
                assertThat(call.next()).as("next step after a refused %s", kind).isEqualTo(before);
                assertThat(describe(call.outcome())).as("outcome after a refused %s", kind).isEqualTo(describe(outcomeBefore));
                assertThat(call.outcome()).as("outcome after a refused %s", kind).isEqualTo(outcomeBefore);
                assertThat(sink.records()).as("trail after a refused %s", kind).hasSize(records);
                refused.merge(kind, 1, Integer::sum);
                checkInvariants();
                return;
            }
            checkInvariants();
            assertThat(expectRefusal).as("%s was taken though the rules refuse it", kind).isFalse();
            done.merge(kind, 1, Integer::sum);
        }

        /** Whether the rules refuse this operation now (checked after it was refused, with the call unchanged). */
        private boolean refusable(Kind kind, RuntimeException e) {
            CallState state = call.state();
            return switch (kind) {
                case ANSWER -> state != CallState.ASKING && e instanceof IllegalCallStateException;
                case WRONG_ANSWER -> state != CallState.ASKING || e instanceof AnswerRejectedException;
                case WITHDRAW -> !withdrawable() && !(e instanceof IllegalArgumentException);
                case OVERRIDE_UP, OVERRIDE_DOWN -> state != CallState.RECOMMENDED && e instanceof IllegalCallStateException;
                case DOWNGRADE_WITHOUT_APPROVER -> state != CallState.RECOMMENDED ? e instanceof IllegalCallStateException
                        : e instanceof IllegalArgumentException && e.getMessage().contains("approver");
                case ADD_PROTOCOL -> e instanceof IllegalArgumentException;  // not for this patient, or already in the call
                case ACCEPT_SUGGESTION, DECLINE_SUGGESTION -> state != CallState.ASKING && state != CallState.RECOMMENDED
                        ? e instanceof IllegalCallStateException : e instanceof IllegalArgumentException && !(e instanceof AnswerRejectedException);
                case CLOSE -> state != CallState.RECOMMENDED && e instanceof IllegalCallStateException;
                case ABANDON, RESUME_ELSEWHERE -> false;
            };
        }

        private boolean withdrawable() {
            return (call.state() == CallState.ASKING || call.state() == CallState.RECOMMENDED) && given > 0
                    && call.outcome().map(o -> o.overrides().isEmpty()).orElse(true);
        }

        /** Applies the operation; returns whether the rules would have refused it (it was taken anyway). */
        private boolean apply(Kind kind) {
            switch (kind) {
                case ANSWER -> {
                    if (!(call.next() instanceof Step.Ask ask)) {
                        log.add("answer while " + call.state());
                        call.answer(Answer.yes());
                        return true;
                    }
                    Answer answer = suggesting ? anyAnswer(ask) : RandomWalks.answer(ask, random);
                    log.add("answer " + answer.text() + " to " + ask.protocol() + "/" + ask.question().id());
                    call.answer(answer);
                    given++;
                    return false;
                }
                case WRONG_ANSWER -> {
                    Answer wrong = call.next() instanceof Step.Ask ask ? wrongAnswer(ask) : Answer.no();
                    log.add("wrong answer " + wrong.text());
                    call.answer(wrong);
                    return true;
                }
                case WITHDRAW -> {
                    boolean allowed = withdrawable();
                    log.add("withdraw the last answer");
                    call.withdrawLastAnswer();
                    given--;
                    return !allowed;
                }
                case OVERRIDE_UP, OVERRIDE_DOWN, DOWNGRADE_WITHOUT_APPROVER -> {
                    return override(kind);
                }
                case ADD_PROTOCOL -> {
                    List<Protocol> all = protocols;
                    List<Protocol> fitting = all.stream().filter(p -> fits(p) && !call.protocols().contains(p.ref())).toList();
                    Protocol added = fitting.isEmpty() || random.nextInt(8) == 0 ? all.get(random.nextInt(all.size()))
                            : fitting.get(random.nextInt(fitting.size()));
                    log.add("add " + added.ref());
                    boolean allowed = fits(added) && !call.protocols().contains(added.ref())
                            && (call.state() == CallState.ASKING || call.state() == CallState.RECOMMENDED);
                    call.addProtocol(added.ref());
                    return !allowed;
                }
                case ACCEPT_SUGGESTION, DECLINE_SUGGESTION -> {
                    return suggestion(kind);
                }
                case RESUME_ELSEWHERE -> {
                    resumeElsewhere();
                    return false;
                }
                case CLOSE -> {
                    boolean allowed = call.state() == CallState.RECOMMENDED;
                    log.add("close");
                    call.close();
                    return !allowed;
                }
                case ABANDON -> {
                    log.add("abandon");
                    call.abandon("random sequence ended");
                    return false;
                }
                default -> throw new AssertionError(kind);
            }
        }

        private boolean override(Kind kind) {
            Disposition from = call.outcome().map(Outcome::finalDisposition).orElse(SCALE.get(0));
            boolean up = kind == Kind.OVERRIDE_UP;
            List<Disposition> targets = SCALE.stream().filter(d -> up ? d.isMoreUrgentThan(from) : from.isMoreUrgentThan(d)).toList();
            if (targets.isEmpty()) {
                // By id: a call on the suggesting library has that library's dispositions (labels in English only).
                targets = SCALE.stream().filter(d -> !d.id().equals(from.id())).toList();
            }
            Disposition to = targets.get(random.nextInt(targets.size()));
            boolean downgrade = from.isMoreUrgentThan(to);
            Optional<String> approver = kind == Kind.DOWNGRADE_WITHOUT_APPROVER ? Optional.empty() : Optional.of("dr-random");
            log.add("override " + from.id() + " -> " + to.id() + approver.map(a -> " approved by " + a).orElse(" without approver"));
            boolean allowed = call.state() == CallState.RECOMMENDED && (!downgrade || approver.isPresent());
            call.override(to.id(), downgrade ? "provider-advice" : "nurse-judgment", "random", approver);
            return !allowed;
        }

        /** Any answer the question takes (the suggesting library has yes/no, choice and checklist questions only). */
        private Answer anyAnswer(Step.Ask ask) {
            AnswerType type = ask.question().type();
            if (ask.unknownAllowed() && random.nextInt(6) == 0) {
                return Answer.unknown();
            }
            if (type instanceof AnswerType.Choice choice) {
                return Answer.choice(choice.options().get(random.nextInt(choice.options().size())).code());
            }
            if (type instanceof AnswerType.Checklist checklist) {
                java.util.Set<String> codes = new java.util.TreeSet<>();
                checklist.items().stream().filter(item -> random.nextInt(3) == 0).forEach(item -> codes.add(item.code()));
                return new Answer.Items(codes);
            }
            return random.nextBoolean() ? Answer.yes() : Answer.no();
        }

        private TriageEngine here() {
            return suggesting ? SUGGESTING_HERE : HERE;
        }

        private TriageEngine there() {
            return suggesting ? SUGGESTING_THERE : THERE;
        }

        /** The suggestions the call has pending now (none before it starts or once it ended). */
        private List<Suggestion> pending() {
            CallState state = call.state();
            return state == CallState.ASKING || state == CallState.RECOMMENDED ? call.next().suggestions() : List.of();
        }

        /**
         * Adds or declines a suggested protocol, or (when none is pending, and now and then) one not suggested: a decline
         * is then refused, an addition taken as {@link Kind#ADD_PROTOCOL} takes it. Afterwards the protocol is not
         * suggested, and is in the call when added.
         */
        private boolean suggestion(Kind kind) {
            List<Suggestion> pending = pending();
            List<Protocol> all = protocols;
            String target = pending.isEmpty() || random.nextInt(10) == 0 ? all.get(random.nextInt(all.size())).id()
                    : pending.get(random.nextInt(pending.size())).protocol();
            boolean suggested = pending.stream().anyMatch(s -> s.protocol().equals(target));
            boolean accept = kind == Kind.ACCEPT_SUGGESTION;
            log.add((accept ? "add suggested " : "decline suggested ") + target + (suggested ? "" : " (not suggested)"));
            boolean allowed;
            if (accept) {
                Protocol protocol = all.stream().filter(p -> p.id().equals(target)).findFirst().orElseThrow();
                allowed = fits(protocol) && call.protocols().stream().noneMatch(ref -> ref.startsWith(target + "@"))
                        && (call.state() == CallState.ASKING || call.state() == CallState.RECOMMENDED);
                call.addProtocol(target);
            } else {
                allowed = suggested;
                call.declineSuggestion(target);
            }
            assertThat(pending()).as("suggestions after %s", log.get(log.size() - 1)).noneMatch(s -> s.protocol().equals(target));
            return !allowed;
        }

        private void resumeElsewhere() {
            Call original = call;
            String snapshot = original.snapshot();
            MemoryAuditSink elsewhereSink = new MemoryAuditSink();
            TriageEngine elsewhere = (engine.compactCalls() ? here() : there()).withAuditSink(elsewhereSink);
            log.add("snapshot in " + original.state() + " and resume " + (elsewhere.compactCalls() ? "compact" : "kept"));
            Call copy = elsewhere.resume(snapshot);
            assertThat(copy.state()).as("state of the resumed call").isEqualTo(original.state());
            assertThat(copy.next()).as("next step of the resumed call").isEqualTo(original.next());
            assertThat(describe(copy.outcome())).as("outcome of the resumed call").isEqualTo(describe(original.outcome()));
            assertThat(copy.outcome()).as("outcome of the resumed call").isEqualTo(original.outcome());
            assertThat(checker.violations(original)).isEmpty();
            calls.add(copy);
            engine = elsewhere;
            sink = elsewhereSink;
            call = copy;
        }

        private boolean fits(Protocol protocol) {
            try {
                TriageEngine.requireInPopulation(protocol, patient);
                return true;
            } catch (IllegalArgumentException notForThisPatient) {
                return false;
            }
        }

        private void checkInvariants() {
            assertThat(checker.violations(call)).as("call invariants").isEmpty();
            if (call.state() == CallState.ERROR) {
                throw new AssertionError("the call failed closed: " + call.outcome().flatMap(Outcome::error).orElse("?"));
            }
            if (call.state() == CallState.RECOMMENDED) {
                Outcome outcome = call.outcome().orElseThrow();
                if (outcome.overrides().isEmpty()) {
                    assertThat(outcome.finalDisposition()).as("final disposition without overrides").isEqualTo(outcome.recommended());
                }
            }
        }
    }

    /** The outcome in short, for messages: recommendation, final disposition, overrides. */
    private static String describe(Optional<Outcome> outcome) {
        return outcome.map(o -> o.recommended().id() + " -> " + o.finalDisposition().id() + " overrides "
                + o.overrides().stream().map(x -> x.from().id() + ">" + x.to().id()).toList()
                + " over " + o.protocols().size() + " protocols").orElse("none");
    }

    /** An answer the question does not take: another type, an option it does not have, a value out of range. */
    private static Answer wrongAnswer(Step.Ask ask) {
        AnswerType type = ask.question().type();
        if (type instanceof AnswerType.Number number) {
            Quantity max = number.plausible().max();
            return Answer.number(new Quantity(max.value().add(java.math.BigDecimal.TEN.multiply(max.value().abs().max(java.math.BigDecimal.ONE))),
                    max.unit()));
        }
        if (type instanceof AnswerType.Choice) {
            return Answer.choice("no-such-option");
        }
        return Answer.choice("yes");
    }
}

package org.opentriage.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.Population;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.protocol.Unit;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AnswerRejectedException;
import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.AuditSink;
import org.opentriage.triage.AuditTrail;
import org.opentriage.triage.Call;
import org.opentriage.triage.CallState;
import org.opentriage.triage.EscalationPolicy;
import org.opentriage.triage.EscalationStatus;
import org.opentriage.triage.JsonLinesAuditSink;
import org.opentriage.triage.Patient;
import org.opentriage.triage.Step;
import org.opentriage.triage.Suggestion;
import org.opentriage.triage.TriageEngine;
import org.opentriage.verify.PathWalker;

/**
 * A realistic demo audit trail, made reproducibly from a seed: a day shift of a small call centre (eight nurses
 * taking calls side by side, so that calls interleave in the trail) on the bundled protocols, through the public
 * engine API. Topics are drawn with the weights of the common call lists in the domain notes; answers are drawn from
 * each question's answers worth trying ({@link PathWalker#domain}), a positive answer the rarer the more urgent its
 * group; now and then "don't know", an answer withdrawn, a call in Spanish. Suggested protocols are mostly taken up or
 * declined, some left undecided; some outcomes are overridden up (nurse judgment) or down (with a provider approving);
 * a few calls are abandoned; two fail closed (the trail's disk refused to force a record); escalations go to an
 * on-call pager that fails now and then; at the end of the shift the writer stops with calls open and the trail is
 * recovered.
 * Times are the simulated ones.
 *
 * <p>Regenerate: {@code ./mvnw -o -q -pl triage-cli -am test -Dtest=DemoTrailTest -Ddemo.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false} (writes {@code examples/trails/demo.jsonl.gz}); with {@code -Ddemo.check=true}
 * instead, the test checks that the committed trail is what the generator makes.
 */
final class DemoTrail {
    static final long SEED = 20261206L;
    static final int CALLS = 300;
    static final Path COMMITTED = Path.of("..", "examples", "trails", "demo.jsonl.gz");

    /** Weights of topics by protocol id, after the common call lists (others weigh 1). */
    private static final Map<String, Integer> WEIGHTS = Map.ofEntries(
            Map.entry("abdominal-pain-adult", 6), Map.entry("back-pain-adult", 5), Map.entry("chest-pain-adult", 5),
            Map.entry("diarrhea-adult", 4), Map.entry("cold-adult", 4), Map.entry("headache-adult", 4),
            Map.entry("leg-pain-swelling-adult", 3), Map.entry("dizziness-adult", 3), Map.entry("cough-adult", 4),
            Map.entry("sore-throat-adult", 3), Map.entry("fever-adult", 3), Map.entry("urination-pain-adult", 3),
            Map.entry("vomiting-adult", 3), Map.entry("rash-adult", 3), Map.entry("breathing-difficulty-adult", 2),
            Map.entry("wound-adult", 2), Map.entry("limb-injury-adult", 3), Map.entry("fever-child", 8),
            Map.entry("cold-child", 5), Map.entry("eye-discharge-child", 3), Map.entry("earache-child", 4),
            Map.entry("head-injury-child", 3), Map.entry("vomiting-child", 4), Map.entry("diarrhea-child", 3),
            Map.entry("wheezing-child", 2), Map.entry("rash-child", 3), Map.entry("sore-throat-child", 3),
            Map.entry("cough-child", 4), Map.entry("croup-child", 2), Map.entry("crying-infant", 2));

    private static final String[] NURSES = {"rn-101", "rn-102", "rn-103", "rn-104", "rn-105", "rn-106", "rn-107", "rn-108"};
    private static final String[] APPROVERS = {"md-201", "md-202", "md-203"};
    private static final String[] UP_NOTES = {"sounds more unwell than the answers suggest", "caller very anxious, history of rapid decline",
            "lives alone, no one to watch overnight", "provider asked to see today"};
    private static final String[] DOWN_NOTES = {"discussed with on-call provider, known chronic condition",
            "seen in clinic yesterday for the same, plan in place", "no transport; provider agreed to next-day visit",
            "patient declines ED, provider agreed with safety-net advice"};

    private DemoTrail() {
    }

    /** A clock the simulation sets. */
    private static final class SimulatedClock extends Clock {
        volatile Instant now;

        SimulatedClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A sink that refuses to force a record when told to: the trail's disk stalling. */
    private static final class StallingSink implements AuditSink {
        final JsonLinesAuditSink file;
        boolean stallNext;

        StallingSink(JsonLinesAuditSink file) {
            this.file = file;
        }

        @Override
        public void append(AuditRecord record) {
            file.append(record);
        }

        @Override
        public void sync() {
            file.sync();
            if (stallNext) {
                stallNext = false;
                throw new UncheckedIOException(new IOException("fsync timed out on the trail's volume"));
            }
        }

        @Override
        public Optional<Head> head() {
            return file.head();
        }
    }

    /** One nurse's current call, and when she acts next. */
    private static final class Desk {
        final String nurse;
        Instant next;
        Call call;
        final Set<String> decided = new HashSet<>();
        int answers;
        boolean stall;
        boolean advised;
        int abandonAt = -1;

        Desk(String nurse, Instant next) {
            this.nurse = nurse;
            this.next = next;
        }
    }

    /** Writes the demo trail, gzipped, to {@code target}. */
    static void write(Path target) throws IOException {
        Path plain = Files.createTempFile("demo-trail", ".jsonl");
        Files.delete(plain);
        try {
            generate(plain);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target), 1 << 16)) {
                // GZIPOutputStream writes no file name and no time: the same trail makes the same bytes.
                Files.copy(plain, out);
            }
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    /** Writes the demo trail as plain JSON Lines. */
    static void generate(Path file) throws IOException {
        Random random = new Random(SEED);
        ProtocolLibrary library = Engines.library();
        List<Protocol> protocols = library.latest(Optional.empty(), ProtocolLibrary.Resolution.ANY_STATUS).stream()
                .filter(p -> !p.general()).sorted(Comparator.comparing(Protocol::id)).toList();
        int totalWeight = protocols.stream().mapToInt(p -> WEIGHTS.getOrDefault(p.id(), 1)).sum();
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-02T07:00:00Z"));
        Random ids = new Random(SEED + 1);
        Set<String> failPager = new HashSet<>();
        JsonLinesAuditSink fileSink = JsonLinesAuditSink.open(file, false);  // forced once, at the end
        StallingSink sink = new StallingSink(fileSink);
        TriageEngine engine = TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
                .clock(clock).callIds(() -> new UUID(ids.nextLong(), ids.nextLong()).toString()).auditSink(sink)
                .escalation(escalation -> {
                    if (failPager.contains(escalation.callId())) {
                        throw new IOException("pager gateway refused the message");
                    }
                }, EscalationPolicy.DEFAULT.withAttempts(2).withBackoff(Duration.ofMillis(1)))
                .build();
        List<Disposition> scale = library.scale().levels().stream().filter(d -> !d.referral())
                .sorted(Comparator.reverseOrder()).toList();
        PriorityQueue<Desk> desks = new PriorityQueue<>(Comparator.comparing((Desk d) -> d.next).thenComparing(d -> d.nurse));
        for (int i = 0; i < NURSES.length; i++) {
            desks.add(new Desk(NURSES[i], clock.now.plusSeconds(60L * i + random.nextInt(300))));
        }
        int started = 0;
        int patients = 0;
        while (!desks.isEmpty()) {
            Desk desk = desks.poll();
            clock.now = desk.next;
            if (desk.call == null) {
                if (started >= CALLS) {
                    continue;  // this nurse's shift is over
                }
                Protocol protocol = pick(protocols, totalWeight, random);
                Patient patient = patient(protocol, "pt-" + Integer.toString(4000 + (++patients), 36), random);
                String language = random.nextInt(100) < 9 ? "es" : "en";
                desk.call = engine.startCall(desk.nurse, patient, List.of(protocol.ref()), language);
                desk.decided.clear();
                desk.answers = 0;
                desk.advised = false;
                started++;
                desk.stall = started == 97 || started == 211;
                desk.abandonAt = random.nextInt(100) < 4 ? 1 + random.nextInt(6) : -1;
                if (random.nextInt(40) == 0) {
                    failPager.add(desk.call.id());
                }
                advance(desk, random, 20, 40);
                desks.add(desk);
                continue;
            }
            if (started >= CALLS && desk.call.state() == CallState.ASKING && desk.answers >= 2 && openCalls(desks) <= 2) {
                break;  // the process stops mid-call: the rest stay open, to be recovered
            }
            act(desk, engine, library, scale, sink, random);
            awaitEscalations(desk.call);
            if (desk.call.state().isFinal()) {
                desk.call = null;
                // The gap before the next call: busier in the day, quieter at night.
                int hour = clock.now.atZone(ZoneOffset.UTC).getHour();
                int gap = hour >= 8 && hour < 20 ? 60 + random.nextInt(420) : 300 + random.nextInt(1800);
                desk.next = clock.now.plusSeconds(gap);
            }
            desks.add(desk);
        }
        engine.close();
        fileSink.close();
        clock.now = clock.now.plusSeconds(1800);
        AuditTrail.recover(file, Optional.empty(), Clock.fixed(clock.now, ZoneOffset.UTC));
    }

    private static long openCalls(PriorityQueue<Desk> desks) {
        return desks.stream().filter(d -> d.call != null).count() + 1;
    }

    private static void advance(Desk desk, Random random, int min, int spread) {
        desk.next = desk.next.plusSeconds(min + random.nextInt(spread)).plusMillis(random.nextInt(1000));
    }

    /** One step of a nurse's call. */
    private static void act(Desk desk, TriageEngine engine, ProtocolLibrary library, List<Disposition> scale,
                            StallingSink sink, Random random) {
        Call call = desk.call;
        Step step = call.next();
        for (Suggestion suggestion : step.suggestions()) {
            if (desk.decided.add(suggestion.protocol())) {
                int roll = random.nextInt(100);
                if (roll < 55) {
                    call.addProtocol(suggestion.protocol());
                    advance(desk, random, 15, 30);
                    return;
                }
                if (roll < 90) {
                    call.declineSuggestion(suggestion.protocol());
                    advance(desk, random, 5, 10);
                    return;
                }
            }
        }
        if (step instanceof Step.Ask ask) {
            if (desk.answers == desk.abandonAt) {
                call.abandon(random.nextBoolean() ? "caller hung up" : "line dropped; no answer on call-back");
                return;
            }
            if (desk.answers > 3 && random.nextInt(100) < 2) {
                call.withdrawLastAnswer();  // the caller corrects an answer
                advance(desk, random, 10, 20);
                return;
            }
            sink.stallNext = desk.stall && desk.answers == 3;
            answer(call, ask, library, random);
            sink.stallNext = false;
            desk.answers++;
            advance(desk, random, 6, 20);
            return;
        }
        Step.Done done = (Step.Done) step;
        if (call.state() != CallState.RECOMMENDED) {
            return;
        }
        if (!desk.advised) {
            desk.advised = true;  // the nurse reads the outcome and its care advice to the caller
            advance(desk, random, 60, 150);
            return;
        }
        Disposition current = done.outcome().finalDisposition();
        boolean overridden = !done.outcome().overrides().isEmpty();
        int roll = random.nextInt(1000);
        int index = scale.indexOf(current);
        if (!overridden && index >= 0 && roll < 45 && index > 0) {
            Disposition to = scale.get(index - 1);
            String reason = random.nextInt(4) == 0 ? "provider-advice" : "nurse-judgment";
            call.override(to.id(), reason, UP_NOTES[random.nextInt(UP_NOTES.length)], Optional.empty());
            advance(desk, random, 30, 60);
            return;
        }
        if (!overridden && index >= 0 && roll >= 45 && roll < 75 && index < scale.size() - 1 && current.acuity() < 100) {
            Disposition to = scale.get(index + 1);
            String[] reasons = {"provider-advice", "provider-advice", "access-to-care", "patient-preference"};
            call.override(to.id(), reasons[random.nextInt(reasons.length)], DOWN_NOTES[random.nextInt(DOWN_NOTES.length)],
                    Optional.of(APPROVERS[random.nextInt(APPROVERS.length)]));
            advance(desk, random, 90, 240);
            return;
        }
        if (roll >= 990) {
            call.abandon("caller chose not to follow advice; ended before advice read");
            return;
        }
        call.close();  // after the advice is read
    }

    private static void answer(Call call, Step.Ask ask, ProtocolLibrary library, Random random) {
        List<Answer> domain = new ArrayList<>(PathWalker.domain(library, ask));
        Answer first = draw(ask, domain, library, random);
        domain.remove(first);
        domain.add(0, first);
        for (Answer answer : domain) {
            try {
                call.answer(answer);
                return;
            } catch (AnswerRejectedException e) {
                // not for this patient: the next answer worth trying
            }
        }
        call.abandon("no answer accepted");
    }

    /** A plausible answer: positive the rarer the more urgent the question's group; "don't know" now and then. */
    private static Answer draw(Step.Ask ask, List<Answer> domain, ProtocolLibrary library, Random random) {
        Protocol protocol = library.resolve(ask.protocol(), ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
        Optional<TriageGroup> group = protocol.triage().stream().filter(g -> g.questions().contains(ask.question())).findFirst();
        int acuity = group.map(g -> g.disposition().acuity()).orElse(0);
        double positive = acuity >= 100 ? 0.003 : acuity >= 90 ? 0.006 : acuity >= 75 ? 0.01 : acuity >= 70 ? 0.015
                : acuity >= 60 ? 0.035 : acuity >= 50 ? 0.05 : acuity >= 40 ? 0.05 : acuity > 0 ? 0.04 : 0.15;
        if (protocol.general()) {
            positive = 0.002;
        }
        if (ask.unknownAllowed() && random.nextInt(1000) < 2 && domain.contains(Answer.unknown())) {
            return Answer.unknown();
        }
        AnswerType type = ask.question().type();
        boolean yes = random.nextDouble() < positive;
        if (type instanceof AnswerType.YesNo) {
            return yes ? Answer.yes() : Answer.no();
        }
        if (type instanceof AnswerType.Checklist) {
            List<Answer> items = domain.stream().filter(a -> a instanceof Answer.Items i && !i.codes().isEmpty()).toList();
            return yes && !items.isEmpty() ? items.get(random.nextInt(items.size())) : Answer.items();
        }
        List<Answer> known = domain.stream().filter(a -> !(a instanceof Answer.Unknown)).toList();
        if (type instanceof AnswerType.Number && known.size() > 3) {
            known = known.subList(1, known.size() - 1);  // not the plausible limits
        }
        if (type instanceof AnswerType.Number && !yes) {
            return known.get((known.size() - 1) / 2);  // most readings are unremarkable: the middle candidate
        }
        return known.get(random.nextInt(known.size()));
    }

    private static void awaitEscalations(Call call) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (call.escalations().stream().anyMatch(s -> !s.done() || !s.recorded()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (EscalationStatus s : call.escalations()) {
            if (!s.done()) {
                throw new IllegalStateException("an escalation of the demo did not end");
            }
        }
    }

    private static Protocol pick(List<Protocol> protocols, int totalWeight, Random random) {
        int roll = random.nextInt(totalWeight);
        for (Protocol p : protocols) {
            roll -= WEIGHTS.getOrDefault(p.id(), 1);
            if (roll < 0) {
                return p;
            }
        }
        throw new IllegalStateException();
    }

    /** A patient the protocol admits: an age within its population, in the unit a nurse would give it. */
    private static Patient patient(Protocol protocol, String reference, Random random) {
        Population population = protocol.population();
        double from = population.ageFrom().map(q -> q.canonicalValue().doubleValue()).orElse(0.0);
        double below = Math.min(population.ageBelow().map(q -> q.canonicalValue().doubleValue()).orElse(36525.0), 32872.0);
        double days = from + random.nextDouble() * (below - from);
        Quantity age;
        if (days >= 730) {
            age = new Quantity(BigDecimal.valueOf((long) (days / 365.25)), Unit.YEAR);
        } else if (days >= 56) {
            age = new Quantity(BigDecimal.valueOf((long) (days / 30.44)), Unit.MONTH);
        } else {
            age = new Quantity(BigDecimal.valueOf((long) (days / 7)), Unit.WEEK);
        }
        if (!population.admitsAge(age)) {
            age = new Quantity(BigDecimal.valueOf((long) Math.ceil(days)), Unit.DAY);
            if (!population.admitsAge(age)) {
                age = population.ageFrom().orElse(new Quantity(BigDecimal.valueOf(30), Unit.YEAR));
            }
        }
        boolean male = population.sex().admits(Sex.MALE);
        boolean female = population.sex().admits(Sex.FEMALE);
        Sex sex = male && female ? (random.nextBoolean() ? Sex.MALE : Sex.FEMALE) : male ? Sex.MALE : Sex.FEMALE;
        Patient patient = Patient.of(reference, age).withSex(sex);
        double years = age.canonicalValue().doubleValue() / 365.25;
        if (sex == Sex.FEMALE && years >= 16 && years < 45) {
            int roll = random.nextInt(100);
            if (roll < 6 || protocol.id().startsWith("pregnancy") || protocol.id().startsWith("postpartum")) {
                patient = patient.withPregnant(!protocol.id().startsWith("postpartum"));
            } else if (roll < 40) {
                patient = patient.withPregnant(false);
            }
        }
        return patient;
    }
}

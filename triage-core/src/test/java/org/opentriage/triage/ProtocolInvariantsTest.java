package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentriage.internal.eval.Gather;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.Unit;

/**
 * Safety invariants over every answer path of every bundled protocol, for patients at each age where a
 * guard can change, of each sex the protocol admits: every walk ends in exactly one disposition;
 * answering yes to a triage question never gives a lower acuity than answering no and going on;
 * "don't know" is never less urgent than yes; every walk's audit trail verifies and replays exactly.
 */
class ProtocolInvariantsTest {
    private static final TriageEngine ENGINE = Engines.BUNDLED;
    private static final java.util.concurrent.atomic.AtomicLong WALKS = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.concurrent.atomic.AtomicLong RUN = new java.util.concurrent.atomic.AtomicLong();

    @org.junit.jupiter.api.AfterAll
    static void reportWalks() {
        System.err.println("ProtocolInvariantsTest: " + WALKS.get() + " walks checked (" + RUN.get()
                + " walked in the engine, the rest repeating a future already walked); the invariant checker so far: "
                + CallInvariants.installed().summary());
    }

    @TestFactory
    Stream<DynamicTest> everyPathOfEveryProtocol_keepsTheSafetyInvariants() {
        List<DynamicTest> tests = new ArrayList<>();
        // -Dtriage.only=ID,ID walks only those protocols (an editor checking the protocols they changed).
        Set<String> only = java.util.Arrays.stream(System.getProperty("triage.only", "").split(",")).map(String::strip)
                .filter(s -> !s.isBlank()).collect(java.util.stream.Collectors.toSet());
        for (Protocol protocol : Engines.LIBRARY.latest(java.util.Optional.empty(),
                org.opentriage.protocol.ProtocolLibrary.Resolution.ANY_STATUS)) {
            if (!only.isEmpty() && !only.contains(protocol.id())) {
                continue;
            }
            for (Patient patient : patients(protocol)) {
                tests.add(dynamicTest(protocol.id() + " " + describe(patient), () -> checkEveryPath(protocol, patient)));
            }
        }
        return tests.stream();
    }

    private static void checkEveryPath(Protocol protocol, Patient patient) {
        MemoryAuditSink sink = new MemoryAuditSink();
        TriageEngine engine = ENGINE.withAuditSink(sink);
        Call call = engine.startCall("rn-enumerator", patient, List.of(protocol.ref()));
        List<String> failures = new ArrayList<>();
        PathEnumerator enumerator = new PathEnumerator(call, leaf -> {
            Outcome outcome = leaf.outcome();
            if (call.state() != CallState.RECOMMENDED || outcome.error().isPresent()) {
                failures.add("after " + leaf.answers() + ": state " + call.state() + " " + outcome.error().orElse(""));
            }
            assertThat(outcome.protocols()).as("the protocols of the outcome after %s (state %s, error %s)", leaf.answers(), call.state(), outcome.error()).hasSize(1);
            assertThat(outcome.recommended().acuity()).isGreaterThanOrEqualTo(outcome.protocols().get(0).disposition().acuity());
            assertThat(outcome.careAdvice()).isNotEmpty();
        });
        PathEnumerator.Summary all = enumerator.walk((ask, prefix, answers, branches) -> {
            if (protocol.assessment().contains(ask.question())) {
                return;
            }
            int yes = answers.indexOf(Answer.yes());
            int no = answers.indexOf(Answer.no());
            int unknown = answers.indexOf(Answer.unknown());
            if (yes >= 0 && no >= 0 && branches.get(yes).minAcuity() < branches.get(no).maxAcuity()) {
                failures.add("after " + prefix + ": yes to " + ask.question().id() + " gives acuity "
                        + branches.get(yes).minAcuity() + " but no can lead to " + branches.get(no).maxAcuity());
            }
            if (yes >= 0 && unknown >= 0 && branches.get(unknown).minAcuity() < branches.get(yes).maxAcuity()) {
                failures.add("after " + prefix + ": unknown to " + ask.question().id() + " is less urgent than yes");
            }
        });
        call.abandon("every path walked");

        assertThat(failures).isEmpty();
        assertThat(all.leaves()).isPositive();
        assertThat(Trails.verify(sink, java.util.Optional.empty()).problem()).isEmpty();
        Replay.Result replay = ENGINE.replay(sink.records()).get(0);
        assertThat(replay.differences()).isEmpty();
        WALKS.addAndGet(all.leaves());
        RUN.addAndGet(enumerator.walksRun());
    }

    /**
     * Patients at the youngest age of the population (male and female-pregnant) and at the last age where
     * a guard changes (female-pregnant). With {@code -Dtriage.enumeration=full} (the {@code exhaustive}
     * Maven profile): both sexes and unknown sex at every age where a guard changes, a day below each, and
     * the oldest age.
     */
    static List<Patient> patients(Protocol protocol) {
        boolean full = "full".equals(System.getProperty("triage.enumeration"));
        Set<BigDecimal> days = new TreeSet<>();
        BigDecimal from = protocol.population().ageFrom().map(Quantity::canonicalValue).orElse(BigDecimal.ZERO);
        BigDecimal below = protocol.population().ageBelow().map(Quantity::canonicalValue).orElse(new BigDecimal("36525"));
        days.add(from);
        if (full) {
            days.add(below.subtract(BigDecimal.ONE));
        }
        protocol.questions().forEach(q -> q.askIf().ifPresent(c -> ages(c, days, full)));
        protocol.questions().forEach(q -> q.positiveIf().ifPresent(c -> ages(c, days, full)));
        List<BigDecimal> ages = days.stream().filter(d -> d.compareTo(from) >= 0 && d.compareTo(below) < 0).toList();
        List<Patient> patients = new ArrayList<>();
        for (int band = 0; band < ages.size(); band++) {
            Quantity age = new Quantity(ages.get(band), Unit.DAY);
            boolean first = band == 0;
            boolean last = band == ages.size() - 1;
            boolean male = protocol.population().sex().admits(Sex.MALE);
            boolean female = protocol.population().sex().admits(Sex.FEMALE);
            if (male && (full || first)) {
                patients.add(Patient.of("enum", age).withSex(Sex.MALE));
            }
            if (female && (full || first || last || !male)) {
                patients.add(Patient.of("enum", age).withSex(Sex.FEMALE).withPregnant(true));
            }
            if (full && male && female) {
                patients.add(Patient.of("enum", age));
            }
        }
        return patients;
    }

    private static void ages(Condition c, Set<BigDecimal> days, boolean full) {
        for (BigDecimal v : c.fold(AGES_COMPARED)) {
            days.add(v);
            if (full) {
                days.add(v.subtract(BigDecimal.ONE));
            }
        }
    }

    /** The ages a condition compares the patient's with, in whole days, rounded up. */
    private static final Gather<BigDecimal> AGES_COMPARED = new Gather<>() {
        @Override
        public List<BigDecimal> holds(Condition.Holds holds) {
            return List.of();
        }

        @Override
        public List<BigDecimal> compare(Condition.Compare compare) {
            if (compare.subject() instanceof Condition.Subject.Age && compare.value() instanceof Condition.Value.Amount amount) {
                return List.of(amount.quantity().canonicalValue().setScale(0, java.math.RoundingMode.CEILING));
            }
            return List.of();
        }

        @Override
        public List<BigDecimal> in(Condition.In in) {
            return List.of();
        }
    };

    private static String describe(Patient patient) {
        return patient.age().value().toPlainString() + " d " + patient.sex().map(Sex::word).orElse("sex unknown")
                + patient.pregnant().filter(p -> p).map(p -> " pregnant").orElse("");
    }

}

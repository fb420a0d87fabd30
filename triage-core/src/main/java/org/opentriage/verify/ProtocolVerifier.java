package org.opentriage.verify;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.engine.UnsealedSink;
import org.opentriage.internal.eval.Gather;
import org.opentriage.internal.eval.Reading;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.protocol.Unit;
import org.opentriage.triage.Answer;
import org.opentriage.triage.AuditTrail;
import org.opentriage.triage.Call;
import org.opentriage.triage.CallState;
import org.opentriage.triage.MemoryAuditSink;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.Patient;
import org.opentriage.triage.ProtocolResult;
import org.opentriage.triage.Replay;
import org.opentriage.triage.TriageEngine;

/**
 * The safety invariants of a protocol, checked on every answer path for every patient of a grid, through
 * the engine itself ({@link PathWalker}): what a clinical lead runs after each edit ({@code triage verify})
 * and what the build runs over the bundled library.
 *
 * <p>On every walk: the call ends in one disposition, with care advice, never below the protocol's own
 * (modifiers only raise). At every triage question: "yes" never leads lower than "no" can, "don't know"
 * never lower than "yes" can, and a red flag answered yes (a checklist item chosen) reaches at least its
 * group's level (the item's own). Over the full grid: every group can decide, every question can be asked. On the
 * default grid the walks of each patient leave an audit trail that verifies and replays exactly; the full grid checks
 * the paths of more patients, and checks those trails too only when asked ({@link #verify(Protocol, Grid, boolean)}):
 * its other patients differ only in age, sex or pregnancy, which a trail records alike, and checking the trails
 * costs as much as walking again. Walkers of one
 * protocol's patients share the futures already walked ({@link PathWalker.Futures}). A violation on a path names the
 * patient and the answers, so that it can be written out as a case that fails until it is fixed.
 *
 * <p>Thread-safe: each call of {@link #verify} walks calls of its own.
 *
 * @since 0.1.0
 */
public final class ProtocolVerifier {

    /**
     * The patients walked: the default grid, or the full one.
     *
     * @since 0.1.0
     */
    public enum Grid {
        /**
         * The youngest age of the population (male, female and pregnant, and female and not pregnant where the
         * protocol reads the pregnancy) and the last age where a guard changes (female and pregnant; male where
         * the protocol admits no women). Whether every group can decide and every question be asked is left to
         * the full grid.
         */
        DEFAULT,
        /**
         * Male, female and pregnant, female and not pregnant (where the protocol reads the pregnancy) and sex
         * unknown, at the youngest age, at each age a guard compares with and a day below it, and at the oldest
         * age of the population.
         */
        FULL
    }

    /**
     * What was violated.
     *
     * @since 0.1.0
     */
    public enum Invariant {
        /** A walk ended without one disposition (an error, a call not recommended, no care advice). */
        ENDS_IN_ONE_DISPOSITION("ends-in-one-disposition"),
        /** The call's recommendation below the disposition its protocol reached. */
        NEVER_LOWERED("never-lowered"),
        /** "Yes" to a triage question leads lower than "no" to it can. */
        YES_NOT_BELOW_NO("yes-not-below-no"),
        /** "Don't know" leads lower than "yes" can. */
        UNKNOWN_NOT_BELOW_YES("unknown-not-below-yes"),
        /** A red flag answered yes (or a checklist item chosen) leads below its group's (or item's) level. */
        RED_FLAG_REACHES_ITS_LEVEL("red-flag-reaches-its-level"),
        /** The audit trail of the walks does not verify or does not replay exactly. */
        TRAIL_REPLAYS("trail-replays"),
        /** No path of any patient of the grid is decided by the group. */
        GROUP_REACHABLE("group-reachable"),
        /** No path of any patient of the grid asks the question. */
        QUESTION_ASKABLE("question-askable");

        private final String code;

        Invariant(String code) {
            this.code = code;
        }

        /** {@return the invariant's name in reports and file names} */
        public String code() {
            return code;
        }
    }

    /**
     * A violation. On a path: the patient, the questions asked and the answers given (a whole walk, from the
     * first question to a disposition), and the disposition the invariant requires at least.
     *
     * @param protocol the protocol's id
     * @param invariant the invariant violated
     * @param message what was found
     * @param patient the patient of the walk, on a path
     * @param questions the ids of the questions asked
     * @param answers the answers given
     * @param atLeast the disposition the invariant requires at least
     * @since 0.1.0
     */
    public record Violation(String protocol, Invariant invariant, String message, Optional<Patient> patient,
                            List<String> questions, List<Answer> answers, Optional<Disposition> atLeast) {
        /** Checks the components; the lists are copied. */
        public Violation {
            questions = List.copyOf(questions);
            answers = List.copyOf(answers);
        }
    }

    /**
     * What a verification found for one protocol.
     *
     * @param protocol the protocol verified
     * @param patients the patients of the grid
     * @param walks how many walks were checked
     * @param walksRun how many of them ran in the engine
     * @param violations what was found
     * @since 0.1.0
     */
    public record Report(Protocol protocol, List<Patient> patients, long walks, long walksRun, List<Violation> violations) {
        /** Checks the components; the lists are copied. */
        public Report {
            patients = List.copyOf(patients);
            violations = List.copyOf(violations);
        }
    }

    private final TriageEngine engine;
    private final ProtocolLibrary library;

    /**
     * A verifier over an engine of {@code library}. The engine should run protocols as written: any status,
     * without the general assessment (it is verified as a protocol of its own).
     *
     * @param engine the engine calls run on
     * @param library its library
     */
    public ProtocolVerifier(TriageEngine engine, ProtocolLibrary library) {
        this.engine = engine;
        this.library = library;
    }

    /**
     * Walks every path of the protocol for every patient of the grid; violations in the order found, each
     * finding once (with the first patient it was found for).
     *
     * @param protocol the protocol
     * @param grid the patients to walk for
     * @return the report; the default grid's walks leave an audit trail that is checked, the full grid's do not
     */
    public Report verify(Protocol protocol, Grid grid) {
        return verify(protocol, grid, grid == Grid.DEFAULT);
    }

    /**
     * Walks every answer path of the protocol for every patient of the grid, checking the audit trail of the default
     * grid's patients or not; violations in the order found, each finding once (with the first patient it was found
     * for).
     *
     * @param protocol the protocol
     * @param grid the patients to walk for
     * @param checkTrails whether the walks of the default grid's patients (among the grid's) leave an audit trail that
     *                    is verified and replayed ({@link Invariant#TRAIL_REPLAYS})
     * @return the report
     * @since 0.1.0
     */
    public Report verify(Protocol protocol, Grid grid, boolean checkTrails) {
        List<Patient> patients = patients(protocol, grid);
        List<Violation> violations = new ArrayList<>();
        Set<String> asked = new LinkedHashSet<>();
        Set<String> deciding = new LinkedHashSet<>();
        long walks = 0;
        long run = 0;
        PathWalker.Futures futures = new PathWalker.Futures();
        // The trail is checked for the patients of the default grid (among the full grid's): the others differ only in
        // age, sex or pregnancy, which a trail records alike, and checking it costs as much as walking again.
        Set<Patient> trailed = checkTrails ? new java.util.HashSet<>(patients(protocol, Grid.DEFAULT)) : Set.of();
        for (Patient patient : patients) {
            PatientWalk walk = walk(protocol, patient, futures, trailed.contains(patient), violations);
            walks += walk.walks;
            run += walk.run;
            asked.addAll(walk.asked);
            deciding.addAll(walk.deciding);
        }
        if (grid == Grid.FULL) {
            reachability(protocol, asked, deciding, violations);
        }
        // The same finding for several patients is reported once, with the first patient's path.
        Map<String, Violation> distinct = new java.util.LinkedHashMap<>();
        violations.forEach(v -> distinct.putIfAbsent(v.invariant() + " " + v.message(), v));
        return new Report(protocol, patients, walks, run, List.copyOf(distinct.values()));
    }

    private record PatientWalk(long walks, long run, Set<String> asked, Set<String> deciding) {
    }

    private PatientWalk walk(Protocol protocol, Patient patient, PathWalker.Futures futures, boolean checkTrail,
                             List<Violation> violations) {
        // A trail that is not checked is not sealed either: sealing is a fifth of a walk.
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = engine.withAuditSink(checkTrail ? sink : new UnsealedSink()).startCall("rn-verify", patient, List.of(protocol.ref()));
        Map<String, TriageGroup> groupOf = new HashMap<>();
        protocol.triage().forEach(g -> g.questions().forEach(q -> groupOf.put(q.id(), g)));
        Set<String> asked = new LinkedHashSet<>();
        Set<String> deciding = new LinkedHashSet<>();
        PathWalker walker = new PathWalker(library, call, patient, leaf -> {
            asked.addAll(leaf.questions());
            Outcome outcome = leaf.outcome();
            Optional<String> wrong = ending(call, outcome);
            if (wrong.isPresent()) {
                violations.add(new Violation(protocol.ref(), Invariant.ENDS_IN_ONE_DISPOSITION, wrong.get(), Optional.of(patient),
                        leaf.questions(), leaf.answers(), Optional.empty()));
                return;
            }
            ProtocolResult result = outcome.protocols().get(0);
            deciding.add(result.trigger().orElse(""));
            if (outcome.recommended().acuity() < result.disposition().acuity()) {
                violations.add(new Violation(protocol.ref(), Invariant.NEVER_LOWERED, "the call recommends "
                        + outcome.recommended().id() + ", below the protocol's " + result.disposition().id(), Optional.of(patient),
                        leaf.questions(), leaf.answers(), Optional.of(result.disposition())));
            }
        }, futures);
        PathWalker.Summary all = walker.walk((ask, questions, prefix, answers, branches) -> {
            // Asked here even when every walk below repeats a future walked before (for this patient or another),
            // whose leaves do not name this question.
            asked.add(ask.question().id());
            TriageGroup group = groupOf.get(ask.question().id());
            if (group == null) {
                return;
            }
            Question q = ask.question();
            int yes = answers.indexOf(Answer.yes());
            int no = answers.indexOf(Answer.no());
            int unknown = answers.indexOf(Answer.unknown());
            if (yes >= 0 && no >= 0 && branches.get(yes).minAcuity() < branches.get(no).maxAcuity()) {
                violations.add(onPath(protocol, Invariant.YES_NOT_BELOW_NO, "yes to " + q.id() + " can lead to "
                        + level(branches.get(yes).minAcuity()) + ", but no to it can lead to " + level(branches.get(no).maxAcuity()),
                        patient, questions, prefix, q.id(), answers.get(yes), branches.get(yes).least(), branches.get(no).maxAcuity()));
            }
            if (yes >= 0 && unknown >= 0 && branches.get(unknown).minAcuity() < branches.get(yes).maxAcuity()) {
                violations.add(onPath(protocol, Invariant.UNKNOWN_NOT_BELOW_YES, "don't know to " + q.id() + " can lead to "
                        + level(branches.get(unknown).minAcuity()) + ", but yes to it can lead to " + level(branches.get(yes).maxAcuity()),
                        patient, questions, prefix, q.id(), answers.get(unknown), branches.get(unknown).least(), branches.get(yes).maxAcuity()));
            }
            if (q.positiveIf().isPresent()) {
                return;
            }
            for (int i = 0; i < answers.size(); i++) {
                Optional<Disposition> level = levelOf(q, group, answers.get(i));
                if (level.isPresent() && branches.get(i).minAcuity() < level.get().acuity()) {
                    violations.add(onPath(protocol, Invariant.RED_FLAG_REACHES_ITS_LEVEL, q.id() + " answered " + answers.get(i)
                            + " can lead to " + level(branches.get(i).minAcuity()) + ", below its level " + level.get().id(),
                            patient, questions, prefix, q.id(), answers.get(i), branches.get(i).least(), level.get().acuity()));
                }
            }
        });
        call.abandon("every path walked");
        if (!checkTrail) {
            return new PatientWalk(all.leaves(), walker.walksRun(), asked, deciding);
        }
        Optional<String> problem = AuditTrail.verify(sink.lines(), Optional.empty()).problem();
        if (problem.isPresent()) {
            violations.add(new Violation(protocol.ref(), Invariant.TRAIL_REPLAYS, "the walks' audit trail does not verify: "
                    + problem.get(), Optional.of(patient), List.of(), List.of(), Optional.empty()));
        } else {
            for (Replay.Result replay : engine.replay(sink.records())) {
                if (!replay.differences().isEmpty()) {
                    violations.add(new Violation(protocol.ref(), Invariant.TRAIL_REPLAYS, "the walks' replay differs: "
                            + replay.differences().get(0), Optional.of(patient), List.of(), List.of(), Optional.empty()));
                }
            }
        }
        return new PatientWalk(all.leaves(), walker.walksRun(), asked, deciding);
    }

    /** Why a walk did not end in one disposition with advice; empty when it did. */
    private static Optional<String> ending(Call call, Outcome outcome) {
        if (call.state() != CallState.RECOMMENDED || outcome.error().isPresent()) {
            return Optional.of("the call ended " + call.state() + outcome.error().map(e -> ": " + e).orElse(""));
        }
        if (outcome.protocols().size() != 1) {
            return Optional.of("the call has " + outcome.protocols().size() + " protocol results");
        }
        if (outcome.careAdvice().isEmpty()) {
            return Optional.of("no care advice for " + outcome.recommended().id());
        }
        return Optional.empty();
    }

    /**
     * The level an answer must reach when the question decides by itself: a red flag answered yes, its group's;
     * a checklist item chosen, the item's own or its group's. Empty for any other answer.
     */
    private static Optional<Disposition> levelOf(Question q, TriageGroup group, Answer answer) {
        if (q.redFlag() && answer.equals(Answer.yes())) {
            return Optional.of(group.disposition());
        }
        if (q.type() instanceof AnswerType.Checklist checklist && answer instanceof Answer.Items items && items.codes().size() == 1) {
            String code = items.codes().iterator().next();
            return checklist.items().stream().filter(item -> item.code().equals(code)).findFirst()
                    .map(item -> item.disposition().orElse(group.disposition()));
        }
        return Optional.empty();
    }

    private Violation onPath(Protocol protocol, Invariant invariant, String message, Patient patient, List<String> questions,
                             List<Answer> prefix, String question, Answer answer, PathWalker.@Nullable Tail rest, int atLeast) {
        List<String> path = new ArrayList<>(questions);
        List<Answer> given = new ArrayList<>(prefix);
        path.add(question);
        given.add(answer);
        if (rest != null) {
            path.addAll(rest.questions());
            given.addAll(rest.answers());
        }
        return new Violation(protocol.ref(), invariant, message, Optional.of(patient), path, given, disposition(atLeast));
    }

    private void reachability(Protocol protocol, Set<String> asked, Set<String> deciding, List<Violation> violations) {
        for (TriageGroup group : protocol.triage()) {
            if (group.questions().stream().noneMatch(q -> deciding.contains(q.id()))) {
                violations.add(new Violation(protocol.ref(), Invariant.GROUP_REACHABLE, "no path of any patient of the grid is decided by the "
                        + group.disposition().id() + " group", Optional.empty(), List.of(), List.of(), Optional.empty()));
            }
        }
        protocol.questions().filter(q -> q.isAsked() && q.fact().isEmpty() && !asked.contains(q.id()))
                .forEach(q -> violations.add(new Violation(protocol.ref(), Invariant.QUESTION_ASKABLE, "no path of any patient "
                        + "of the grid asks " + q.id(), Optional.empty(), List.of(), List.of(), Optional.empty())));
    }

    private Optional<Disposition> disposition(int acuity) {
        return library.scale().levels().stream().filter(d -> d.acuity() == acuity).findFirst();
    }

    private String level(int acuity) {
        return disposition(acuity).map(Disposition::id).orElse("acuity " + acuity);
    }

    /**
     * The patients of the grid for a protocol (its population, the ages its guards compare with). Patients are
     * pseudonymous ({@code verify}); their age is in days.
     *
     * @param protocol the protocol
     * @param grid the grid
     * @return the patients
     */
    public static List<Patient> patients(Protocol protocol, Grid grid) {
        boolean full = grid == Grid.FULL;
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
        boolean pregnancy = readsPregnancy(protocol);
        List<Patient> patients = new ArrayList<>();
        for (int band = 0; band < ages.size(); band++) {
            Quantity age = new Quantity(ages.get(band), Unit.DAY);
            boolean first = band == 0;
            boolean last = band == ages.size() - 1;
            boolean male = protocol.population().sex().admits(Sex.MALE);
            boolean female = protocol.population().sex().admits(Sex.FEMALE);
            if (male && (full || first)) {
                patients.add(Patient.of("verify", age).withSex(Sex.MALE));
            }
            if (female && (full || first || last || !male)) {
                patients.add(Patient.of("verify", age).withSex(Sex.FEMALE).withPregnant(true));
            }
            if (female && pregnancy && (full || first)) {
                patients.add(Patient.of("verify", age).withSex(Sex.FEMALE).withPregnant(false));
            }
            if (full && male && female) {
                patients.add(Patient.of("verify", age));
            }
        }
        return patients;
    }

    /** Whether a condition of the protocol reads the pregnancy, or a question is answered from it. */
    private static boolean readsPregnancy(Protocol protocol) {
        return protocol.questions().anyMatch(q -> q.fact().equals(Optional.of(PatientFact.PREGNANT)))
                || protocol.conditions().anyMatch(c -> c.fold(Reading.ALL).stream()
                        .anyMatch(r -> r.subject() instanceof Condition.Subject.Pregnant));
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
                return List.of(amount.quantity().canonicalValue().setScale(0, RoundingMode.CEILING));
            }
            return List.of();
        }

        @Override
        public List<BigDecimal> in(Condition.In in) {
            return List.of();
        }
    };
}

package org.opentriage.verify;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.eval.Gather;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Unit;
import org.opentriage.triage.Answer;
import org.opentriage.triage.Call;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.Patient;
import org.opentriage.triage.Step;

/**
 * Walks every answer path of a call, depth first, in one call: it answers, goes deeper, then withdraws
 * the answer and tries the next, so the call's audit trail holds every walk and its replay repeats every
 * walk. Tried at each question: every option, "don't know" where it is accepted, and for numbers each
 * threshold the protocol compares them with, either side of it, and the plausible limits.
 *
 * <p>With {@link Memo#DISPOSITIONS}, paths that reach a question with the same live answers have the same
 * future, and the walker goes down it once: the engine's next step is a function of the answers its conditions
 * read, the questions come in the protocol's order, and a question already passed is never reached again. An
 * answer is live at a question while a condition of that question or a later one reads it (or any condition
 * that reads a later question's answer, or a risk modifier's condition), and always when it gives a patient
 * fact. Answers count as the same when every comparison that reads them gives the same (a temperature of 38.0
 * and of 38.1 where conditions compare it with 38 and 40). A second path to the same question with the same live
 * answers reaches the same dispositions below it,
 * with the same questions asked, and is counted without being walked again. The care advice and call-back
 * lines of those walks can differ (their conditions are not live), except that the advice of a disposition
 * whose every item has a condition is live, so that a walk that would end without advice is walked. Without
 * this the paths multiply with every screening question asked up front (each answer of each is combined with
 * every answer of the others); with it a protocol's walk grows with how many answers stay live at once. A call
 * of several protocols is walked path by path (an answer in one can answer another's reading).
 *
 * <p>Not thread-safe: one walker per call.
 *
 * @since 0.1.0
 */
public final class PathWalker {

    /**
     * A finished walk: the questions asked and the answers given, in order, and the outcome.
     *
     * @param questions the ids of the questions asked, in order
     * @param answers the answers given, in order
     * @param outcome the call's outcome
     * @since 0.1.0
     */
    public record Leaf(List<String> questions, List<Answer> answers, Outcome outcome) {
        /** Checks the components; the lists are copied. */
        public Leaf {
            questions = List.copyOf(questions);
            answers = List.copyOf(answers);
        }
    }

    /**
     * The least and most urgent outcomes under a node, how many walks end there, and a walk from the node to
     * each ({@code null} at the end of a walk).
     *
     * @param minAcuity the least urgent acuity reached
     * @param maxAcuity the most urgent acuity reached
     * @param leaves how many walks end under the node
     * @param least a walk to the least urgent outcome
     * @param most a walk to the most urgent outcome
     * @since 0.1.0
     */
    public record Summary(int minAcuity, int maxAcuity, long leaves, @Nullable Tail least, @Nullable Tail most) {
        static Summary of(Leaf leaf) {
            int acuity = leaf.outcome().recommended().acuity();
            return new Summary(acuity, acuity, 1, null, null);
        }

        /**
         * {@return the two together (the first's example walk where both reach the same acuity)}
         *
         * @param other the summary of another branch
         */
        public Summary merge(Summary other) {
            return new Summary(Math.min(minAcuity, other.minAcuity), Math.max(maxAcuity, other.maxAcuity), leaves + other.leaves,
                    other.minAcuity < minAcuity ? other.least : least, other.maxAcuity > maxAcuity ? other.most : most);
        }

        /** The same walks, reached by answering {@code question} with {@code answer} first. */
        Summary after(String question, Answer answer) {
            return new Summary(minAcuity, maxAcuity, leaves, new Tail(question, answer, least), new Tail(question, answer, most));
        }

        /** {@return the summary without its example walks, for comparing two walkers' summaries} */
        public Summary counts() {
            return new Summary(minAcuity, maxAcuity, leaves, null, null);
        }
    }

    /**
     * Answers from a question to the end of a walk: the question, its answer, and the rest ({@code null} at the end).
     *
     * @param question the question's id
     * @param answer its answer
     * @param rest the rest of the walk
     * @since 0.1.0
     */
    public record Tail(String question, Answer answer, @Nullable Tail rest) {
        /** {@return the questions of the tail, in order} */
        public List<String> questions() {
            List<String> questions = new ArrayList<>();
            for (Tail t = this; t != null; t = t.rest) {
                questions.add(t.question);
            }
            return questions;
        }

        /** {@return the answers of the tail, in order} */
        public List<Answer> answers() {
            List<Answer> answers = new ArrayList<>();
            for (Tail t = this; t != null; t = t.rest) {
                answers.add(t.answer);
            }
            return answers;
        }
    }

    /**
     * Checks made at each question with the summaries of its branches, in the order of {@code answers}; the
     * path to the question is {@code questions} (ids) answered {@code prefix}.
     *
     * @since 0.1.0
     */
    public interface BranchCheck {
        /**
         * Checks a question's branches.
         *
         * @param ask the question
         * @param questions the ids of the questions on the path to it
         * @param prefix the answers on the path to it
         * @param answers the answers tried at it
         * @param branches the summary of each answer's branch, in the order of {@code answers}
         */
        void check(Step.Ask ask, List<String> questions, List<Answer> prefix, List<Answer> answers, List<Summary> branches);
    }

    private final ProtocolLibrary library;
    private final Call call;
    private final @Nullable Patient patient;
    private final Consumer<Leaf> onLeaf;
    private final Memo memo;
    private final List<String> asked = new ArrayList<>();
    /** The answers given on the current path, by question id. */
    private final java.util.Map<String, Answer> given = new java.util.HashMap<>();
    /** The summary below each (protocol, question, live answers, patient's class there) already walked. */
    private final Futures futures;
    /** The patient's class at each question, by protocol and question id (see {@link Liveness#patientClass}). */
    private final java.util.Map<List<String>, List<Object>> patientClasses = new java.util.HashMap<>();
    /** The answers tried at each question, by protocol, question and whether "don't know" is accepted. */
    private final java.util.Map<List<Object>, List<Answer>> domains = new java.util.HashMap<>();
    private long walksRun;

    /**
     * Which paths the walker walks.
     *
     * @since 0.1.0
     */
    public enum Memo {
        /** Every path, including those that repeat a future already walked. */
        EVERY_PATH,
        /** A future already walked (the same dispositions below) is counted, not walked again. */
        DISPOSITIONS
    }

    /**
     * A walker of the call, a call of an engine over {@code library} that has not been answered yet.
     *
     * @param library the library of the call's engine
     * @param call the call to walk, not answered yet
     * @param onLeaf receives each finished walk
     * @param memo which paths to walk
     */
    public PathWalker(ProtocolLibrary library, Call call, Consumer<Leaf> onLeaf, Memo memo) {
        this(library, call, null, onLeaf, memo, new Futures());
    }

    /**
     * A walker of the call of {@code patient} that shares the futures already walked with the walkers of other
     * patients' calls of the same engine ({@link Memo#DISPOSITIONS}): a future walked for one patient is counted, not
     * walked again, for another whom every condition still to be read there takes alike (see {@link Futures}).
     *
     * @param library the library of the call's engine
     * @param call the call to walk, not answered yet
     * @param patient the call's patient, as the call was started with it
     * @param onLeaf receives each finished walk
     * @param futures the futures walked by the walkers of other calls of the same engine and library
     * @since 0.1.0
     */
    public PathWalker(ProtocolLibrary library, Call call, Patient patient, Consumer<Leaf> onLeaf, Futures futures) {
        this(library, call, java.util.Objects.requireNonNull(patient, "patient"), onLeaf, Memo.DISPOSITIONS, futures);
    }

    private PathWalker(ProtocolLibrary library, Call call, @Nullable Patient patient, Consumer<Leaf> onLeaf, Memo memo,
                       Futures futures) {
        this.library = library;
        this.call = call;
        this.patient = patient;
        this.onLeaf = onLeaf;
        this.memo = memo;
        this.futures = futures;
    }

    /**
     * The futures already walked, to share between the walkers of calls of one engine for different patients (not
     * thread-safe: one walker at a time). A future is the same for two patients when the same question is reached with
     * the same live answers, every condition that reads the patient's age, sex, pregnancy or facts and can still be read
     * from there (the conditions of that question and the later ones, of an earlier question that reads a later
     * answer, of the risk modifiers, of a disposition's advice whose every item has a condition) decides alike for both
     * whatever is answered (an {@code askIf} by whether it is false, a modifier by whether it holds, any other condition
     * by its truth), and both have the same facts and the same value for every fact a question of the protocol is
     * answered from. Patients of a grid usually differ only in a few guards near the top of a protocol, so most of the
     * tree is walked once.
     *
     * @since 0.1.0
     */
    public static final class Futures {
        private final java.util.Map<List<Object>, Summary> walked = new java.util.HashMap<>();
        private final java.util.Map<String, Liveness> liveness = new java.util.HashMap<>();

        /** No future walked yet. */
        public Futures() {
        }
    }

    /**
     * Walks every path from the call's current step; the checker sees each question's branches. The
     * summary counts every path; {@link #walksRun()} those actually walked.
     *
     * @param checker the checks made at each question
     * @return the summary of the call's tree
     */
    public Summary walk(BranchCheck checker) {
        return explore(call.next(), new ArrayList<>(), checker);
    }

    /** {@return the walks that reached a disposition in the call (the rest repeated a future already walked)} */
    public long walksRun() {
        return walksRun;
    }

    private Summary explore(Step step, List<Answer> prefix, BranchCheck checker) {
        if (step instanceof Step.Done done) {
            Leaf leaf = new Leaf(asked, prefix, done.outcome());
            onLeaf.accept(leaf);
            walksRun++;
            return Summary.of(leaf);
        }
        Step.Ask ask = (Step.Ask) step;
        List<Object> key = memo == Memo.DISPOSITIONS && call.protocols().size() == 1 ? key(ask) : null;
        if (key != null) {
            Summary known = futures.walked.get(key);
            if (known != null) {
                return known;
            }
        }
        List<Answer> answers = domains.computeIfAbsent(List.of(ask.protocol(), ask.question().id(), ask.unknownAllowed()),
                k -> domain(library, ask));
        List<Summary> branches = new ArrayList<>();
        for (Answer answer : answers) {
            prefix.add(answer);
            asked.add(ask.question().id());
            given.put(ask.question().id(), answer);
            branches.add(explore(call.answer(answer), prefix, checker));
            prefix.remove(prefix.size() - 1);
            asked.remove(asked.size() - 1);
            given.remove(ask.question().id());
            Step back = call.withdrawLastAnswer();
            if (!back.equals(ask)) {
                throw new AssertionError("withdrawing " + answer + " did not return to " + ask.question().id() + ": " + back);
            }
        }
        checker.check(ask, asked, prefix, answers, branches);
        Summary summary = null;
        for (int i = 0; i < answers.size(); i++) {
            Summary branch = branches.get(i).after(ask.question().id(), answers.get(i));
            summary = summary == null ? branch : summary.merge(branch);
        }
        if (summary == null) {
            throw new IllegalStateException("no answer to try for " + ask.question().id());
        }
        if (key != null) {
            futures.walked.put(key, summary);
        }
        return summary;
    }

    /** The question asked and the answers given so far that are live there, in the protocol's order. */
    private List<Object> key(Step.Ask ask) {
        Liveness live = futures.liveness.computeIfAbsent(ask.protocol(), ref -> new Liveness(library, protocol(library, ref)));
        String question = ask.question().id();
        List<Object> key = new ArrayList<>();
        key.add(ask.protocol());
        key.add(question);
        for (String id : live.at(question)) {
            Answer answer = given.get(id);
            key.add(answer == null ? null : live.classOf(id, answer));
        }
        if (patient != null) {
            Patient walked = patient;
            key.add(patientClasses.computeIfAbsent(List.of(ask.protocol(), question), k -> live.patientClass(question, walked)));
        }
        return key;
    }

    /** For each question of a protocol, the questions whose answers are live when it is asked, in order. */
    private static final class Liveness {
        private final java.util.Map<String, List<String>> liveAt = new java.util.HashMap<>();
        private final java.util.Map<String, List<Condition>> comparisons = new java.util.HashMap<>();
        /** The conditions still read at each question that compare the patient's age, sex, pregnancy or facts. */
        private final java.util.Map<String, List<Read>> patientReads = new java.util.HashMap<>();
        /** What each condition makes of a patient (see {@link #signature}), by condition and its patient comparisons' truths. */
        private final java.util.Map<Read, java.util.Map<List<Object>, Object>> signatures = new java.util.HashMap<>();
        /** The facts a question of the protocol is answered from. */
        private final List<org.opentriage.protocol.PatientFact> factsAnswering;

        /** The comparisons of a condition: each {@code holds}, {@code compare}, {@code in} and {@code known}. */
        private static final Condition.Fold<List<Condition>> ATOMS = new Gather<>() {
            @Override
            public List<Condition> holds(Condition.Holds holds) {
                return List.of(holds);
            }

            @Override
            public List<Condition> compare(Condition.Compare compare) {
                return List.of(compare);
            }

            @Override
            public List<Condition> in(Condition.In in) {
                return List.of(in);
            }

            @Override
            public List<Condition> known(Condition.Known known) {
                return List.of(known);
            }
        };

        private static Condition.Subject subject(Condition atom) {
            if (atom instanceof Condition.Holds h) {
                return h.subject();
            }
            if (atom instanceof Condition.Compare c) {
                return c.subject();
            }
            if (atom instanceof Condition.In in) {
                return in.subject();
            }
            return ((Condition.Known) atom).subject();
        }

        Liveness(ProtocolLibrary library, Protocol protocol) {
            List<Question> order = new ArrayList<>(protocol.assessment());
            protocol.triage().forEach(g -> order.addAll(g.questions()));
            java.util.Map<String, Integer> position = new java.util.HashMap<>();
            for (int i = 0; i < order.size(); i++) {
                position.put(order.get(i).id(), i);
            }
            // Read wherever the walk stands: modifier conditions, the advice of a disposition whose every item has a
            // condition, answers giving a patient fact, and every condition that reads the answer of a question after
            // its own.
            Set<String> always = new java.util.HashSet<>();
            // The same conditions, whole: the patient's values they compare are read wherever the walk stands too.
            List<Read> alwaysRead = new ArrayList<>();
            protocol.careAdvice().stream().filter(c -> c.advice().stream().allMatch(a -> a.when().isPresent()))
                    .forEach(c -> c.advice().forEach(a -> {
                        always.addAll(a.when().orElseThrow().questionsRead());
                        alwaysRead.add(new Read(a.when().orElseThrow(), Decides.TRUTH));
                    }));
            // A modifier raises only where its condition holds (the rules read its true form alone).
            library.modifiers().modifiers().stream().filter(m -> m.appliesTo(protocol.id())).forEach(m -> {
                always.addAll(m.when().questionsRead());
                alwaysRead.add(new Read(m.when(), Decides.WHETHER_TRUE));
            });
            for (int i = 0; i < order.size(); i++) {
                Question q = order.get(i);
                q.fact().ifPresent(f -> always.add(q.id()));
                Set<String> reads = reads(q);
                int at = i;
                if (reads.stream().anyMatch(r -> position.getOrDefault(r, Integer.MAX_VALUE) > at)) {
                    always.addAll(reads);
                    alwaysRead.addAll(readsOf(q));
                }
            }
            // A question outside the order of asking (none today) is read wherever the walk stands.
            protocol.questions().filter(q -> !position.containsKey(q.id())).forEach(q -> alwaysRead.addAll(readsOf(q)));
            factsAnswering = protocol.questions().flatMap(q -> q.fact().stream()).distinct().toList();
            for (int i = 0; i < order.size(); i++) {
                List<Read> read = new ArrayList<>(alwaysRead);
                order.subList(i, order.size()).forEach(q -> read.addAll(readsOf(q)));
                patientReads.put(order.get(i).id(), read.stream().distinct()
                        .filter(r -> r.condition().fold(ATOMS).stream().anyMatch(atom -> !(subject(atom) instanceof Condition.Subject.Answer)))
                        .toList());
            }
            // The comparisons that read each answer (or the patient fact it gives), in every condition of the
            // protocol and its modifiers: an answer's class is what they make of it.
            List<Condition> conditions = new ArrayList<>(protocol.conditions().toList());
            library.modifiers().modifiers().stream().filter(m -> m.appliesTo(protocol.id())).forEach(m -> conditions.add(m.when()));
            java.util.Map<Condition.Subject, String> answering = new java.util.HashMap<>();
            protocol.questions().forEach(q -> {
                answering.put(new Condition.Subject.Answer(q.id()), q.id());
                q.fact().ifPresent(f -> answering.put(new Condition.Subject.Fact(f), q.id()));
            });
            for (Condition c : conditions) {
                for (Condition atom : c.fold(ATOMS)) {
                    String id = answering.get(subject(atom));
                    if (id != null) {
                        List<Condition> atoms = comparisons.computeIfAbsent(id, k -> new ArrayList<>());
                        if (!atoms.contains(atom)) {
                            atoms.add(atom);
                        }
                    }
                }
            }
            for (int i = 0; i < order.size(); i++) {
                Set<String> live = new java.util.HashSet<>(always);
                for (int j = i; j < order.size(); j++) {
                    live.addAll(reads(order.get(j)));
                }
                // A measurement and the observable question asked in its place stand together.
                for (Question q : order) {
                    q.fallback().filter(f -> live.contains(f) || live.contains(q.id())).ifPresent(f -> {
                        live.add(f);
                        live.add(q.id());
                    });
                }
                liveAt.put(order.get(i).id(), order.stream().map(Question::id).filter(live::contains).toList());
            }
        }

        /**
         * What the conditions can tell of an answer: the truth of each comparison that reads it (or the patient
         * fact it gives), in a fixed order. Two answers of one class are alike to every condition (a temperature
         * of 38.0 and of 38.1 where conditions compare it with 38 and 40), and so to the engine's rules.
         */
        List<org.opentriage.internal.eval.Truth> classOf(String questionId, Answer answer) {
            List<Condition> compared = comparisons.getOrDefault(questionId, List.of());
            Optional<org.opentriage.internal.eval.Evaluator.Value> value = value(answer);
            org.opentriage.internal.eval.Evaluator.Inputs inputs = new org.opentriage.internal.eval.Evaluator.BySubject() {
                @Override
                protected Optional<org.opentriage.internal.eval.Evaluator.Value> value(Condition.Subject subject) {
                    return value;
                }
            };
            List<org.opentriage.internal.eval.Truth> truths = new ArrayList<>(compared.size() + 1);
            // "Don't know" and no value stay apart from every value, whatever the comparisons say.
            truths.add(answer instanceof Answer.Unknown ? org.opentriage.internal.eval.Truth.UNKNOWN : null);
            for (Condition c : compared) {
                truths.add(org.opentriage.internal.eval.Evaluator.evaluate(c, inputs));
            }
            return truths;
        }

        /**
         * What the conditions still read at a question can tell of a patient: the patient's facts, the value of each
         * fact a question of the protocol is answered from, and what each of those conditions that reads the patient's
         * age, sex, pregnancy or facts makes of the patient whatever is answered ({@link #signature}), in a fixed order.
         * Two patients of one class there meet the same engine below the question.
         */
        List<Object> patientClass(String questionId, Patient patient) {
            List<Read> reads = patientReads.get(questionId);
            if (reads == null) {
                throw new IllegalArgumentException("not a question of the protocol: " + questionId);
            }
            List<Object> cls = new ArrayList<>(reads.size() + factsAnswering.size() + 1);
            cls.add(java.util.Map.copyOf(patient.facts()));
            factsAnswering.forEach(f -> cls.add(patient.fact(f).orElse(null)));
            org.opentriage.internal.eval.Evaluator.Inputs inputs = new org.opentriage.internal.eval.Evaluator.Inputs() {
                @Override
                public Optional<Quantity> age() {
                    return Optional.of(patient.age());
                }

                @Override
                public Optional<org.opentriage.protocol.Sex> sex() {
                    return patient.sex();
                }

                @Override
                public Optional<Boolean> pregnant() {
                    return patient.isPregnant();
                }

                @Override
                public Optional<org.opentriage.internal.eval.Evaluator.Value> answer(String id) {
                    return Optional.empty();
                }

                @Override
                public Optional<org.opentriage.internal.eval.Evaluator.Value> fact(org.opentriage.protocol.PatientFact fact) {
                    return patient.fact(fact).flatMap(Liveness::value);
                }
            };
            for (Read read : reads) {
                cls.add(signature(read, patient, inputs));
            }
            return cls;
        }

        /** How many answers a condition may read for {@link #signature} to try every combination of their truths. */
        private static final int MOST_ANSWERS_TRIED = 7;

        /**
         * What a condition makes of a patient: for every combination of truths of the comparisons of answers it reads
         * (true, false, unknown; each taken alone, so combinations no answer can give are tried too), what the engine
         * takes from the condition with the patient's comparisons in place (its truth; whether it holds, for a
         * modifier; whether it is false, for an {@code askIf}, which skips its question only then). Two patients with
         * the same signature meet the same condition alike whatever is answered: a female patient and one of unknown
         * sex are alike to {@code askIf: sex = female and x}, which is false for both exactly when {@code x} is.
         * Where the condition reads more answers than {@value #MOST_ANSWERS_TRIED}, or a comparison fails, the truth
         * of each patient comparison instead.
         */
        private Object signature(Read read, Patient patient, org.opentriage.internal.eval.Evaluator.Inputs inputs) {
            List<Condition> atoms = read.condition().fold(ATOMS).stream().distinct().toList();
            List<Condition> variable = new ArrayList<>();
            List<Object> fixed = new ArrayList<>();
            java.util.Map<Condition, org.opentriage.internal.eval.Truth> truths = new java.util.HashMap<>();
            boolean failed = false;
            for (Condition atom : atoms) {
                Condition.Subject subject = subject(atom);
                boolean answered = subject instanceof Condition.Subject.Answer
                        || (subject instanceof Condition.Subject.Fact f && factsAnswering.contains(f.fact()) && patient.fact(f.fact()).isEmpty());
                if (answered) {
                    // Marked in its place, so that patients who differ in which comparisons are answered never share a key.
                    variable.add(atom);
                    fixed.add("answered");
                    continue;
                }
                try {
                    org.opentriage.internal.eval.Truth truth = org.opentriage.internal.eval.Evaluator.evaluate(atom, inputs);
                    truths.put(atom, truth);
                    fixed.add(truth);
                } catch (RuntimeException e) {
                    fixed.add(e.getClass().getName());
                    failed = true;
                }
            }
            if (failed || variable.size() > MOST_ANSWERS_TRIED) {
                return fixed;
            }
            return signatures.computeIfAbsent(read, r -> new java.util.HashMap<>()).computeIfAbsent(fixed, k -> {
                org.opentriage.internal.eval.Truth[] values = org.opentriage.internal.eval.Truth.values();
                int combinations = 1;
                for (int i = 0; i < variable.size(); i++) {
                    combinations *= values.length;
                }
                StringBuilder signature = new StringBuilder(combinations);
                for (int n = 0; n < combinations; n++) {
                    int rest = n;
                    for (Condition atom : variable) {
                        truths.put(atom, values[rest % values.length]);
                        rest /= values.length;
                    }
                    org.opentriage.internal.eval.Truth truth = read.condition().fold(new Assigned(truths));
                    signature.append(switch (read.decides()) {
                        case TRUTH -> truth.name().charAt(0);
                        case WHETHER_TRUE -> truth == org.opentriage.internal.eval.Truth.TRUE ? 'T' : '-';
                        case WHETHER_FALSE -> truth == org.opentriage.internal.eval.Truth.FALSE ? 'F' : '-';
                    });
                }
                return signature.toString();
            });
        }

        /** A condition's truth from the truths of its comparisons. */
        private record Assigned(java.util.Map<Condition, org.opentriage.internal.eval.Truth> truths)
                implements Condition.Fold<org.opentriage.internal.eval.Truth> {
            @Override
            public org.opentriage.internal.eval.Truth and(List<org.opentriage.internal.eval.Truth> operands) {
                return operands.stream().reduce(org.opentriage.internal.eval.Truth.TRUE, org.opentriage.internal.eval.Truth::and);
            }

            @Override
            public org.opentriage.internal.eval.Truth or(List<org.opentriage.internal.eval.Truth> operands) {
                return operands.stream().reduce(org.opentriage.internal.eval.Truth.FALSE, org.opentriage.internal.eval.Truth::or);
            }

            @Override
            public org.opentriage.internal.eval.Truth not(org.opentriage.internal.eval.Truth operand) {
                return operand.not();
            }

            private org.opentriage.internal.eval.Truth truth(Condition atom) {
                org.opentriage.internal.eval.Truth truth = truths.get(atom);
                if (truth == null) {
                    throw new IllegalStateException("no truth for " + atom.text());
                }
                return truth;
            }

            @Override
            public org.opentriage.internal.eval.Truth holds(Condition.Holds holds) {
                return truth(holds);
            }

            @Override
            public org.opentriage.internal.eval.Truth compare(Condition.Compare compare) {
                return truth(compare);
            }

            @Override
            public org.opentriage.internal.eval.Truth in(Condition.In in) {
                return truth(in);
            }

            @Override
            public org.opentriage.internal.eval.Truth known(Condition.Known known) {
                return truth(known);
            }
        }

        /** What the engine takes from a condition: its truth, or only whether it holds, or only whether it is false. */
        private enum Decides { TRUTH, WHETHER_TRUE, WHETHER_FALSE }

        /** A condition as the engine reads it. */
        private record Read(Condition condition, Decides decides) {
        }

        /** A question's {@code askIf} (which skips it when false) and {@code positiveIf}. */
        private static List<Read> readsOf(Question q) {
            List<Read> reads = new ArrayList<>(2);
            q.askIf().ifPresent(c -> reads.add(new Read(c, Decides.WHETHER_FALSE)));
            q.positiveIf().ifPresent(c -> reads.add(new Read(c, Decides.TRUTH)));
            return reads;
        }

        /** An answer as conditions read it (a checklist as whether any item was chosen). */
        private static Optional<org.opentriage.internal.eval.Evaluator.Value> value(Answer answer) {
            if (answer instanceof Answer.YesNo yesNo) {
                return Optional.of(new org.opentriage.internal.eval.Evaluator.Value.Bool(yesNo.value()));
            }
            if (answer instanceof Answer.Number number) {
                return Optional.of(new org.opentriage.internal.eval.Evaluator.Value.Amount(number.value()));
            }
            if (answer instanceof Answer.Choice choice) {
                return Optional.of(new org.opentriage.internal.eval.Evaluator.Value.Word(choice.code()));
            }
            if (answer instanceof Answer.Items items) {
                return Optional.of(new org.opentriage.internal.eval.Evaluator.Value.Bool(!items.codes().isEmpty()));
            }
            return Optional.empty();
        }

        private static Set<String> reads(Question q) {
            Set<String> reads = new java.util.HashSet<>();
            q.askIf().ifPresent(c -> reads.addAll(c.questionsRead()));
            q.positiveIf().ifPresent(c -> reads.addAll(c.questionsRead()));
            return reads;
        }

        List<String> at(String questionId) {
            List<String> live = liveAt.get(questionId);
            if (live == null) {
                throw new IllegalArgumentException("not a question of the protocol: " + questionId);
            }
            return live;
        }
    }

    /**
     * The answers worth trying for a question: one of each kind the protocol's conditions can tell apart.
     * Conditions are the only readers of answers, so option codes no condition names behave alike (one
     * stands for all), and an assessment question no condition reads is tried once; triage questions are
     * always tried yes and no. Numbers: each threshold compared with, either side, and the plausible limits.
     *
     * @param library the library of the question's protocol
     * @param ask the question
     * @return the answers to try
     */
    public static List<Answer> domain(ProtocolLibrary library, Step.Ask ask) {
        Question q = ask.question();
        Protocol protocol = protocol(library, ask.protocol());
        // The option codes named by every condition that reads the question (an option no condition names stands
        // for all such options; one named only by a later question's guard is a kind of its own).
        List<List<List<String>>> readings = conditions(protocol).map(c -> c.fold(readings(q.id())))
                .filter(r -> !r.isEmpty()).toList();
        boolean read = !readings.isEmpty();
        Set<String> named = new java.util.HashSet<>();
        readings.forEach(r -> r.forEach(named::addAll));
        boolean triage = protocol.triage().stream().anyMatch(g -> g.questions().contains(q));
        List<Answer> answers = new ArrayList<>();
        if (q.type() instanceof AnswerType.YesNo) {
            answers.add(Answer.yes());
            if (read || triage) {
                answers.add(Answer.no());
            }
        } else if (q.type() instanceof AnswerType.Choice choice) {
            boolean other = false;
            for (AnswerType.Option o : choice.options()) {
                if (named.contains(o.code()) || !other) {
                    answers.add(Answer.choice(o.code()));
                    other |= !named.contains(o.code());
                }
            }
        } else if (q.type() instanceof AnswerType.Checklist checklist) {
            // None, and each item alone: an item with its own disposition, and one taking the group's.
            answers.add(Answer.items());
            boolean plain = false;
            for (AnswerType.Item item : checklist.items()) {
                if (item.disposition().isPresent() || !plain) {
                    answers.add(Answer.items(item.code()));
                    plain |= item.disposition().isEmpty();
                }
            }
        } else if (q.type() instanceof AnswerType.Number number) {
            for (BigDecimal value : numberCandidates(protocol, ask, number)) {
                answers.add(new Answer.Number(new Quantity(value, number.unit()), true));
            }
        }
        if (ask.unknownAllowed() && (read || triage)) {
            answers.add(Answer.unknown());
        }
        return answers;
    }

    private static java.util.stream.Stream<Condition> conditions(Protocol protocol) {
        return protocol.questions().flatMap(q -> java.util.stream.Stream.of(q.askIf(), q.positiveIf()).flatMap(java.util.Optional::stream));
    }

    /**
     * For each comparison of a condition that reads the question, the option codes it compares it with
     * (none for a yes/no name or an amount).
     */
    private static Gather<List<String>> readings(String questionId) {
        return new Gather<>() {
            @Override
            public List<List<String>> holds(Condition.Holds holds) {
                return reads(holds.subject()) ? List.of(List.of()) : List.of();
            }

            @Override
            public List<List<String>> compare(Condition.Compare compare) {
                if (!reads(compare.subject())) {
                    return List.of();
                }
                return List.of(compare.value() instanceof Condition.Value.Word w ? List.of(w.word()) : List.of());
            }

            @Override
            public List<List<String>> in(Condition.In in) {
                return reads(in.subject()) ? List.of(in.values().stream().map(Condition.Value::text).toList()) : List.of();
            }

            private boolean reads(Condition.Subject subject) {
                return subject instanceof Condition.Subject.Answer a && a.questionId().equals(questionId);
            }
        };
    }

    private static Protocol protocol(ProtocolLibrary library, String ref) {
        return library.resolve(ref, ProtocolLibrary.Resolution.ANY_STATUS)
                .orElseThrow(() -> new IllegalArgumentException("no protocol " + ref + " in the library walked"));
    }

    private static Set<BigDecimal> numberCandidates(Protocol protocol, Step.Ask ask, AnswerType.Number number) {
        Set<BigDecimal> values = new TreeSet<>();
        values.add(number.plausible().min().to(number.unit()).value());
        values.add(number.plausible().max().to(number.unit()).value());
        BigDecimal step = new BigDecimal("0.1");
        Gather<Quantity> compared = amountsComparedWith(ask.question().id());
        protocol.questions().forEach(other -> {
            other.askIf().ifPresent(c -> thresholds(c.fold(compared), number.unit(), values, step));
            other.positiveIf().ifPresent(c -> thresholds(c.fold(compared), number.unit(), values, step));
        });
        return values.stream().filter(v -> number.plausible().contains(new Quantity(v, number.unit())))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }

    private static void thresholds(List<Quantity> amounts, Unit unit, Set<BigDecimal> values, BigDecimal step) {
        for (Quantity amount : amounts) {
            BigDecimal v = amount.to(unit).value().setScale(1, java.math.RoundingMode.HALF_EVEN);
            values.add(v.subtract(step));
            values.add(v);
            values.add(v.add(step));
        }
    }

    /** The amounts a condition compares the question's answer with. */
    private static Gather<Quantity> amountsComparedWith(String questionId) {
        return new Gather<>() {
            @Override
            public List<Quantity> holds(Condition.Holds holds) {
                return List.of();
            }

            @Override
            public List<Quantity> compare(Condition.Compare compare) {
                if (compare.subject() instanceof Condition.Subject.Answer a && a.questionId().equals(questionId)
                        && compare.value() instanceof Condition.Value.Amount amount) {
                    return List.of(amount.quantity());
                }
                return List.of();
            }

            @Override
            public List<Quantity> in(Condition.In in) {
                return List.of();
            }
        };
    }
}

package org.opentriage.internal.load;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.eval.Evaluator;
import org.opentriage.internal.eval.Reading;
import org.opentriage.internal.eval.Truth;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Dimension;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Population;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.Unit;

/**
 * What a condition can evaluate to over the values its names accept in a call, found by trying them:
 * each yes/no and each word (option code, sex) in turn, and for a number one value for each piece its
 * accepted range is cut into by the thresholds the condition compares it with (each threshold, and a value
 * strictly between two neighbouring thresholds or bounds). Every comparison in the condition gives the same
 * result for all numbers of a piece, so the pieces stand for every accepted value: a condition found
 * constant is constant, and a condition with too many combinations to try is never called constant.
 *
 * <p>Evaluation is Kleene logic over partly chosen values: once a result is definite the names left do
 * not change it, and that branch ends there.
 */
final class TruthTable {
    /** Evaluations tried before giving up on a condition, which then counts as not constant. */
    private static final int MAX_EVALUATIONS = 10_000;
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    /** The values a name accepts in a call, with words for them in messages. */
    sealed interface Domain {
        /** The accepted values in words, such as {@code 30 °C to 45 °C (its plausible range)}. */
        String description();

        record Bools(List<Boolean> values, String description) implements Domain {
            public Bools {
                values = List.copyOf(values);
            }
        }

        /** Option codes, or sexes by their words. */
        record Words(List<String> values, String description) implements Domain {
            public Words {
                values = List.copyOf(values);
            }
        }

        /**
         * Quantities of one dimension from {@code min} (inclusive) to {@code max} (inclusive when
         * {@code maxIncluded}); a missing bound leaves that side open.
         */
        record Amounts(Dimension dimension, Optional<Quantity> min, Optional<Quantity> max, boolean maxIncluded,
                       String description) implements Domain {
            boolean contains(BigDecimal canonical) {
                return min.map(m -> canonical.compareTo(m.canonicalValue()) >= 0).orElse(true)
                        && max.map(m -> maxIncluded ? canonical.compareTo(m.canonicalValue()) <= 0
                        : canonical.compareTo(m.canonicalValue()) < 0).orElse(true);
            }
        }
    }

    /** The values each name accepts; empty for a name that is left unknown. */
    @FunctionalInterface
    interface Domains {
        Optional<Domain> of(Condition.Subject subject);
    }

    /** Words for a list of values: {@code a}, {@code a or b}, {@code a, b or c}. */
    private static String either(List<String> words) {
        return words.size() == 1 ? words.get(0)
                : String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    /** The values {@code age}, {@code sex} and {@code pregnant} take for patients of a population; empty for an answer. */
    static Optional<Domain> patient(Condition.Subject subject, Population population) {
        if (subject instanceof Condition.Subject.Age) {
            Quantity from = population.ageFrom().orElse(Quantity.of("0", Unit.YEAR));
            String to = population.ageBelow().map(below -> "under " + below).orElse(ProtocolReader.MAX_AGE.toString());
            return Optional.of(new Domain.Amounts(Dimension.TIME, Optional.of(from),
                    Optional.of(population.ageBelow().orElse(ProtocolReader.MAX_AGE)), population.ageBelow().isEmpty(),
                    from + " to " + to));
        }
        if (subject instanceof Condition.Subject.SexOf) {
            List<String> sexes = Arrays.stream(Sex.values()).filter(population.sex()::admits).map(Sex::word).toList();
            return Optional.of(new Domain.Words(sexes, either(sexes)));
        }
        if (subject instanceof Condition.Subject.Pregnant) {
            return Optional.of(population.sex() == Population.SexFilter.MALE
                    ? new Domain.Bools(List.of(false), "no (the population is male)")
                    : new Domain.Bools(List.of(true, false), "yes or no"));
        }
        if (subject instanceof Condition.Subject.Fact fact) {
            return Optional.of(fact(fact.fact()));
        }
        return Optional.empty();
    }

    /** The values a patient fact takes: a yes/no fact either; a reading any amount in its plausible range. */
    static Domain fact(PatientFact fact) {
        return fact.plausible().<Domain>map(r -> new Domain.Amounts(r.min().dimension(), Optional.of(r.min()), Optional.of(r.max()),
                        true, r.min() + " to " + r.max()))
                .orElse(new Domain.Bools(List.of(true, false), "yes or no"));
    }

    private static final class TooManyCombinations extends Exception {
        private static final long serialVersionUID = 1L;

        TooManyCombinations() {
            super(null, null, false, false);
        }
    }

    private final Condition condition;
    private final List<Condition.Subject> subjects;
    /** The values tried for each subject: for what {@code known(x)} reads, also "not known" and "known, value unknown". */
    private final Map<Condition.Subject, List<Choice>> values = new HashMap<>();
    private final Map<Condition.Subject, Choice> chosen = new HashMap<>();
    private final Set<Condition.Subject> presence = new LinkedHashSet<>();

    /** What a subject is taken to be while the table is explored. */
    private sealed interface Choice {
        /** Not known: not answered, not given. */
        record Absent() implements Choice {
        }

        /** Known, but its value is not one the table tries. */
        record Present() implements Choice {
        }

        record Known(Evaluator.Value value) implements Choice {
        }
    }
    private final Set<Truth> results = EnumSet.noneOf(Truth.class);
    private int evaluations;

    private TruthTable(Condition condition, Domains domains) {
        this.condition = condition;
        Map<Condition.Subject, TreeSet<BigDecimal>> thresholds = new HashMap<>();
        Set<Condition.Subject> named = new LinkedHashSet<>();
        for (Reading reading : condition.fold(Reading.ALL)) {
            named.add(reading.subject());
            if (reading.presence()) {
                presence.add(reading.subject());
            }
            reading.threshold().ifPresent(t -> thresholds.computeIfAbsent(reading.subject(), s -> new TreeSet<>()).add(t));
        }
        List<Condition.Subject> tried = new ArrayList<>();
        for (Condition.Subject subject : named) {
            Optional<Domain> domain = domains.of(subject);
            List<Choice> candidates = new ArrayList<>();
            if (presence.contains(subject)) {
                candidates.add(new Choice.Absent());
                if (domain.isEmpty()) {
                    candidates.add(new Choice.Present());
                }
            }
            domain.ifPresent(d -> representatives(d, thresholds.getOrDefault(subject, new TreeSet<>()))
                    .forEach(v -> candidates.add(new Choice.Known(v))));
            if (!candidates.isEmpty()) {
                tried.add(subject);
                values.put(subject, candidates);
            }
        }
        this.subjects = List.copyOf(tried);
    }

    /**
     * The one value the condition takes for every combination of accepted values ({@link Truth#UNKNOWN}
     * when a name it needs has no domain); empty when it takes more than one, or there were too many
     * combinations to try.
     */
    static Optional<Truth> constant(Condition condition, Domains domains) {
        TruthTable table = new TruthTable(condition, domains);
        try {
            table.explore(0);
        } catch (TooManyCombinations e) {
            return Optional.empty();
        }
        return table.results.size() == 1 ? Optional.of(table.results.iterator().next()) : Optional.empty();
    }

    /**
     * Reports the first part of a parsed condition (innermost first, in the order of the text) that is
     * always true or always false: a comparison or yes/no name with {@link ProblemCode#CONSTANT_COMPARISON},
     * an {@code and}/{@code or} with {@link ProblemCode#CONSTANT_CONDITION}. Returns whether there was one.
     */
    static boolean reportConstantPart(ConditionParser.Parsed parsed, Domains domains, @Nullable String nodeId, Problems problems) {
        for (ConditionParser.Part part : parsed.parts()) {
            Optional<Truth> constant = constant(part.condition(), domains);
            if (constant.isEmpty() || constant.get() == Truth.UNKNOWN) {
                continue;
            }
            String verdict = "'" + part.condition().text() + "' " + (constant.get() == Truth.TRUE ? "always holds" : "never holds");
            Optional<Condition.Subject> compared = part.condition().fold(COMPARED_SUBJECT);
            if (compared.isPresent()) {
                Condition.Subject subject = compared.get();
                problems.add(ProblemCode.CONSTANT_COMPARISON, part.mark(), nodeId, verdict + ": " + subject.name()
                        + " can only be " + domains.of(subject).orElseThrow().description());
            } else {
                problems.add(ProblemCode.CONSTANT_CONDITION, part.mark(), nodeId, verdict
                        + ", whatever the answers and the patient" + (parsed.condition() == part.condition()
                        ? "" : ", in condition '" + parsed.condition().text() + "'"));
            }
            return true;
        }
        return false;
    }

    /** The subject of a comparison or yes/no name; empty for {@code and}, {@code or} and {@code not}. */
    private static final Condition.Fold<Optional<Condition.Subject>> COMPARED_SUBJECT = new Condition.Fold<>() {
        @Override
        public Optional<Condition.Subject> and(List<Optional<Condition.Subject>> operands) {
            return Optional.empty();
        }

        @Override
        public Optional<Condition.Subject> or(List<Optional<Condition.Subject>> operands) {
            return Optional.empty();
        }

        @Override
        public Optional<Condition.Subject> not(Optional<Condition.Subject> operand) {
            return Optional.empty();
        }

        @Override
        public Optional<Condition.Subject> holds(Condition.Holds holds) {
            return Optional.of(holds.subject());
        }

        @Override
        public Optional<Condition.Subject> compare(Condition.Compare compare) {
            return Optional.of(compare.subject());
        }

        @Override
        public Optional<Condition.Subject> in(Condition.In in) {
            return Optional.of(in.subject());
        }

        @Override
        public Optional<Condition.Subject> known(Condition.Known known) {
            return Optional.of(known.subject());
        }
    };



    /** One value for each piece of the domain that the thresholds (canonical values) cut it into. */
    private static List<Evaluator.Value> representatives(Domain domain, TreeSet<BigDecimal> thresholds) {
        if (domain instanceof Domain.Bools bools) {
            return bools.values().stream().<Evaluator.Value>map(Evaluator.Value.Bool::new).toList();
        }
        if (domain instanceof Domain.Words words) {
            return words.values().stream().<Evaluator.Value>map(Evaluator.Value.Word::new).toList();
        }
        Domain.Amounts amounts = (Domain.Amounts) domain;
        TreeSet<BigDecimal> points = new TreeSet<>(thresholds);
        amounts.min().ifPresent(min -> points.add(min.canonicalValue()));
        amounts.max().ifPresent(max -> points.add(max.canonicalValue()));
        List<BigDecimal> candidates = new ArrayList<>(points);
        if (points.isEmpty()) {
            candidates.add(BigDecimal.ZERO);
        } else {
            BigDecimal previous = null;
            for (BigDecimal point : points) {
                if (previous != null) {
                    candidates.add(previous.add(point).divide(TWO));
                }
                previous = point;
            }
            candidates.add(points.first().subtract(BigDecimal.ONE));
            candidates.add(points.last().add(BigDecimal.ONE));
        }
        return candidates.stream().filter(amounts::contains).sorted()
                .<Evaluator.Value>map(v -> new Evaluator.Value.Amount(new Quantity(v, amounts.dimension().canonicalUnit())))
                .toList();
    }

    private void explore(int next) throws TooManyCombinations {
        if (++evaluations > MAX_EVALUATIONS) {
            throw new TooManyCombinations();
        }
        Truth result = Evaluator.evaluate(condition, inputs());
        if (result != Truth.UNKNOWN || next == subjects.size()) {
            results.add(result);
            return;
        }
        Condition.Subject subject = subjects.get(next);
        for (Choice value : Objects.requireNonNull(values.get(subject), "a subject tried has its values")) {
            chosen.put(subject, value);
            explore(next + 1);
            if (results.size() > 1) {
                break;
            }
        }
        chosen.remove(subject);
    }

    private Evaluator.Inputs inputs() {
        return new Evaluator.BySubject() {
            @Override
            protected Optional<Evaluator.Value> value(Condition.Subject subject) {
                return TruthTable.this.value(subject);
            }

            @Override
            public Optional<Truth> presence(Condition.Subject subject) {
                Choice choice = chosen.get(subject);
                if (choice == null) {
                    return presence.contains(subject) ? Optional.of(Truth.UNKNOWN) : Optional.empty();
                }
                return Optional.of(Truth.of(!(choice instanceof Choice.Absent)));
            }
        };
    }

    private Optional<Evaluator.Value> value(Condition.Subject subject) {
        return chosen.get(subject) instanceof Choice.Known known ? Optional.of(known.value()) : Optional.empty();
    }
}

package org.opentriage.internal.lint;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.opentriage.internal.eval.Evaluator;
import org.opentriage.internal.eval.Reading;
import org.opentriage.internal.eval.Truth;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Dimension;
import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.Population;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Sex;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.protocol.Unit;
import org.opentriage.protocol.UnknownPolicy;

/**
 * The ways a protocol's walk reaches its outcomes, and what a condition read once the walk has ended (an advice or
 * call-back item's {@code when}) can be on each. A route goes down to the question that decides (positive, "don't
 * know" that counts as positive or escalates, a checklist item with its own disposition) or to the default. On it the
 * triage questions before the one that decides were answered no or skipped, the one that decides was answered yes
 * (or "don't know"), and those after it were never asked; assessment answers, the patient and the facts may be
 * anything, or not known. Which values a condition takes on a route is found by trying them, as the loader's checks
 * do: yes and no, each option, for a number one value on each side of every threshold the condition compares it
 * with (within its accepted range), and unknown wherever the call may not know.
 *
 * <p>Not thread-safe; made for one protocol and used by one check.
 */
final class Routes {
    /** Combinations tried for one condition on one route; beyond, the condition is not judged there. */
    private static final int MAX_COMBINATIONS = 20_000;
    private static final Quantity MAX_AGE = Quantity.of("130", Unit.YEAR);

    /**
     * A way the walk reaches an outcome.
     *
     * @param decidedBy the question that decides; empty for the default
     * @param position  its place among the triage questions in walk order (their number for the default)
     */
    record Route(Disposition disposition, Optional<Question> decidedBy, int position) {
    }

    private final Protocol protocol;
    private final Map<String, Integer> positions = new HashMap<>();
    private final List<Route> routes = new ArrayList<>();

    Routes(Protocol protocol) {
        this.protocol = protocol;
        int position = 0;
        for (TriageGroup group : protocol.triage()) {
            for (Question q : group.questions()) {
                positions.put(q.id(), position);
                Set<Disposition> reached = new LinkedHashSet<>();
                reached.add(group.disposition());
                if (q.type() instanceof AnswerType.Checklist checklist) {
                    checklist.items().forEach(item -> item.disposition().ifPresent(reached::add));
                }
                if (q.onUnknown() instanceof UnknownPolicy.Escalate escalate) {
                    reached.add(escalate.disposition());
                }
                for (Disposition d : reached) {
                    routes.add(new Route(d, Optional.of(q), position));
                }
                position++;
            }
        }
        routes.add(new Route(protocol.defaultDisposition(), Optional.empty(), position));
    }

    List<Route> all() {
        return routes;
    }

    List<Route> to(Disposition disposition) {
        return routes.stream().filter(r -> r.disposition().equals(disposition)).toList();
    }

    /**
     * Whether the call can have an answer to the question when the walk took the route: it is asked (not derived,
     * whose value is never recorded as an answer) and it comes at or before the question that decides.
     */
    boolean answerable(String questionId, Route route) {
        Optional<Question> question = protocol.question(questionId);
        Integer position = positions.get(questionId);
        return question.isPresent() && question.get().isAsked() && (position == null || position <= route.position());
    }

    /** The truth values the condition takes on the route; empty when there are too many combinations to try. */
    Optional<Set<Truth>> values(Condition condition, Route route) {
        Set<Truth> values = EnumSet.noneOf(Truth.class);
        return explore(condition, route, (combination, truth) -> values.add(truth)) ? Optional.of(values) : Optional.empty();
    }

    /**
     * A yes/no answer that the condition holds only with, on the route: some values make it true with that answer yes
     * and false with the same values but the answer no. Empty when there is none, or too many combinations.
     */
    Optional<String> holdsOnlyWithYes(Condition condition, Route route) {
        List<String> found = new ArrayList<>();
        explore(condition, route, (combination, truth) -> {
            if (truth != Truth.TRUE || !found.isEmpty()) {
                return;
            }
            combination.forEach((subject, value) -> {
                if (found.isEmpty() && subject instanceof Condition.Subject.Answer answer
                        && value.equals(Optional.of(new Evaluator.Value.Bool(true)))) {
                    Map<Condition.Subject, Optional<Evaluator.Value>> no = new LinkedHashMap<>(combination);
                    no.put(subject, Optional.of(new Evaluator.Value.Bool(false)));
                    if (Evaluator.evaluate(condition, inputs(no)) == Truth.FALSE) {
                        found.add(answer.questionId());
                    }
                }
            });
        });
        return found.stream().findFirst();
    }

    /** What to do with each combination of values tried and what the condition is for it. */
    @FunctionalInterface
    private interface Visit {
        void visit(Map<Condition.Subject, Optional<Evaluator.Value>> combination, Truth truth);
    }

    /** Visits every combination consistent with the route; false when there were too many to try. */
    private boolean explore(Condition condition, Route route, Visit visit) {
        Map<Condition.Subject, TreeSet<BigDecimal>> thresholds = new LinkedHashMap<>();
        condition.fold(Reading.ALL).forEach(reading -> {
            TreeSet<BigDecimal> points = thresholds.computeIfAbsent(reading.subject(), s -> new TreeSet<>());
            reading.threshold().ifPresent(points::add);
        });
        List<Condition.Subject> subjects = List.copyOf(thresholds.keySet());
        List<List<Optional<Evaluator.Value>>> candidates = new ArrayList<>();
        long combinations = 1;
        for (Map.Entry<Condition.Subject, TreeSet<BigDecimal>> subject : thresholds.entrySet()) {
            List<Optional<Evaluator.Value>> values = candidates(subject.getKey(), route, subject.getValue());
            candidates.add(values);
            combinations *= Math.max(1, values.size());
            if (combinations > MAX_COMBINATIONS) {
                return false;
            }
        }
        visitAll(condition, route, subjects, candidates, 0, new LinkedHashMap<>(), visit);
        return true;
    }

    private void visitAll(Condition condition, Route route, List<Condition.Subject> subjects,
                          List<List<Optional<Evaluator.Value>>> candidates, int next,
                          Map<Condition.Subject, Optional<Evaluator.Value>> chosen, Visit visit) {
        if (next == subjects.size()) {
            if (consistent(chosen, route)) {
                visit.visit(Map.copyOf(chosen), Evaluator.evaluate(condition, inputs(chosen)));
            }
            return;
        }
        for (Optional<Evaluator.Value> value : candidates.get(next)) {
            chosen.put(subjects.get(next), value);
            visitAll(condition, route, subjects, candidates, next + 1, chosen, visit);
        }
        chosen.remove(subjects.get(next));
    }

    /**
     * Whether the values fit the route: a number or choice answered before the question that decides did not make
     * its question positive, and one that decides did not make it negative.
     */
    private boolean consistent(Map<Condition.Subject, Optional<Evaluator.Value>> chosen, Route route) {
        Evaluator.Inputs inputs = inputs(chosen);
        for (Map.Entry<Condition.Subject, Optional<Evaluator.Value>> entry : chosen.entrySet()) {
            if (!(entry.getKey() instanceof Condition.Subject.Answer answer) || entry.getValue().isEmpty()) {
                continue;
            }
            Integer position = positions.get(answer.questionId());
            Optional<Condition> positiveIf = protocol.question(answer.questionId()).flatMap(Question::positiveIf);
            if (position == null || positiveIf.isEmpty()) {
                continue;
            }
            Truth positive = Evaluator.evaluate(positiveIf.get(), inputs);
            if ((position < route.position() && positive == Truth.TRUE) || (position == route.position() && positive == Truth.FALSE)) {
                return false;
            }
        }
        return true;
    }

    /** The values a subject may have on the route; an empty value is "not known". */
    private List<Optional<Evaluator.Value>> candidates(Condition.Subject subject, Route route, TreeSet<BigDecimal> thresholds) {
        Population population = protocol.population();
        List<Optional<Evaluator.Value>> values = new ArrayList<>();
        if (subject instanceof Condition.Subject.Age) {
            amounts(Dimension.TIME, population.ageFrom().orElse(Quantity.of("0", Unit.YEAR)),
                    population.ageBelow().orElse(MAX_AGE), thresholds).forEach(v -> values.add(Optional.of(v)));
        } else if (subject instanceof Condition.Subject.SexOf) {
            for (Sex sex : Sex.values()) {
                if (population.sex().admits(sex)) {
                    values.add(Optional.of(new Evaluator.Value.Word(sex.word())));
                }
            }
            values.add(Optional.empty());
        } else if (subject instanceof Condition.Subject.Pregnant) {
            values.add(Optional.of(new Evaluator.Value.Bool(false)));
            if (population.sex() != Population.SexFilter.MALE) {
                values.add(Optional.of(new Evaluator.Value.Bool(true)));
                values.add(Optional.empty());
            }
        } else if (subject instanceof Condition.Subject.Fact fact) {
            values.add(Optional.empty());
            values.addAll(factValues(fact.fact(), thresholds));
        } else {
            values.addAll(answerValues(((Condition.Subject.Answer) subject).questionId(), route, thresholds));
        }
        return values;
    }

    private static List<Optional<Evaluator.Value>> factValues(PatientFact fact, TreeSet<BigDecimal> thresholds) {
        if (fact.plausible().isEmpty()) {
            return List.of(Optional.of(new Evaluator.Value.Bool(true)), Optional.of(new Evaluator.Value.Bool(false)));
        }
        return amounts(fact.dimension().orElseThrow(), fact.plausible().get().min(), fact.plausible().get().max(), thresholds)
                .stream().map(Optional::of).toList();
    }

    private List<Optional<Evaluator.Value>> answerValues(String questionId, Route route, TreeSet<BigDecimal> thresholds) {
        Question q = protocol.question(questionId).orElseThrow();
        if (!answerable(questionId, route)) {
            return List.of(Optional.empty());
        }
        boolean yesNo = q.type() instanceof AnswerType.YesNo || q.type() instanceof AnswerType.Checklist;
        Integer position = positions.get(questionId);
        List<Optional<Evaluator.Value>> values = new ArrayList<>();
        if (position == null) {
            values.add(Optional.empty());
            values.addAll(answers(q.type(), thresholds));
        } else if (position < route.position()) {
            // Not positive: answered no (a number or option that does not make it positive), or skipped.
            values.addAll(yesNo ? List.of(Optional.of(new Evaluator.Value.Bool(false))) : answers(q.type(), thresholds));
            if (q.askIf().isPresent()) {
                values.add(Optional.empty());
            }
        } else {
            values.addAll(yesNo ? List.of(Optional.of(new Evaluator.Value.Bool(true))) : answers(q.type(), thresholds));
            if (!(q.onUnknown() instanceof UnknownPolicy.Refuse)) {
                values.add(Optional.empty());
            }
        }
        return values;
    }

    private static List<Optional<Evaluator.Value>> answers(AnswerType type, TreeSet<BigDecimal> thresholds) {
        if (type instanceof AnswerType.Number number) {
            return amounts(number.unit().dimension(), number.plausible().min(), number.plausible().max(), thresholds)
                    .stream().map(Optional::of).toList();
        }
        if (type instanceof AnswerType.Choice choice) {
            return choice.options().stream().map(o -> Optional.<Evaluator.Value>of(new Evaluator.Value.Word(o.code()))).toList();
        }
        return List.of(Optional.of(new Evaluator.Value.Bool(true)), Optional.of(new Evaluator.Value.Bool(false)));
    }

    /** One amount on each side of every threshold and on it, from {@code min} to {@code max}. */
    private static List<Evaluator.Value> amounts(Dimension dimension, Quantity min, Quantity max, TreeSet<BigDecimal> thresholds) {
        BigDecimal low = min.canonicalValue();
        BigDecimal high = max.canonicalValue();
        TreeSet<BigDecimal> points = new TreeSet<>();
        points.add(low);
        points.add(high);
        for (BigDecimal t : thresholds) {
            points.add(t);
            points.add(t.subtract(BigDecimal.ONE.movePointLeft(3)));
            points.add(t.add(BigDecimal.ONE.movePointLeft(3)));
        }
        return points.stream().filter(v -> v.compareTo(low) >= 0 && v.compareTo(high) <= 0)
                .<Evaluator.Value>map(v -> new Evaluator.Value.Amount(new Quantity(v, dimension.canonicalUnit()))).toList();
    }

    private static Evaluator.Inputs inputs(Map<Condition.Subject, Optional<Evaluator.Value>> values) {
        return new Evaluator.BySubject() {
            @Override
            protected Optional<Evaluator.Value> value(Condition.Subject subject) {
                return values.getOrDefault(subject, Optional.empty());
            }
        };
    }



    /** Every name a condition reads, {@code known(x)} included. */
    static Set<Condition.Subject> subjects(Condition condition) {
        Set<Condition.Subject> subjects = new LinkedHashSet<>();
        condition.fold(Reading.ALL).forEach(r -> subjects.add(r.subject()));
        return subjects;
    }
}

package org.opentriage.triage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.opentriage.internal.eval.Gather;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Condition;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.Unit;

/**
 * Walks every answer path of a call, depth first, in one call: it answers, goes deeper, then withdraws
 * the answer and tries the next, so the call's audit trail holds every walk and its replay repeats every
 * walk. Tried at each question: every option, "don't know" where it is accepted, and for numbers each
 * threshold the protocol compares them with, either side of it, and the plausible limits.
 */
final class PathEnumerator {

    /** A finished walk: the answers given and the outcome. */
    record Leaf(List<Answer> answers, Outcome outcome) {
    }

    /** The least and most urgent outcomes under a node, and how many walks end there. */
    record Summary(int minAcuity, int maxAcuity, long leaves) {
        static Summary of(Leaf leaf) {
            int acuity = leaf.outcome().recommended().acuity();
            return new Summary(acuity, acuity, 1);
        }

        Summary merge(Summary other) {
            return new Summary(Math.min(minAcuity, other.minAcuity), Math.max(maxAcuity, other.maxAcuity), leaves + other.leaves);
        }
    }

    /** Checks made at each question with the summaries of its branches, in the order of {@code answers}. */
    interface BranchCheck {
        void check(Step.Ask ask, List<Answer> prefix, List<Answer> answers, List<Summary> branches);
    }

    private final Call call;
    private final Consumer<Leaf> onLeaf;

    PathEnumerator(Call call, Consumer<Leaf> onLeaf) {
        this.call = call;
        this.onLeaf = onLeaf;
    }

    /** Walks every path from the call's current step; the checker sees each question's branches. */
    Summary walk(BranchCheck checker) {
        return explore(call.next(), new ArrayList<>(), checker);
    }

    private Summary explore(Step step, List<Answer> prefix, BranchCheck checker) {
        if (step instanceof Step.Done done) {
            Leaf leaf = new Leaf(List.copyOf(prefix), done.outcome());
            onLeaf.accept(leaf);
            return Summary.of(leaf);
        }
        Step.Ask ask = (Step.Ask) step;
        List<Answer> answers = domain(ask);
        List<Summary> branches = new ArrayList<>();
        for (Answer answer : answers) {
            prefix.add(answer);
            branches.add(explore(call.answer(answer), prefix, checker));
            prefix.remove(prefix.size() - 1);
            Step back = call.withdrawLastAnswer();
            if (!back.equals(ask)) {
                throw new AssertionError("withdrawing " + answer + " did not return to " + ask.question().id() + ": " + back);
            }
        }
        checker.check(ask, prefix, answers, branches);
        return branches.stream().reduce(Summary::merge).orElseThrow();
    }

    /**
     * The answers worth trying for a question: one of each kind the protocol's conditions can tell apart.
     * Conditions are the only readers of answers, so option codes no condition names behave alike (one
     * stands for all), and an assessment question no condition reads is tried once; triage questions are
     * always tried yes and no. Numbers: each threshold compared with, either side, and the plausible limits.
     */
    static List<Answer> domain(Step.Ask ask) {
        Question q = ask.question();
        Protocol protocol = Engines.LIBRARY.resolve(ask.protocol(), org.opentriage.protocol.ProtocolLibrary.Resolution.ANY_STATUS)
                .orElseThrow();
        // The option codes named by the first condition that reads the question.
        Optional<List<List<String>>> firstReading = conditions(protocol).map(c -> c.fold(readings(q.id())))
                .filter(readings -> !readings.isEmpty()).findFirst();
        boolean read = firstReading.isPresent();
        Set<String> named = new java.util.HashSet<>();
        firstReading.ifPresent(readings -> readings.forEach(named::addAll));
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
            for (BigDecimal value : numberCandidates(ask, number)) {
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

    private static Set<BigDecimal> numberCandidates(Step.Ask ask, AnswerType.Number number) {
        Set<BigDecimal> values = new TreeSet<>();
        values.add(number.plausible().min().to(number.unit()).value());
        values.add(number.plausible().max().to(number.unit()).value());
        Protocol protocol = Engines.LIBRARY.resolve(ask.protocol(), org.opentriage.protocol.ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
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

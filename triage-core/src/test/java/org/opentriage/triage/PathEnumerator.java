package org.opentriage.triage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

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
        Set<String> named = new java.util.HashSet<>();
        boolean read = conditions(protocol).anyMatch(c -> reads(c, q.id(), named));
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

    /** Whether the condition reads the question; collects the option codes it compares it with. */
    private static boolean reads(Condition c, String questionId, Set<String> codes) {
        if (c instanceof Condition.And and) {
            return and.operands().stream().map(o -> reads(o, questionId, codes)).reduce(false, Boolean::logicalOr);
        }
        if (c instanceof Condition.Or or) {
            return or.operands().stream().map(o -> reads(o, questionId, codes)).reduce(false, Boolean::logicalOr);
        }
        if (c instanceof Condition.Not not) {
            return reads(not.operand(), questionId, codes);
        }
        Condition.Subject subject = c instanceof Condition.Holds h ? h.subject()
                : c instanceof Condition.Compare cmp ? cmp.subject() : ((Condition.In) c).subject();
        if (!(subject instanceof Condition.Subject.Answer a) || !a.questionId().equals(questionId)) {
            return false;
        }
        if (c instanceof Condition.Compare cmp && cmp.value() instanceof Condition.Value.Word w) {
            codes.add(w.word());
        } else if (c instanceof Condition.In in) {
            in.values().forEach(v -> codes.add(v.text()));
        }
        return true;
    }

    private static Set<BigDecimal> numberCandidates(Step.Ask ask, AnswerType.Number number) {
        Set<BigDecimal> values = new TreeSet<>();
        values.add(number.plausible().min().to(number.unit()).value());
        values.add(number.plausible().max().to(number.unit()).value());
        Protocol protocol = Engines.LIBRARY.resolve(ask.protocol(), org.opentriage.protocol.ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
        BigDecimal step = new BigDecimal("0.1");
        protocol.questions().forEach(other -> {
            other.askIf().ifPresent(c -> thresholds(c, ask.question().id(), number.unit(), values, step));
            other.positiveIf().ifPresent(c -> thresholds(c, ask.question().id(), number.unit(), values, step));
        });
        return values.stream().filter(v -> number.plausible().contains(new Quantity(v, number.unit())))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }

    private static void thresholds(Condition c, String questionId, Unit unit, Set<BigDecimal> values, BigDecimal step) {
        if (c instanceof Condition.And and) {
            and.operands().forEach(o -> thresholds(o, questionId, unit, values, step));
        } else if (c instanceof Condition.Or or) {
            or.operands().forEach(o -> thresholds(o, questionId, unit, values, step));
        } else if (c instanceof Condition.Not not) {
            thresholds(not.operand(), questionId, unit, values, step);
        } else if (c instanceof Condition.Compare compare && compare.subject() instanceof Condition.Subject.Answer a
                && a.questionId().equals(questionId) && compare.value() instanceof Condition.Value.Amount amount) {
            BigDecimal v = amount.quantity().to(unit).value().setScale(1, java.math.RoundingMode.HALF_EVEN);
            values.add(v.subtract(step));
            values.add(v);
            values.add(v.add(step));
        }
    }
}

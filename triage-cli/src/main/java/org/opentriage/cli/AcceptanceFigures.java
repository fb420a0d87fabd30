package org.opentriage.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opentriage.cli.AcceptanceSuite.Result;
import org.opentriage.cli.AcceptanceSuite.StoryResult;
import org.opentriage.cli.AcceptanceSuite.Verdict;

/**
 * The figures of an acceptance run. A story is <em>played</em> once it has a call; the percentages are of the
 * stories played, and a call with no protocol ({@code protocol: none}) or that cannot be replayed counts in them as
 * not appropriate (a suite cannot gain by losing calls). Stories not yet played are listed and left out of every
 * figure but the number of stories.
 *
 * @param stories             the stories of the suite
 * @param notPlayed           the ids of the stories without a call
 * @param byGold              the figures of the stories played, by their gold
 * @param dangerousMisses     emergent stories whose call came out less than emergent, by id, with their level
 * @param selfCareSentOn      self-care stories whose call came out clinician or emergent, by id, with their level
 * @param noProtocol          the ids of the stories whose RN player found no protocol
 * @param notReplayable       the stories whose call could not be replayed, by id, with the reason
 * @param questions           the questions the calls replayed asked, all together
 */
record AcceptanceFigures(int stories, List<String> notPlayed, Map<CareCategory, Row> byGold, Map<String, String> dangerousMisses,
                         Map<String, String> selfCareSentOn, List<String> noProtocol, Map<String, String> notReplayable,
                         int questions) {

    AcceptanceFigures {
        notPlayed = List.copyOf(notPlayed);
        byGold = Collections.unmodifiableMap(new EnumMap<>(byGold));
        dangerousMisses = Collections.unmodifiableMap(new LinkedHashMap<>(dangerousMisses));
        selfCareSentOn = Collections.unmodifiableMap(new LinkedHashMap<>(selfCareSentOn));
        noProtocol = List.copyOf(noProtocol);
        notReplayable = Collections.unmodifiableMap(new LinkedHashMap<>(notReplayable));
    }

    /**
     * The stories played of one gold (or of all), and what became of them; the counts add up to {@link #played}.
     *
     * @param appropriate   replayed to a final disposition of the gold's category
     * @param under         replayed to a less urgent category than the gold (under-triage)
     * @param over          replayed to a more urgent category than the gold (over-triage)
     */
    record Row(int played, int appropriate, int under, int over, int noProtocol, int notReplayable) {
        static final Row NONE = new Row(0, 0, 0, 0, 0, 0);

        /** One story played, of this verdict. */
        static Row of(Verdict verdict) {
            return new Row(1, count(verdict, Verdict.APPROPRIATE), count(verdict, Verdict.UNDER_TRIAGE),
                    count(verdict, Verdict.OVER_TRIAGE), count(verdict, Verdict.NO_PROTOCOL), count(verdict, Verdict.NOT_REPLAYABLE));
        }

        private static int count(Verdict verdict, Verdict counted) {
            return verdict == counted ? 1 : 0;
        }

        Row plus(Row other) {
            return new Row(played + other.played, appropriate + other.appropriate, under + other.under, over + other.over,
                    noProtocol + other.noProtocol, notReplayable + other.notReplayable);
        }

        /** The calls replayed to their outcome. */
        int replayed() {
            return appropriate + under + over;
        }
    }

    /** The figures of these stories' results. */
    static AcceptanceFigures of(List<StoryResult> results) {
        List<String> notPlayed = new ArrayList<>();
        Map<CareCategory, Row> byGold = new EnumMap<>(CareCategory.class);
        for (CareCategory gold : CareCategory.values()) {
            byGold.put(gold, Row.NONE);
        }
        Map<String, String> misses = new LinkedHashMap<>();
        Map<String, String> sentOn = new LinkedHashMap<>();
        List<String> noProtocol = new ArrayList<>();
        Map<String, String> notReplayable = new LinkedHashMap<>();
        int questions = 0;
        for (StoryResult r : results) {
            String id = r.story().id();
            CareCategory gold = r.story().gold();
            Verdict verdict = r.verdict();
            if (verdict == Verdict.NOT_PLAYED) {
                notPlayed.add(id);
                continue;
            }
            switch (verdict) {
                case NO_PROTOCOL -> noProtocol.add(id);
                case NOT_REPLAYABLE -> notReplayable.put(id, ((Result.NotReplayable) r.result()).reason());
                default -> questions += ((Result.Replayed) r.result()).questions();
            }
            if (verdict == Verdict.UNDER_TRIAGE && gold == CareCategory.EMERGENT) {
                misses.put(id, ((Result.Replayed) r.result()).level().id());
            }
            if (verdict == Verdict.OVER_TRIAGE && gold == CareCategory.SELF_CARE) {
                sentOn.put(id, ((Result.Replayed) r.result()).level().id());
            }
            byGold.merge(gold, Row.of(verdict), Row::plus);
        }
        return new AcceptanceFigures(results.size(), notPlayed, byGold, misses, sentOn, noProtocol, notReplayable, questions);
    }

    /** All stories played, whatever their gold. */
    Row all() {
        return byGold.values().stream().reduce(Row.NONE, Row::plus);
    }

    /** The stories played that came out appropriate, of all stories played. */
    Share appropriate() {
        return new Share(all().appropriate(), all().played());
    }

    /** The emergent stories played that came out emergent. */
    Share emergentAppropriate() {
        Row emergent = byGold.get(CareCategory.EMERGENT);
        return new Share(emergent.appropriate(), emergent.played());
    }

    /** The self-care stories played whose call sent them to a clinician or further. */
    Share selfCareToClinician() {
        return new Share(selfCareSentOn.size(), byGold.get(CareCategory.SELF_CARE).played());
    }

    /** The mean number of questions a call replayed asked, to one decimal; empty when none was replayed. */
    Optional<BigDecimal> meanQuestions() {
        int replayed = all().replayed();
        return replayed == 0 ? Optional.empty()
                : Optional.of(BigDecimal.valueOf(questions).divide(BigDecimal.valueOf(replayed), 1, RoundingMode.HALF_UP));
    }

    /** A count of some stories, and its percentage, exact for comparisons. */
    record Share(int count, int of) {
        private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

        /** The percentage to one decimal, for display; empty when there are no stories to count. */
        Optional<BigDecimal> percent() {
            return of == 0 ? Optional.empty() : Optional.of(percent(RoundingMode.HALF_UP));
        }

        /** The percentage to one decimal, rounded as asked; 0 when there are no stories to count. */
        BigDecimal percent(RoundingMode rounding) {
            return of == 0 ? BigDecimal.ZERO.setScale(1)
                    : BigDecimal.valueOf(count).multiply(HUNDRED).divide(BigDecimal.valueOf(of), 1, rounding);
        }

        /** Compares the exact percentage with {@code percent}; a share of no stories is 0 %. */
        int compareTo(BigDecimal percent) {
            if (of == 0) {
                return BigDecimal.ZERO.compareTo(percent);
            }
            return BigDecimal.valueOf(count).multiply(HUNDRED).compareTo(percent.multiply(BigDecimal.valueOf(of)));
        }
    }
}

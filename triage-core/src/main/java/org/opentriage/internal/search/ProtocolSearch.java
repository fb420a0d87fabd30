package org.opentriage.internal.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.Protocol;

/**
 * Ranks protocols for a lay query. Words are lower-cased, stripped of common endings and of filler
 * words (a phrase that filler would leave with one word or none keeps them: "had a low" needs "had" and
 * "low", so "feeling low" does not match it); a protocol scores most for its longest search phrase wholly contained in the query, then for
 * how many query words its phrases cover. When some protocol has a whole phrase in the query, protocols
 * that only share loose words are left out. A query word that no protocol uses is read as the nearest word
 * protocols do use when it is one typing slip away ("diarrea", "weezing", "constapation"; two for words of seven
 * letters or more; never the first letter, so "nail" is not read as "pain"; in a word of four letters, never a
 * changed letter, so "wash" is not read as "wasp"), so a misspelling finds what the right spelling finds; words of
 * fewer than four letters are taken as typed.
 */
public final class ProtocolSearch {
    private static final Set<String> FILLER = Set.of("a", "an", "the", "my", "i", "im", "i'm", "me", "is", "it",
            "its", "has", "have", "had", "of", "on", "in", "at", "to", "and", "or", "with", "for", "from", "he",
            "she", "his", "her", "they", "their", "our", "we", "was", "be", "been", "am", "are", "very", "really",
            "bit", "some", "got", "getting", "feel", "feels", "feeling", "like", "since", "this", "that", "there",
            "keeps", "kid", "child", "baby");

    /** The score of one word of a whole phrase; more than any number of loose words can add up to. */
    private static final int WHOLE_PHRASE = 1000;

    /** Words shorter than this (after their ending is stripped) are never corrected: "wee" is not "wheeze". */
    private static final int SHORTEST_CORRECTED = 4;
    /** Words this long or longer may be two slips away from the word meant. */
    private static final int TWO_SLIPS = 7;
    /** In words shorter than this, a changed letter makes another word ("wash", "wasp"): only a letter left out, added or swapped is a slip. */
    private static final int CHANGED_LETTER = 5;

    /** The filler words as {@link #words} leaves them in the phrases that keep them. */
    private static final Set<String> FILLER_STEMS = FILLER.stream().map(w -> stem(w.replace("'", "")))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Words never read, in phrases or queries. */
    private static final Set<String> ARTICLES = Set.of("a", "an", "the");

    private final Map<String, List<Phrase>> phrases = new HashMap<>();
    /** Every word of every protocol's title and search phrases. */
    private final Set<String> vocabulary = new HashSet<>();

    /**
     * A search phrase's words, and how many of them count towards a whole-phrase match: its words other than
     * filler. A phrase that filler would shrink to one word or none ("had a low", "dog bit me", "just had a
     * baby") keeps its filler words and needs them all in the query, so that it is not matched by any query
     * holding its one remaining word ("feeling low", "just a cough").
     */
    private record Phrase(Set<String> words, int weight) {
    }

    public ProtocolSearch(List<Protocol> protocols) {
        for (Protocol p : protocols) {
            List<Phrase> list = new ArrayList<>();
            list.add(phrase(p.title().english()));
            for (String text : p.searchWords().getOrDefault(LocalizedText.ENGLISH, List.of())) {
                list.add(phrase(text));
            }
            list.removeIf(phrase -> phrase.words().isEmpty());
            phrases.put(p.ref(), list);
            list.forEach(phrase -> vocabulary.addAll(phrase.words()));
        }
    }

    private static Phrase phrase(String text) {
        Set<String> content = words(text);
        Set<String> all = allWords(text);
        if (content.size() <= 1 && all.size() > content.size()) {
            return new Phrase(all, Math.max(1, content.size()));
        }
        return new Phrase(content, content.size());
    }

    /** The candidates that match the query at all, best first; ties by id. */
    public List<Protocol> rank(String query, List<Protocol> candidates) {
        // Phrases are matched against every word of the query but articles; filler words are never corrected.
        Set<String> q = corrected(words(query));
        q.addAll(allWords(query));
        Map<Protocol, Integer> scores = new HashMap<>();
        Map<Protocol, Double> closest = new HashMap<>();
        for (Protocol p : candidates) {
            List<Phrase> own = phrases.getOrDefault(p.ref(), List.of());
            int score = score(q, own);
            if (score > 0) {
                scores.put(p, score);
                closest.put(p, closest(q, own));
            }
        }
        // A protocol with a whole phrase in the query beats any that only shares a word ("hurts").
        if (scores.values().stream().anyMatch(s -> s >= WHOLE_PHRASE)) {
            scores.values().removeIf(s -> s < WHOLE_PHRASE);
        }
        // Equal scores: the protocol with a phrase the query comes closest to filling ("low mood" before "low peak flow").
        return scores.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Protocol, Integer> e) -> -e.getValue())
                        .thenComparing(e -> -closest.getOrDefault(e.getKey(), 0.0)).thenComparing(e -> e.getKey().id()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The largest share of one phrase's words that the query holds. */
    private static double closest(Set<String> query, List<Phrase> phrases) {
        double best = 0;
        for (Phrase phrase : phrases) {
            long held = phrase.words().stream().filter(query::contains).count();
            best = Math.max(best, (double) held / phrase.words().size());
        }
        return best;
    }

    private static int score(Set<String> query, List<Phrase> phrases) {
        int longestWholePhrase = 0;
        Set<String> covered = new HashSet<>();
        for (Phrase phrase : phrases) {
            if (query.containsAll(phrase.words())) {
                longestWholePhrase = Math.max(longestWholePhrase, phrase.weight());
            }
            for (String word : phrase.words()) {
                // Filler words kept in a phrase count only towards the whole phrase.
                if (query.contains(word) && !FILLER_STEMS.contains(word)) {
                    covered.add(word);
                }
            }
        }
        return longestWholePhrase * WHOLE_PHRASE + covered.size();
    }

    /** The query's words, each one no protocol uses replaced by the nearest words protocols use, if any is near. */
    Set<String> corrected(Set<String> query) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : query) {
            if (vocabulary.contains(word) || word.length() < SHORTEST_CORRECTED || !word.chars().allMatch(Character::isLetter)) {
                words.add(word);
                continue;
            }
            int allowed = word.length() >= TWO_SLIPS ? 2 : 1;
            int best = allowed + 1;
            List<String> nearest = new ArrayList<>();
            for (String known : vocabulary) {
                // A slip seldom hits the first letter; a word with another first letter is another word.
                if (Math.abs(known.length() - word.length()) > allowed || known.length() < SHORTEST_CORRECTED
                        || known.charAt(0) != word.charAt(0)) {
                    continue;
                }
                int distance = slips(word, known, allowed, word.length() < CHANGED_LETTER ? 2 : 1);
                if (distance < best) {
                    best = distance;
                    nearest.clear();
                }
                if (distance == best) {
                    nearest.add(known);
                }
            }
            if (best <= allowed) {
                words.addAll(nearest);
            } else {
                words.add(word);
            }
        }
        return words;
    }

    /**
     * Typing slips between two words (optimal string alignment: a letter left out, added, changed, or two
     * neighbours swapped; a changed letter counts {@code changed}), or {@code limit + 1} once it is certain to be
     * more than {@code limit}.
     */
    static int slips(String a, String b, int limit, int changed) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : changed;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
                rowMin = Math.min(rowMin, d[i][j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
        }
        return Math.min(d[a.length()][b.length()], limit + 1);
    }

    static Set<String> words(String text) {
        return words(text, FILLER);
    }

    /** Every word but articles, filler words included. */
    static Set<String> allWords(String text) {
        return words(text, ARTICLES);
    }

    private static Set<String> words(String text, Set<String> left) {
        Set<String> words = new LinkedHashSet<>();
        for (String raw : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            String word = raw.replace("'", "");
            if (!word.isEmpty() && !left.contains(word) && !ARTICLES.contains(word)) {
                words.add(stem(word));
            }
        }
        return words;
    }

    private static String stem(String word) {
        if (word.length() > 5 && word.endsWith("ing")) {
            return word.substring(0, word.length() - 3);
        }
        if (word.length() > 4 && word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }
}

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
 * words; a protocol scores most for its longest search phrase wholly contained in the query, then for
 * how many query words its phrases cover. When some protocol has a whole phrase in the query, protocols
 * that only share loose words are left out.
 */
public final class ProtocolSearch {
    private static final Set<String> FILLER = Set.of("a", "an", "the", "my", "i", "im", "i'm", "me", "is", "it",
            "its", "has", "have", "had", "of", "on", "in", "at", "to", "and", "or", "with", "for", "from", "he",
            "she", "his", "her", "they", "their", "our", "we", "was", "be", "been", "am", "are", "very", "really",
            "bit", "some", "got", "getting", "feel", "feels", "feeling", "like", "since", "this", "that", "there",
            "keeps", "kid", "child", "baby");

    /** The score of one word of a whole phrase; more than any number of loose words can add up to. */
    private static final int WHOLE_PHRASE = 1000;

    private final Map<String, List<Set<String>>> phrases = new HashMap<>();

    public ProtocolSearch(List<Protocol> protocols) {
        for (Protocol p : protocols) {
            List<Set<String>> list = new ArrayList<>();
            list.add(words(p.title().english()));
            for (String phrase : p.searchWords().getOrDefault(LocalizedText.ENGLISH, List.of())) {
                list.add(words(phrase));
            }
            list.removeIf(Set::isEmpty);
            phrases.put(p.ref(), list);
        }
    }

    /** The candidates that match the query at all, best first; ties by id. */
    public List<Protocol> rank(String query, List<Protocol> candidates) {
        Set<String> q = words(query);
        Map<Protocol, Integer> scores = new HashMap<>();
        for (Protocol p : candidates) {
            int score = score(q, phrases.getOrDefault(p.ref(), List.of()));
            if (score > 0) {
                scores.put(p, score);
            }
        }
        // A protocol with a whole phrase in the query beats any that only shares a word ("hurts").
        if (scores.values().stream().anyMatch(s -> s >= WHOLE_PHRASE)) {
            scores.values().removeIf(s -> s < WHOLE_PHRASE);
        }
        return scores.keySet().stream()
                .sorted(Comparator.comparing((Protocol p) -> -scores.get(p)).thenComparing(Protocol::id))
                .toList();
    }

    private static int score(Set<String> query, List<Set<String>> phrases) {
        int longestWholePhrase = 0;
        Set<String> covered = new HashSet<>();
        for (Set<String> phrase : phrases) {
            if (query.containsAll(phrase)) {
                longestWholePhrase = Math.max(longestWholePhrase, phrase.size());
            }
            for (String word : phrase) {
                if (query.contains(word)) {
                    covered.add(word);
                }
            }
        }
        return longestWholePhrase * WHOLE_PHRASE + covered.size();
    }

    static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String raw : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            String word = raw.replace("'", "");
            if (!word.isEmpty() && !FILLER.contains(word)) {
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

package org.opentriage.internal.lint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the English text of a question says, as far as plain word patterns can tell: whether a yes/no question joins
 * several findings with "or", and how much two questions' words overlap. Heuristic by nature: it follows the
 * library's wording convention, "Finding: example, example (clinical term)", so that examples after a colon or in
 * brackets never count as further findings.
 */
final class Wording {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    /** A verb that opens a (new) question: "…, or <b>is</b> the skin cold?". */
    private static final String AUX = "(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|may|might)";
    private static final Pattern BRACKETS = Pattern.compile("\\([^()]*\\)");
    /** A question after a lead-in: "Thinking of the last episode: <b>did it</b> …" (not "…: can say only a few words"). */
    private static final Pattern OPENS_QUESTION = Pattern.compile("^\\s*" + AUX + "\\s+(?:the|a|an|she|he|they|it|there|you|your|this"
            + "|that|these|those|any|anyone|someone|their|his|her)\\b", FLAGS);
    /** Examples or a qualifier of what comes before, up to the end of the clause: never a finding of their own. */
    private static final Pattern EXAMPLES = Pattern.compile("\\b(?:such as|for example|for instance|e\\.g\\.|including|especially"
            + "|even (?:if|though|after|when|with|while))\\b.*?(?=, (?:or|and) " + AUX + "\\b|[?.;]|$)", FLAGS);
    private static final String NUMBER = "(?:\\d+(?:\\.\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|once|twice|a few)";
    /** Uses of "or" that join no findings: a range, a bound, a pair of people, a catch-all. */
    private static final List<Pattern> NOT_JOINING = List.of(
            Pattern.compile("\\b" + NUMBER + " or " + NUMBER + "\\b", FLAGS),
            Pattern.compile("\\b(?:one or both|one or more|all or part|all or some|some or all|with or without|either)\\b", FLAGS),
            Pattern.compile("\\bor (?:more|over|older|younger|higher|lower|less|fewer|longer|shorter|above|below|under|later"
                    + "|earlier|not|both|worse|greater)\\b", FLAGS),
            Pattern.compile("\\b(?:he or she|him or her|his or her|parent or carer|carer or parent|parent or caregiver)\\b", FLAGS),
            Pattern.compile("\\b(?:minute|hour|day|night|week|month|year)s? or so\\b", FLAGS),
            Pattern.compile("\\b(?:day or night|night or day)\\b", FLAGS),
            Pattern.compile("\\bor (?:any |an)?other\\b", FLAGS));
    private static final Pattern OR_OPENS_QUESTION = Pattern.compile("\\bor " + AUX + "\\b", FLAGS);
    private static final Pattern OR = Pattern.compile("\\bor\\b", FLAGS);
    private static final Pattern OR_NUMBER = Pattern.compile("^or " + NUMBER + "\\b", FLAGS);
    /** A last item that names the whole kind, so the others are its examples: "cocaine, speed or another stimulant". */
    private static final Pattern CATCH_ALL = Pattern.compile("^(?:an?other|any other|other|something|anything|someone|a similar)\\b", FLAGS);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}'-]+");
    private static final Set<String> LITTLE_WORDS = words("a an the any some their his her its your this that these those to of in on at"
            + " for from by with and or is are be been was were very more less than it they she he there has have had do does did can"
            + " could will would not no so as into onto up out over under after before since about just still now being");
    /** Little words, and who the question is about: left out when comparing two questions. */
    private static final Set<String> NOT_COMPARED = union(LITTLE_WORDS, words("patient patients child children baby babies person"));

    private Wording() {
    }

    /**
     * Where a yes/no question's text joins several findings, quoted from the text; empty when it asks about one.
     * Findings are joined by "or" that opens a new question ("…collapsed, or are they confused?"), by a list of three
     * or more items of which two or more are phrases ("a severe headache, a stiff neck, or a rash that does not
     * fade"), or by ", or" and a new phrase ("…from the vagina, or mild cramps"). Brackets, what follows a colon
     * (examples of the finding before it), "such as …", bounds ("or more") and catch-alls ("or another …") are
     * left out first.
     */
    static Optional<String> joinedFindings(String text) {
        String head = findingPart(text);
        Matcher newQuestion = OR_OPENS_QUESTION.matcher(head);
        if (newQuestion.find()) {
            return Optional.of(quote(head, newQuestion.start()));
        }
        for (String clause : head.split("[?.;]")) {
            Optional<Integer> joined = joinedList(clause);
            if (joined.isPresent()) {
                return Optional.of(quote(clause, joined.get()));
            }
        }
        return Optional.empty();
    }

    /** The text with brackets, examples and non-joining "or" taken out: what names the finding(s). */
    static String findingPart(String text) {
        String s = text.replaceAll("\\s+", " ");
        for (String previous = null; !s.equals(previous); ) {
            previous = s;
            s = BRACKETS.matcher(s).replaceAll("");
        }
        // "Finding: example, example": the examples follow the colon. A colon after a lead-in ("Thinking of the last
        // episode: did it …") comes before the question itself.
        while (s.indexOf(':') >= 0) {
            int colon = s.indexOf(':');
            String after = s.substring(colon + 1);
            if (!OPENS_QUESTION.matcher(after).find()) {
                s = s.substring(0, colon);
                break;
            }
            s = after;
        }
        s = EXAMPLES.matcher(s).replaceAll("");
        for (Pattern notJoining : NOT_JOINING) {
            s = notJoining.matcher(s).replaceAll(" ");
        }
        return s.replaceAll("\\s+", " ").trim();
    }

    /** Where in the clause a list joins several findings with "or", or empty. */
    private static Optional<Integer> joinedList(String clause) {
        String[] segments = Arrays.stream(clause.split(",")).map(String::trim).toArray(String[]::new);
        int last = -1;
        for (int i = 0; i < segments.length; i++) {
            if (OR.matcher(segments[i]).find()) {
                last = i;
            }
        }
        if (last < 0) {
            return Optional.empty();
        }
        // The first segment holds the question's opening words as well as its first item: it is not counted.
        List<String> items = new ArrayList<>(Arrays.asList(segments).subList(Math.min(1, last), last));
        List<String> parts = Arrays.stream(OR.split(segments[last], -1)).map(String::trim).toList();
        items.addAll(last == 0 ? parts.subList(1, parts.size()) : parts);
        items.removeIf(String::isEmpty);
        if (items.isEmpty() || CATCH_ALL.matcher(items.get(items.size() - 1)).find()) {
            return Optional.empty();
        }
        long phrases = items.stream().filter(item -> contentWords(item).size() >= 2).count();
        int offset = clause.indexOf(segments[last]);
        if (items.size() + (last > 0 ? 1 : 0) >= 3 && phrases >= 2) {
            return Optional.of(Math.max(0, offset));
        }
        String lastSegment = segments[last];
        if (last > 0 && lastSegment.toLowerCase(Locale.ROOT).startsWith("or ") && !OR_NUMBER.matcher(lastSegment).find()
                && contentWords(lastSegment.substring(3)).size() >= 2 && contentWords(segments[last - 1]).size() >= 2) {
            return Optional.of(Math.max(0, offset));
        }
        return Optional.empty();
    }

    /** Part of the text around {@code at}, marked as an excerpt where cut, without the gaps left where parts were taken out. */
    private static String quote(String text, int at) {
        int from = Math.max(0, at - 50);
        int to = Math.min(text.length(), at + 50);
        String excerpt = text.substring(from, to).replaceAll("\\s+(?=[,?.;])", "").replaceAll(",(?:\\s*,)+", ",").trim();
        return (from > 0 ? "…" : "") + excerpt + (to < text.length() ? "…" : "");
    }

    private static List<String> contentWords(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (!LITTLE_WORDS.contains(m.group())) {
                words.add(m.group());
            }
        }
        return words;
    }

    /**
     * How alike two question texts are in their words (brackets, little words and who it is about left out, plurals
     * folded): 1 for the same words, 0 for none in common. Near-copies score from about 0.5; the containment of the
     * shorter in the longer counts too, so that a copy with a few words added still scores.
     */
    static double likeness(String a, String b) {
        Set<String> x = comparedWords(a);
        Set<String> y = comparedWords(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        Set<String> common = new HashSet<>(x);
        common.retainAll(y);
        double jaccard = (double) common.size() / union(x, y).size();
        double containment = (double) common.size() / Math.min(x.size(), y.size());
        return containment >= 0.8 && jaccard >= 0.3 ? Math.max(jaccard, 0.5) : jaccard;
    }

    private static Set<String> comparedWords(String text) {
        Set<String> words = new HashSet<>();
        Matcher m = WORD.matcher(BRACKETS.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" "));
        while (m.find()) {
            String word = m.group();
            if (!NOT_COMPARED.contains(word)) {
                words.add(word.length() > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.substring(0, word.length() - 1) : word);
            }
        }
        return words;
    }

    private static Set<String> words(String spaced) {
        return Set.copyOf(Arrays.asList(spaced.split(" ")));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}

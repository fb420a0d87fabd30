package org.opentriage.internal.lint;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an advice line tells the caller to do, and how soon, read from its action words: "Call 911", "go to the
 * emergency department", "see a clinician today or tomorrow". Only what a line says outright counts: a clause with a
 * condition ("call 911 if …", "… instead", "until …") or a negation ("do not drive") says nothing about the line's
 * own urgency. The levels are those of the bundled disposition scale, by id; a library whose scale has other ids
 * gets no directive checks for those levels.
 */
final class Directives {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?;])\\s+");
    private static final Pattern BRACKETS = Pattern.compile("\\([^()]*\\)");
    /** Alternatives within a sentence: "go to the emergency department now, or call 911 if …". */
    private static final Pattern ALTERNATIVES = Pattern.compile(",\\s+(?:or|then)\\s+");
    private static final Pattern CONDITIONAL = Pattern.compile("\\b(?:if|unless|when|whenever|in case|instead|otherwise|while"
            + "|until|after|before|once)\\b", FLAGS);
    private static final Pattern NEGATED = Pattern.compile("\\b(?:do not|don't|never|no need)\\b", FLAGS);
    /** An instruction opens the clause: "Call 911 now", "Now go to …", "You should take the child to …". */
    private static final String TELL = "^(?:please |now |then |you (?:should|must|need to) )?";
    private static final String GO = TELL + "(?:go|take|bring|get|head)\\b";
    private static final String SEE = "(?=.*\\b(?:see|seen|arrange|book|appointment|visit|examined|checked|review|speak|spoken|talk)\\b)";

    /** A directive for one level of the scale. */
    private record Directive(String level, Pattern words) {
        Directive(String level, String regex) {
            this(level, Pattern.compile(regex, FLAGS));
        }
    }

    /** The most specific first: "emergency department or urgent care" before "emergency department". */
    private static final List<Directive> DIRECTIVES = List.of(
            new Directive("call-911", TELL + "(?:call|dial|phone|ring)\\s+(?:911|999|112|an ambulance|for an ambulance)\\b"),
            new Directive("ed-ucc-now", GO + ".*\\burgent care\\b"),
            new Directive("poison-center-now", TELL + "(?:call|phone|ring|contact)\\b.*\\bpoison (?:center|centre|control|help)\\b"),
            new Directive("ed-now", GO + ".*\\b(?:emergency department|emergency room|A&E)\\b"),
            new Directive("call-provider-now", SEE + ".*\\bwithin the (?:next )?hour\\b"),
            new Directive("within-4h", SEE + ".*\\bwithin (?:the next )?(?:4|four) hours\\b"),
            new Directive("dentist-within-24h", "\\bdentist\\b.*\\b(?:today or tomorrow|within (?:the next )?24 hours)\\b"),
            new Directive("within-24h", SEE + ".*\\b(?:today or tomorrow|within (?:the next )?24 hours)\\b"),
            new Directive("within-3d", SEE + ".*\\bwithin (?:the next )?(?:3|three|a few|few) days\\b"),
            new Directive("within-2wk", SEE + ".*(?:\\bwithin (?:the next )?(?:2|two) weeks\\b|\\broutine (?:appointment|review)\\b)"));

    /** Levels the directives know, so that a level's missing action line can be told apart from an unknown level. */
    static final Set<String> LEVELS = Set.copyOf(DIRECTIVES.stream().map(Directive::level).toList());

    private static final Pattern HOME_CARE = Pattern.compile("\\b(?:at home|home care|self-care|look after|care for|cared for at home)\\b", FLAGS);
    private static final Pattern LEAD_IN = Pattern.compile("^to [^:]*:\\s*", FLAGS);
    /** Verbs that open an instruction to the caller. */
    private static final Set<String> IMPERATIVES = Set.of("keep", "give", "take", "cool", "stop", "treat", "rest", "drink", "offer",
            "apply", "wash", "clean", "follow", "use", "avoid", "sit", "lean", "pinch", "press", "hold", "remove", "put", "let",
            "check", "make", "try", "raise", "cover", "leave", "wear", "watch", "encourage", "help", "allow", "stay", "scrape",
            "wipe", "clear", "continue", "start", "care", "look", "bathe", "change", "soak", "protect", "eat", "sip", "lie",
            "place", "measure", "bring", "plan", "arrange", "book", "see", "call", "go");

    private Directives() {
    }

    /** The level the line's first unconditional directive calls for, by the bundled scale's id; empty when it has none. */
    static Optional<String> level(String text) {
        for (String sentence : SENTENCES.split(BRACKETS.matcher(text).replaceAll(""))) {
            if (opensWithCondition(sentence)) {
                continue;
            }
            for (String clause : ALTERNATIVES.split(sentence.trim())) {
                if (CONDITIONAL.matcher(clause).find() || NEGATED.matcher(clause).find()) {
                    continue;
                }
                for (Directive directive : DIRECTIVES) {
                    if (directive.words().matcher(clause).find()) {
                        return Optional.of(directive.level());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** "If …, call 911": the condition covers the whole sentence. */
    private static boolean opensWithCondition(String sentence) {
        return CONDITIONAL.matcher(sentence.split(",", 2)[0]).find();
    }

    /**
     * Whether a line opens with an action for care at home: it says to care for the patient at home, or its first
     * sentence, unconditional, is an instruction ("Cool the burn …", "To stop a nosebleed: sit down …").
     */
    static boolean opensWithHomeAction(String text) {
        String first = SENTENCES.split(BRACKETS.matcher(text).replaceAll("").trim(), 2)[0];
        if (opensWithCondition(first)) {
            return false;
        }
        if (HOME_CARE.matcher(first).find()) {
            return true;
        }
        String instruction = LEAD_IN.matcher(first).replaceFirst("");
        String word = instruction.split("[\\s,]+", 2)[0].toLowerCase(Locale.ROOT);
        return IMPERATIVES.contains(word);
    }
}

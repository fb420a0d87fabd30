package org.opentriage.internal.load;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Source;

/**
 * Which caller-facing texts of a library file lack a language: what {@code triage validate --require-lang es}
 * reports. A text is a mapping with an {@code en} key; it is caller-facing unless it sits under a key that holds
 * clinical documentation for the nurse and the reviewer ({@link #DOCUMENTATION}): those stay in the language they
 * were written in. Read from the file's tree, so each missing text is located at its line.
 */
public final class LanguageCheck {
    /** Keys whose texts document the protocol for clinicians and are not read to callers. */
    public static final Set<String> DOCUMENTATION =
            Set.of("definition", "background", "rationale", "review", "references", "searchWords", "approval", "reason");

    /** How many caller-facing texts a file has, and how many of them have each language. */
    public record Coverage(int texts, Map<String, Integer> byLanguage) {
        public Coverage {
            byLanguage = Map.copyOf(byLanguage);
        }

        public int has(String language) {
            return byLanguage.getOrDefault(language, 0);
        }
    }

    /** The file's problems (a text without one of {@code languages}) and its coverage. */
    public record Result(List<Problem> problems, Coverage coverage) {
    }

    private LanguageCheck() {
    }

    /**
     * Checks one file (protocol, shared questions, scale or modifiers). A file that does not parse has its syntax
     * problem reported and no texts.
     */
    public static Result check(Source source, Set<String> languages) {
        Problems problems = new Problems(source.name());
        // A file that does not parse has its syntax problem reported, not an empty count of missing texts.
        Optional<Node> root = source.isJson() ? JsonReader.read(source, problems) : YamlReader.read(source, problems);
        Map<String, Integer> byLanguage = new TreeMap<>();
        int[] texts = {0};
        root.ifPresent(r -> walk(r, null, (map, english) -> {
            texts[0]++;
            for (Node.Entry entry : map.entries()) {
                byLanguage.merge(entry.key().value(), 1, Integer::sum);
            }
            for (String language : languages) {
                if (map.entry(language).isEmpty()) {
                    problems.add(ProblemCode.MISSING_LANGUAGE, map, null, "text has no '" + language + "': \""
                            + shorten(english) + "\"");
                }
            }
        }));
        return new Result(problems.toList(), new Coverage(texts[0], byLanguage));
    }

    private interface TextVisitor {
        void text(Node.MapNode map, String english);
    }

    private static void walk(Node node, @Nullable String key, TextVisitor visitor) {
        if (node instanceof Node.MapNode map) {
            Optional<Node> english = map.entry(LocalizedText.ENGLISH).map(Node.Entry::value);
            if (english.isPresent() && english.get() instanceof Node.Scalar scalar) {
                visitor.text(map, scalar.value());
                return;
            }
            for (Node.Entry entry : map.entries()) {
                if (!DOCUMENTATION.contains(entry.key().value())) {
                    walk(entry.value(), entry.key().value(), visitor);
                }
            }
        } else if (node instanceof Node.ListNode list) {
            list.items().forEach(item -> walk(item, key, visitor));
        }
    }

    private static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }

    /** Merges coverages. */
    public static Coverage sum(List<Coverage> all) {
        Map<String, Integer> byLanguage = new TreeMap<>();
        int texts = 0;
        for (Coverage c : all) {
            texts += c.texts();
            c.byLanguage().forEach((k, v) -> byLanguage.merge(k, v, Integer::sum));
        }
        return new Coverage(texts, byLanguage);
    }
}

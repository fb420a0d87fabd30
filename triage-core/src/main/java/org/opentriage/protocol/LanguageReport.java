package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The languages of a library's caller-facing texts ({@link ProtocolLoader#checkLanguages}): every text read to the
 * caller or by the nurse during a call (titles, questions, answer options and checklist items, care advice, call-back
 * lines, disposition labels), not the clinical documentation (definitions, background, rationales, references and
 * review notes), which stays in the language it was written in.
 *
 * @param problems   one {@link ProblemCode#MISSING_LANGUAGE} error per text without a required language, located
 * @param texts      the number of caller-facing texts checked
 * @param byLanguage how many of them have each language
 * @since 0.1.0
 */
public record LanguageReport(List<Problem> problems, int texts, Map<String, Integer> byLanguage) {
    /** Checks the components; the list and map are copied. */
    public LanguageReport {
        problems = List.copyOf(problems);
        byLanguage = Map.copyOf(new TreeMap<>(requireNonNull(byLanguage, "byLanguage")));
    }

    /**
     * {@return the share of the caller-facing texts that have {@code language}, from 0 to 1 (1 when there are no texts)}
     *
     * @param language a BCP-47 tag
     */
    public double coverage(String language) {
        return texts == 0 ? 1 : byLanguage.getOrDefault(language, 0) / (double) texts;
    }
}

package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A human-readable text in one or more languages, keyed by BCP-47 tag. English is always present.
 *
 * @param byLanguage the text per language tag, {@code en} required
 * @since 0.1.0
 */
public record LocalizedText(Map<String, String> byLanguage) {
    public static final String ENGLISH = "en";
    private static final Pattern LANGUAGE_TAG = Pattern.compile(
            "[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*");

    /**
     * Whether a string is a BCP-47 language tag as the library writes them: a language ({@code es}), then an
     * optional script ({@code Latn}), region ({@code MX}, {@code 419}) and variants. The one check the loader,
     * the engine and the tools share.
     *
     * @param tag the string
     * @return whether it is such a tag
     * @since 0.2.0
     */
    public static boolean isLanguageTag(String tag) {
        return LANGUAGE_TAG.matcher(requireNonNull(tag, "tag")).matches();
    }

    /** Checks the components: an English text is required; the map is copied. */
    public LocalizedText {
        requireNonNull(byLanguage, "byLanguage");
        if (!byLanguage.containsKey(ENGLISH)) {
            throw new IllegalArgumentException("text needs English ('en'), has " + byLanguage.keySet());
        }
        byLanguage = Map.copyOf(new TreeMap<>(byLanguage));
    }

    /**
     * {@return an English-only text}
     *
     * @param text the English text
     */
    public static LocalizedText english(String text) {
        return new LocalizedText(Map.of(ENGLISH, requireNonNull(text, "text")));
    }

    /** {@return the English text} */
    public String english() {
        return in(ENGLISH).orElseThrow();
    }

    /**
     * {@return the text in {@code language}, if the text has it}
     *
     * @param language a BCP-47 tag
     */
    public Optional<String> in(String language) {
        return Optional.ofNullable(byLanguage.get(requireNonNull(language, "language")));
    }

    /**
     * The text to show in {@code language}: the text in that language, or when it has none the English marked
     * {@value #FALLBACK_MARK} so that the reader sees the fallback (never a silent change of language). English
     * is returned as it is.
     *
     * @param language the call's language, a BCP-47 tag
     * @return the text to show
     */
    public String render(String language) {
        requireNonNull(language, "language");
        String text = byLanguage.get(language);
        return text != null ? text : FALLBACK_MARK + english();
    }

    /** Marks a text shown in English because it has no text in the language asked for. */
    public static final String FALLBACK_MARK = "[en] ";

    @Override
    public String toString() {
        return english();
    }
}

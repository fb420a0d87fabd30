package org.opentriage.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The search benchmark: phrases as callers say them, each with the patient's age and the protocol a nurse should
 * find ({@code none} where the library has no protocol for the complaint). Each phrase is searched as
 * {@code triage list --age AGE --search PHRASE} does, and the figures say how often the expected protocol comes
 * first and how often it is among the first three.
 *
 * <pre>
 * format: opentriage/search-phrases/v1
 * writer: search phrase writer (blind to the protocol files)
 * phrases:
 *   - {phrase: "tight feeling in my chest", age: 58 y, expect: chest-pain-adult}
 * ratchet: {first: 0.80, topThree: 0.90}      # optional: the figures --check must not fall below
 * </pre>
 */
final class SearchBenchmark {
    static final String FORMAT = "opentriage/search-phrases/v1";

    /** A phrase, the patient's age, and the protocol a nurse should find (empty: none fits). */
    record Phrase(String phrase, Quantity age, Optional<String> expect) {
    }

    /** A phrase and the ids the search ranked, best first. */
    record Searched(Phrase phrase, List<String> ranked) {
        /** 1-based rank of the expected protocol; 0 when it is not found or none is expected. */
        int rank() {
            return phrase.expect().map(id -> ranked.indexOf(id) + 1).orElse(0);
        }
    }

    /** The phrases of a file and the figures it must not fall below (zero when it gives none). */
    record Suite(List<Phrase> phrases, double first, double topThree) {
    }

    /** What the benchmark measured. */
    record Figures(List<Searched> searched) {
        List<Searched> scored() {
            return searched.stream().filter(s -> s.phrase().expect().isPresent()).toList();
        }

        long first() {
            return scored().stream().filter(s -> s.rank() == 1).count();
        }

        long topThree() {
            return scored().stream().filter(s -> s.rank() >= 1 && s.rank() <= 3).count();
        }

        double share(long count) {
            return scored().isEmpty() ? 1 : (double) count / scored().size();
        }

        List<Searched> noProtocol() {
            return searched.stream().filter(s -> s.phrase().expect().isEmpty()).toList();
        }
    }

    private SearchBenchmark() {
    }

    static Suite read(Path file) {
        Object loaded = load(file);
        if (!(loaded instanceof Map<?, ?> top)) {
            throw fail(file, "", "expected a mapping with format, writer and phrases");
        }
        for (Object key : top.keySet()) {
            if (!List.of("format", "writer", "phrases", "ratchet").contains(String.valueOf(key))) {
                throw fail(file, String.valueOf(key), "unknown key (format, writer, phrases, ratchet)");
            }
        }
        if (!FORMAT.equals(top.get("format"))) {
            throw fail(file, "format", "must be " + FORMAT);
        }
        if (!(top.get("phrases") instanceof List<?> items) || items.isEmpty()) {
            throw fail(file, "phrases", "expected a non-empty list");
        }
        List<Phrase> phrases = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "phrases[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> item) || !(item.get("phrase") instanceof String phrase) || phrase.isBlank()
                    || item.get("age") == null || !(item.get("expect") instanceof String expect)) {
                throw fail(file, at, "expected {phrase: TEXT, age: AGE, expect: PROTOCOL-ID or none}");
            }
            Quantity age;
            try {
                age = new ListCommand.AgeConverter().convert(String.valueOf(item.get("age")));
            } catch (RuntimeException e) {
                throw fail(file, at + ".age", e.getMessage());
            }
            phrases.add(new Phrase(phrase, age, expect.equals("none") ? Optional.empty() : Optional.of(expect)));
        }
        double first = 0;
        double topThree = 0;
        if (top.get("ratchet") != null) {
            if (!(top.get("ratchet") instanceof Map<?, ?> ratchet)) {
                throw fail(file, "ratchet", "expected {first: SHARE, topThree: SHARE}");
            }
            first = share(file, ratchet, "first");
            topThree = share(file, ratchet, "topThree");
        }
        return new Suite(List.copyOf(phrases), first, topThree);
    }

    private static Object load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CommandFailure.cannotRead(file, "search phrase file", e);
        }
        try {
            return new Load(LoadSettings.builder().setLabel(file.toString()).setMaxAliasesForCollections(0)
                    .setCodePointLimit(1 << 20).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new CommandFailure(ExitCode.BAD_INPUT, file + ": not a well-formed search phrase file: " + e.getMessage());
        }
    }

    private static double share(Path file, Map<?, ?> ratchet, String key) {
        if (!(ratchet.get(key) instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
            throw fail(file, "ratchet." + key, "expected a share from 0 to 1");
        }
        return n.doubleValue();
    }

    /** Searches every phrase; a phrase expecting a protocol the library does not have is a problem of the file. */
    static Figures run(ProtocolLibrary library, List<Phrase> phrases, Path file) {
        List<Searched> searched = new ArrayList<>();
        for (Phrase phrase : phrases) {
            phrase.expect().filter(id -> !library.ids().contains(id)).ifPresent(id -> {
                throw fail(file, "phrase \"" + phrase.phrase() + "\"", "expects '" + id + "', which is not a protocol of the library");
            });
            List<String> ranked = library.search(phrase.phrase(), Optional.of(phrase.age()), ProtocolLibrary.Resolution.ANY_STATUS)
                    .stream().map(Protocol::id).toList();
            searched.add(new Searched(phrase, ranked));
        }
        return new Figures(List.copyOf(searched));
    }

    /** The figures as text; with {@code details}, every phrase whose protocol is not first, and each none phrase. */
    static String report(Figures figures, boolean details) {
        StringBuilder out = new StringBuilder();
        int scored = figures.scored().size();
        out.append(String.format(Locale.ROOT, "search benchmark: %d phrases, %d with a protocol, %d for none%n",
                figures.searched().size(), scored, figures.noProtocol().size()));
        out.append(String.format(Locale.ROOT, "first:       %d of %d (%.1f %%)%n", figures.first(), scored,
                100 * figures.share(figures.first())));
        out.append(String.format(Locale.ROOT, "top three:   %d of %d (%.1f %%)%n", figures.topThree(), scored,
                100 * figures.share(figures.topThree())));
        Map<String, int[]> missedBy = new LinkedHashMap<>();
        figures.scored().stream().filter(s -> s.rank() != 1)
                .forEach(s -> missedBy.computeIfAbsent(s.phrase().expect().orElseThrow(), k -> new int[1])[0]++);
        out.append("not first, by expected protocol: ");
        out.append(missedBy.isEmpty() ? "none" : String.join(", ", missedBy.entrySet().stream()
                .sorted((a, b) -> b.getValue()[0] - a.getValue()[0]).map(e -> e.getKey() + " " + e.getValue()[0]).toList()));
        out.append(System.lineSeparator());
        if (details) {
            for (Searched s : figures.searched()) {
                if (s.rank() == 1) {
                    continue;
                }
                out.append(String.format(Locale.ROOT, "  %-6s \"%s\" (%s): expected %s, got %s%n",
                        s.phrase().expect().isEmpty() ? "none" : s.rank() == 0 ? "miss" : "#" + s.rank(),
                        Visible.text(s.phrase().phrase()), s.phrase().age(), s.phrase().expect().orElse("none"),
                        s.ranked().isEmpty() ? "(no protocol)" : String.join(", ", s.ranked().subList(0, Math.min(3, s.ranked().size())))));
            }
        }
        return out.toString();
    }

    private static CommandFailure fail(Path file, String at, String message) {
        return new CommandFailure(ExitCode.BAD_INPUT, file + ": " + (at.isEmpty() ? "" : at + ": ") + message);
    }
}

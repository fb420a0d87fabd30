package org.opentriage.internal.load;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.DispositionScale;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Unit;
import org.opentriage.protocol.Version;

/**
 * Typed reading of a {@link Node} tree with every mismatch reported as a located problem. Each method
 * returns empty after reporting, so a reader goes on and finds every problem of the file in one pass.
 */
class TreeReader {
    static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    static final int MAX_ID_LENGTH = 64;
    /** BCP-47: language, optional script, region and variants ({@code en}, {@code pt-BR}, {@code es-419}). */
    /** A number as it may be written, exponent included (so it can be refused for that), then the unit. */
    private static final Pattern QUANTITY = Pattern.compile("(-?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?) ?(.*)");
    /** The numbers protocols use: plain decimals, at most 9 digits before the point and 6 after. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]{1,9}(\\.[0-9]{1,6})?");
    private static final Pattern ANY_PLAIN_DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    final Problems problems;

    TreeReader(Problems problems) {
        this.problems = problems;
    }

    /** The keys of one mapping, checked against the keys allowed there. */
    final class Fields {
        final Node.MapNode map;
        final @Nullable String nodeId;
        private final Map<String, Node.Entry> entries = new LinkedHashMap<>();

        Fields(Node.MapNode map, @Nullable String nodeId, Set<String> allowed) {
            this.map = map;
            this.nodeId = nodeId;
            for (Node.Entry entry : map.entries()) {
                String key = entry.key().value();
                if (allowed.contains(key)) {
                    entries.put(key, entry);
                } else {
                    problems.add(ProblemCode.UNKNOWN_KEY, entry.key(), nodeId,
                            "unknown key '" + key + "'" + didYouMean(key, allowed));
                }
            }
        }

        Optional<Node> optional(String key) {
            return Optional.ofNullable(entries.get(key)).map(Node.Entry::value);
        }

        Optional<Node> required(String key) {
            Optional<Node> node = optional(key);
            if (node.isEmpty()) {
                problems.add(ProblemCode.MISSING_KEY, map, nodeId, "missing required key '" + key + "'");
            }
            return node;
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        /** Where the key itself stands, for problems about a key that should not be there. */
        Node.Scalar key(String key) {
            Node.Entry entry = entries.get(key);
            if (entry == null) {
                throw new IllegalArgumentException("no key '" + key + "' here");
            }
            return entry.key();
        }
    }

    Optional<Fields> fields(Node node, @Nullable String nodeId, Set<String> allowed) {
        if (node instanceof Node.MapNode map) {
            return Optional.of(new Fields(map, nodeId, allowed));
        }
        wrongType(node, nodeId, "a mapping");
        return Optional.empty();
    }

    void wrongType(Node node, @Nullable String nodeId, String expected) {
        problems.add(ProblemCode.WRONG_TYPE, node, nodeId, "expected " + expected + ", found " + node.kind());
    }

    Optional<Node.Scalar> scalar(Node node, @Nullable String nodeId, Node.ScalarType type) {
        if (node instanceof Node.Scalar s && s.type() == type) {
            return Optional.of(s);
        }
        wrongType(node, nodeId, type.word + (type == Node.ScalarType.TEXT && node instanceof Node.Scalar
                ? " (quote it)" : ""));
        return Optional.empty();
    }

    Optional<String> string(Node node, @Nullable String nodeId) {
        Optional<String> value = scalar(node, nodeId, Node.ScalarType.TEXT).map(Node.Scalar::value);
        if (value.isPresent() && value.get().isBlank()) {
            problems.add(ProblemCode.EMPTY, node, nodeId, "text must not be empty");
            return Optional.empty();
        }
        return value;
    }

    Optional<Boolean> bool(Node node, @Nullable String nodeId) {
        return scalar(node, nodeId, Node.ScalarType.BOOLEAN).map(s -> Boolean.parseBoolean(s.value()));
    }

    Optional<Integer> integer(Node node, @Nullable String nodeId) {
        Optional<Node.Scalar> s = scalar(node, nodeId, Node.ScalarType.NUMBER);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(s.get().value()));
        } catch (NumberFormatException e) {
            problems.add(ProblemCode.INVALID_VALUE, node, nodeId, "expected a whole number, found " + s.get().value());
            return Optional.empty();
        }
    }

    Optional<String> id(Node node, @Nullable String nodeId) {
        Optional<String> value = string(node, nodeId);
        if (value.isPresent() && !isId(value.get())) {
            problems.add(ProblemCode.MALFORMED_ID, node, nodeId, "'" + value.get()
                    + "' is not an id: lower-case letters, digits and single hyphens, starting with a letter, at most "
                    + MAX_ID_LENGTH + " characters");
            return Optional.empty();
        }
        return value;
    }

    static boolean isId(String value) {
        return value.length() <= MAX_ID_LENGTH && ID.matcher(value).matches();
    }

    /** One of a fixed set of words, case-sensitive. */
    Optional<String> word(Node node, @Nullable String nodeId, List<String> allowed) {
        Optional<String> value = string(node, nodeId);
        if (value.isPresent() && !allowed.contains(value.get())) {
            problems.add(ProblemCode.INVALID_VALUE, node, nodeId, "'" + value.get() + "' is not one of "
                    + String.join(", ", allowed) + didYouMean(value.get(), allowed));
            return Optional.empty();
        }
        return value;
    }

    Optional<LocalizedText> text(Node node, @Nullable String nodeId) {
        if (!(node instanceof Node.MapNode map)) {
            problems.add(ProblemCode.WRONG_TYPE, node, nodeId, "expected text by language, such as {en: ...}, found "
                    + node.kind());
            return Optional.empty();
        }
        Map<String, String> byLanguage = new LinkedHashMap<>();
        boolean ok = true;
        for (Node.Entry entry : map.entries()) {
            String language = entry.key().value();
            if (!language(entry.key(), nodeId)) {
                ok = false;
                continue;
            }
            Optional<String> value = string(entry.value(), nodeId);
            value.ifPresent(v -> byLanguage.put(language, v));
            ok &= value.isPresent();
        }
        if (!byLanguage.containsKey(LocalizedText.ENGLISH) && map.entry(LocalizedText.ENGLISH).isEmpty()) {
            problems.add(ProblemCode.MISSING_ENGLISH, map, nodeId, "text has no English ('en')");
            return Optional.empty();
        }
        return ok ? Optional.of(new LocalizedText(byLanguage)) : Optional.empty();
    }

    /** Whether a mapping key is a BCP-47 language tag; reports it when not. */
    boolean language(Node.Scalar key, @Nullable String nodeId) {
        String language = key.value();
        if (LocalizedText.isLanguageTag(language)) {
            return true;
        }
        problems.add(ProblemCode.MALFORMED_LANGUAGE, key, nodeId,
                "'" + language + "' is not a BCP-47 language tag such as en or es-MX" + (language.contains(" ")
                        ? "; it looks like the rest of a text cut at a comma: quote the text, {en: \"a, b\"}" : ""));
        return false;
    }

    <T> Optional<List<T>> list(Node node, @Nullable String nodeId, Function<Node, Optional<T>> item) {
        if (!(node instanceof Node.ListNode list)) {
            wrongType(node, nodeId, "a list");
            return Optional.empty();
        }
        List<T> items = new ArrayList<>();
        boolean ok = true;
        for (Node element : list.items()) {
            Optional<T> value = item.apply(element);
            value.ifPresent(items::add);
            ok &= value.isPresent();
        }
        return ok ? Optional.of(items) : Optional.empty();
    }

    /** A list that must have at least one item. */
    <T> Optional<List<T>> nonEmptyList(Node node, @Nullable String nodeId, Function<Node, Optional<T>> item) {
        Optional<List<T>> items = list(node, nodeId, item);
        if (node instanceof Node.ListNode l && l.items().isEmpty()) {
            problems.add(ProblemCode.EMPTY, node, nodeId, "the list must not be empty");
            return Optional.empty();
        }
        return items;
    }

    /**
     * Why a number is not one a protocol may hold, or empty when it is one: numbers are plain decimals
     * (no exponent), small enough to compare exactly after any unit conversion.
     */
    static Optional<String> numberProblem(String number) {
        if (PLAIN_DECIMAL.matcher(number).matches()) {
            return Optional.empty();
        }
        if (ANY_PLAIN_DECIMAL.matcher(number).matches()) {
            return Optional.of("number '" + number + "' is out of range: at most 9 digits before the decimal point and 6 after");
        }
        return Optional.of("'" + number + "' is not a plain decimal number: numbers are written as digits with an optional"
                + " decimal point, such as 1000 or 38.5, never with an exponent");
    }

    Optional<Quantity> quantity(Node node, @Nullable String nodeId) {
        if (node instanceof Node.Scalar s && s.type() == Node.ScalarType.NUMBER) {
            return plainDecimal(s.value(), node, nodeId).map(number -> Quantity.of(number, Unit.NONE));
        }
        Optional<String> text = string(node, nodeId);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        var m = QUANTITY.matcher(text.get().strip());
        if (!m.matches()) {
            problems.add(ProblemCode.INVALID_VALUE, node, nodeId,
                    "'" + text.get() + "' is not a quantity such as '38.5 °C' or '3 mo'");
            return Optional.empty();
        }
        Optional<String> number = plainDecimal(m.group(1), node, nodeId);
        if (number.isEmpty()) {
            return Optional.empty();
        }
        Optional<Unit> unit = Unit.bySymbol(m.group(2));
        if (unit.isEmpty()) {
            problems.add(ProblemCode.UNKNOWN_UNIT, node, nodeId, unknownUnit(m.group(2)));
            return Optional.empty();
        }
        return Optional.of(Quantity.of(number.get(), unit.get()));
    }

    private Optional<String> plainDecimal(String number, Node node, @Nullable String nodeId) {
        Optional<String> problem = numberProblem(number);
        problem.ifPresent(message -> problems.add(ProblemCode.INVALID_VALUE, node, nodeId, message));
        return problem.isPresent() ? Optional.empty() : Optional.of(number);
    }

    Optional<Unit> unit(Node node, @Nullable String nodeId) {
        Optional<String> symbol = string(node, nodeId);
        if (symbol.isEmpty()) {
            return Optional.empty();
        }
        Optional<Unit> unit = Unit.bySymbol(symbol.get());
        if (unit.isEmpty()) {
            problems.add(ProblemCode.UNKNOWN_UNIT, node, nodeId, unknownUnit(symbol.get()));
        }
        return unit;
    }

    static String unknownUnit(String symbol) {
        List<String> known = Unit.withSymbols().stream().map(Unit::symbol).toList();
        return "unknown unit '" + symbol + "'" + didYouMean(symbol, known) + "; units are " + String.join(" ", known);
    }

    Optional<LocalDate> date(Node node, @Nullable String nodeId) {
        Optional<String> text = string(node, nodeId);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.get()));
        } catch (DateTimeParseException e) {
            problems.add(ProblemCode.MALFORMED_DATE_OR_URL, node, nodeId, "'" + text.get() + "' is not a date YYYY-MM-DD");
            return Optional.empty();
        }
    }

    Optional<URI> url(Node node, @Nullable String nodeId) {
        Optional<String> text = string(node, nodeId);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.get());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add(ProblemCode.MALFORMED_DATE_OR_URL, node, nodeId, "'" + text.get() + "' is not an http(s) URL");
        return Optional.empty();
    }

    /** Checks the {@code format} key, which every file kind has, against those this reader reads; returns it. */
    Optional<String> format(Fields f, String... expected) {
        return f.required("format").flatMap(n -> string(n, null)).filter(format -> {
            if (!List.of(expected).contains(format)) {
                problems.add(ProblemCode.UNSUPPORTED_FORMAT, f.optional("format").orElseThrow(), null,
                        "format '" + format + "' is not supported; this loader reads " + String.join(" or ",
                                List.of(expected).stream().map(e -> "'" + e + "'").toList()));
                return false;
            }
            return true;
        });
    }

    Optional<Version> version(Node node) {
        Optional<String> text = string(node, null);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Version> version = Version.parse(text.get());
        if (version.isEmpty()) {
            problems.add(ProblemCode.MALFORMED_VERSION, node, null,
                    "'" + text.get() + "' is not a semantic version MAJOR.MINOR.PATCH such as 1.0.0");
        }
        return version;
    }

    /** A disposition id of the scale. */
    Optional<Disposition> disposition(Node node, @Nullable String nodeId, DispositionScale scale) {
        Optional<String> id = string(node, nodeId);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Optional<Disposition> disposition = scale.find(id.get());
        if (disposition.isEmpty()) {
            problems.add(ProblemCode.UNKNOWN_DISPOSITION, node, nodeId, "unknown disposition '" + id.get() + "'"
                    + didYouMean(id.get(), scale.levels().stream().map(Disposition::id).toList()));
        }
        return disposition;
    }

    /** " (did you mean 'x'?)" for the closest candidate within two edits, or nothing. */
    static String didYouMean(String value, Iterable<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            int d = editDistance(value.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

}

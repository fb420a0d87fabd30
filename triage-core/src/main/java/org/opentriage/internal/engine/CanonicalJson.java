package org.opentriage.internal.engine;

import java.util.Arrays;
import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Canonical JSON as RFC 8785 (the JSON Canonicalization Scheme) writes the values audit records hold:
 * object keys sorted by their UTF-16 code units, no white space, whole numbers in decimal (within
 * ±2<sup>53</sup>, where every JSON reader agrees on them), strings escaped as ECMAScript's
 * {@code JSON.stringify} escapes them ({@code \"}, {@code \\}, {@code \b \t \n \f \r}, other control
 * characters and unpaired surrogates as {@code \}{@code u} and four lower-case hex digits; nothing else).
 * One value has one canonical text, so hashes over it are stable and any JCS implementation reproduces
 * them. Written directly, without a generator: audit records are written at every step of every call.
 */
public final class CanonicalJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long MAX_EXACT = 1L << 53;

    private CanonicalJson() {
    }

    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder(1024);  // an audit record's size: grown seldom
        write(node, out);
        return out.toString();
    }

    /**
     * The canonical text of a record as its hash covers it: the object without its {@code hash} and {@code hmac}
     * members and with {@code prev} (the hash of the record before it) in their place, written without copying it.
     */
    public static String writeChained(JsonNode record, String prev) {
        return Members.of(record).chained(prev);
    }

    /**
     * A JSON object's members, each value written once as canonical text, in canonical (sorted) order: the object's
     * own canonical text and the text its hash covers are put together from the same pieces.
     */
    public static final class Members {
        private final String[] keys;
        private final String[] values;

        private Members(String[] keys, String[] values) {
            this.keys = keys;
            this.values = values;
        }

        /** The members of an object. */
        public static Members of(JsonNode object) {
            String[] keys = new String[object.size()];
            int n = 0;
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                keys[n++] = it.next();
            }
            Arrays.sort(keys);
            String[] values = new String[n];
            for (int i = 0; i < n; i++) {
                StringBuilder value = new StringBuilder(keys[i].equals("events") ? 1024 : 64);
                write(object.get(keys[i]), value);
                values[i] = value.toString();
            }
            return new Members(keys, values);
        }

        /** {@return these members and a text member {@code key} (which must not be one of them), in canonical order} */
        public Members with(String key, String text) {
            int at = 0;
            while (at < keys.length && keys[at].compareTo(key) < 0) {
                at++;
            }
            String[] k = new String[keys.length + 1];
            String[] v = new String[keys.length + 1];
            System.arraycopy(keys, 0, k, 0, at);
            System.arraycopy(values, 0, v, 0, at);
            k[at] = key;
            v[at] = quote(text);
            System.arraycopy(keys, at, k, at + 1, keys.length - at);
            System.arraycopy(values, at, v, at + 1, keys.length - at);
            return new Members(k, v);
        }

        /** {@return the object's canonical text} */
        public String object() {
            return join(false, "");
        }

        /** {@return the canonical text of the object without {@code hash} and {@code hmac}, with {@code prev} added} */
        public String chained(String prev) {
            return join(true, prev);
        }

        private String join(boolean chained, String prev) {
            StringBuilder out = new StringBuilder(1024);
            out.append('{');
            boolean first = true;
            boolean prevWritten = !chained;
            for (int i = 0; i < keys.length; i++) {
                String key = keys[i];
                if (chained && (key.equals("hash") || key.equals("hmac") || key.equals("prev"))) {
                    continue;
                }
                if (!prevWritten && key.compareTo("prev") > 0) {
                    first = member(out, first, "prev", quote(prev));
                    prevWritten = true;
                }
                first = member(out, first, key, values[i]);
            }
            if (!prevWritten) {
                member(out, first, "prev", quote(prev));
            }
            return out.append('}').toString();
        }

        private static boolean member(StringBuilder out, boolean first, String key, String value) {
            if (!first) {
                out.append(',');
            }
            string(key, out);
            out.append(':').append(value);
            return false;
        }
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            object(node, out);
        } else if (node.isArray()) {
            out.append('[');
            boolean first = true;
            for (JsonNode item : node) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else if (node.isIntegralNumber() && node.canConvertToLong() && Math.abs(node.longValue()) <= MAX_EXACT) {
            out.append(node.longValue());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNull()) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("canonical JSON holds text, whole numbers within ±2^53, booleans and null only, not " + node);
        }
    }

    private static void object(JsonNode node, StringBuilder out) {
        String[] keys = new String[node.size()];
        int n = 0;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys[n++] = it.next();
        }
        Arrays.sort(keys);
        out.append('{');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            string(keys[i], out);
            out.append(':');
            write(node.get(keys[i]), out);
        }
        out.append('}');
    }

    /** {@return the canonical text of a string: quoted, escaped as JCS escapes it} */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        string(text, out);
        return out.toString();
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            out.append(text, start, i).append('\\');
            switch (c) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append('u').append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        if (start == 0) {
            out.append(text);  // nothing escaped: one bulk copy
        } else {
            out.append(text, start, text.length());
        }
        out.append('"');
    }
}

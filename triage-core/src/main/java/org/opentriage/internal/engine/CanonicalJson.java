package org.opentriage.internal.engine;

import java.util.Arrays;
import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Canonical JSON: object keys sorted, no white space, whole numbers in decimal, strings escaped as
 * Jackson escapes them by default ({@code \"}, {@code \\}, {@code \b \t \n \f \r}, other control
 * characters as {@code \}{@code u00XX} in upper case; nothing else). One value has one canonical text,
 * so hashes over it are stable. Written directly, without a generator: audit records are written at
 * every step of every call.
 */
public final class CanonicalJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String[] NO_KEYS = {};

    private CanonicalJson() {
    }

    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    /**
     * Writes an object that has none of the {@code keys} (given in sorted order); returns for each the
     * offset in {@code out} where {@code "key":value,} would go to keep the keys sorted, or -1 when it
     * would go after the last key.
     */
    static int[] writeObject(JsonNode object, StringBuilder out, String... keys) {
        for (String key : keys) {
            if (object.has(key)) {
                throw new IllegalArgumentException("the object already has '" + key + "'");
            }
        }
        int[] offsets = new int[keys.length];
        Arrays.fill(offsets, -1);
        object(object, out, keys, offsets);
        return offsets;
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            object(node, out, NO_KEYS, null);
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
        } else if (node.isIntegralNumber()) {
            out.append(node.longValue());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNull()) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("canonical JSON holds text, whole numbers, booleans and null only, not " + node);
        }
    }

    private static void object(JsonNode node, StringBuilder out, String[] insertKeys, int[] offsets) {
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
            for (int k = 0; k < insertKeys.length; k++) {
                if (offsets[k] < 0 && keys[i].compareTo(insertKeys[k]) > 0) {
                    offsets[k] = out.length();
                }
            }
            string(keys[i], out);
            out.append(':');
            write(node.get(keys[i]), out);
        }
        out.append('}');
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
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
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            start = i + 1;
        }
        out.append(text, start, text.length()).append('"');
    }
}

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
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
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
        out.append(text, start, text.length()).append('"');
    }
}

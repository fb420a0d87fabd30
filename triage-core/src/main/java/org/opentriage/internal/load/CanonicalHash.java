package org.opentriage.internal.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The content hash of a protocol: SHA-256 over a canonical JSON form of its tree — keys sorted by code
 * UTF-16 unit, no white space, numbers in their shortest plain form, strings as JSON strings. Comments,
 * formatting, key order and the choice of YAML or JSON do not change it.
 */
final class CanonicalHash {
    private static final JsonFactory JSON = new JsonFactory();

    private CanonicalHash() {
    }

    static String of(Node root) {
        return "sha256:" + HexFormat.of().formatHex(sha256(canonicalJson(root)));
    }

    static byte[] canonicalJson(Node root) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            write(root, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void write(Node node, JsonGenerator out) throws IOException {
        if (node instanceof Node.MapNode map) {
            out.writeStartObject();
            for (Node.Entry entry : map.entries().stream()
                    .sorted(Comparator.comparing(e -> e.key().value())).toList()) {
                out.writeFieldName(entry.key().value());
                write(entry.value(), out);
            }
            out.writeEndObject();
        } else if (node instanceof Node.ListNode list) {
            out.writeStartArray();
            for (Node item : list.items()) {
                write(item, out);
            }
            out.writeEndArray();
        } else {
            Node.Scalar scalar = (Node.Scalar) node;
            switch (scalar.type()) {
                case TEXT -> out.writeString(scalar.value());
                case NUMBER -> out.writeNumber(canonicalNumber(scalar.value()));
                case BOOLEAN -> out.writeBoolean(Boolean.parseBoolean(scalar.value()));
                case NULL -> out.writeNull();
            }
        }
    }

    private static String canonicalNumber(String number) {
        BigDecimal value = new BigDecimal(number);
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

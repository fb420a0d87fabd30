package org.opentriage.internal.engine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The hash chain of a call's audit trail: each record carries the hash of the one before it and its own
 * hash over its canonical JSON (without {@code hash} and {@code hmac}); with a key, an HMAC-SHA256 over
 * the same text, so a rewrite without the key is detected.
 */
public final class AuditChain {
    /** The {@code prev} of the first record of a call. */
    public static final String GENESIS = "sha256:" + "0".repeat(64);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    });

    private AuditChain() {
    }

    /**
     * Adds {@code hash} (and {@code hmac} with a key) to a record that has its {@code prev} and neither
     * of them; returns the record's canonical line. The body is written once: the hash fields are put
     * where their keys sort.
     */
    public static String seal(ObjectNode record, Optional<byte[]> hmacKey) {
        StringBuilder line = new StringBuilder(512);
        int[] at = CanonicalJson.writeObject(record, line, "hash", "hmac");
        String body = line.toString();
        String hash = hash(body);
        record.put("hash", hash);
        Optional<String> hmac = hmacKey.map(key -> hmac(body, key));
        hmac.ifPresent(h -> record.put("hmac", h));
        // Fields that go last first (they follow every offset), then the others from the back.
        boolean empty = line.length() == 2;
        if (at[0] < 0) {
            line.insert(line.length() - 1, (empty ? "" : ",") + field("hash", hash));
            empty = false;
        }
        if (hmac.isPresent() && at[1] < 0) {
            line.insert(line.length() - 1, (empty ? "" : ",") + field("hmac", hmac.get()));
        }
        if (hmac.isPresent() && at[1] >= 0) {
            line.insert(at[1], field("hmac", hmac.get()) + ",");
        }
        if (at[0] >= 0) {
            line.insert(at[0], field("hash", hash) + ",");
        }
        return line.toString();
    }

    private static String field(String key, String value) {
        return "\"" + key + "\":\"" + value + "\"";
    }

    /** The text the hash and HMAC cover: the record without them. */
    public static String body(ObjectNode record) {
        ObjectNode copy = record.deepCopy();
        copy.remove("hash");
        copy.remove("hmac");
        return CanonicalJson.write(copy);
    }

    public static String hash(String body) {
        MessageDigest sha256 = SHA256.get();
        return "sha256:" + HexFormat.of().formatHex(sha256.digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    public static String hmac(String body, byte[] key) {
        try {
            Mac mac = HMAC_SHA256.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }
}

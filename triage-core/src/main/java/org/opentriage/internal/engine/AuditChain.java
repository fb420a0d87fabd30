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

    private AuditChain() {
    }

    /** Adds {@code hash} (and {@code hmac} with a key) to a record that has its {@code prev}; returns the line. */
    public static String seal(ObjectNode record, Optional<byte[]> hmacKey) {
        String body = CanonicalJson.write(record);
        record.put("hash", hash(body));
        hmacKey.ifPresent(key -> record.put("hmac", hmac(body, key)));
        return CanonicalJson.write(record);
    }

    /** The text the hash and HMAC cover: the record without them. */
    public static String body(ObjectNode record) {
        ObjectNode copy = record.deepCopy();
        copy.remove("hash");
        copy.remove("hmac");
        return CanonicalJson.write(copy);
    }

    public static String hash(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public static String hmac(String body, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }
}

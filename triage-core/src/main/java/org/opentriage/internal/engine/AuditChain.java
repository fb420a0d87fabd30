package org.opentriage.internal.engine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The hash chain of an audit trail: each record carries its hash, SHA-256 in lower-case hex over its
 * canonical JSON without {@code hash} and {@code hmac} and with {@code prev}, the hash of the record before it
 * in the trail (not written in the line: the line before holds it); with a key, an HMAC-SHA256 over the same
 * text, so that a rewrite without the key is detected.
 */
public final class AuditChain {
    /** The {@code prev} of a trail's first record. */
    public static final String GENESIS = "0".repeat(64);
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
     * The text a record's hash and HMAC cover: its canonical JSON without {@code hash} and {@code hmac}, with
     * {@code prev}, the hash of the record before it, which the line itself does not repeat.
     */
    public static String body(ObjectNode record, String prev) {
        return CanonicalJson.writeChained(record, prev);
    }

    public static String hash(String body) {
        return hash(body.getBytes(StandardCharsets.UTF_8));
    }

    public static String hash(byte[] bytes) {
        return HexFormat.of().formatHex(SHA256.get().digest(bytes));
    }

    public static String hmac(String body, byte[] key) {
        try {
            Mac mac = HMAC_SHA256.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }
}

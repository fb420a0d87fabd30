package org.opentriage.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes: PBKDF2 with HMAC-SHA256 from the JDK, a random 16-byte salt per password and, by default,
 * 600,000 iterations (OWASP's figure for PBKDF2-HMAC-SHA256). A hash is stored as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64), so the count can be raised later without breaking the
 * passwords already stored. Stateless and thread-safe.
 */
final class Passwords {
    static final int DEFAULT_ITERATIONS = 600_000;
    /** The shortest password accepted for a new user. */
    static final int MIN_LENGTH = 12;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Checked against when the user does not exist, so that a wrong user id takes as long as a wrong password. */
    private static final String DECOY = hash("decoy password".toCharArray(), DEFAULT_ITERATIONS);

    private Passwords() {
    }

    static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(password, salt, iterations));
    }

    /** Whether the password matches the stored hash; compares in constant time. */
    static boolean matches(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(parts[3]);
        byte[] actual = derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time of a password check for a user that does not exist. */
    static void decoy(char[] password) {
        matches(password, DECOY);
    }

    /**
     * Why a new password is refused, or empty when it is accepted: too short, or all one character. Length is
     * what matters (NIST SP 800-63B); no composition rules.
     */
    static java.util.Optional<String> weakness(char[] password) {
        if (password.length < MIN_LENGTH) {
            return java.util.Optional.of("a password needs at least " + MIN_LENGTH + " characters, this one has " + password.length);
        }
        char first = password[0];
        for (char c : password) {
            if (c != first) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of("a password of one character repeated is refused");
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A random token of 32 bytes, base64url: session ids and CSRF tokens. */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of a token, hex: the store keeps this, never the session token itself. */
    static String digest(String token) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static void clear(char[] password) {
        Arrays.fill(password, '\0');
    }
}

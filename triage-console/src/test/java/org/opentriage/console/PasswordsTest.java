package org.opentriage.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Password hashes: PBKDF2-HMAC-SHA256, salted, slow by default; the strength rules for a new password. */
class PasswordsTest {
    @Test
    void hash_ofTheDefaultStrength_namesItsSchemeAndIterations_andMatchesOnlyItsPassword() {
        String hash = Passwords.hash("correct horse battery".toCharArray(), Passwords.DEFAULT_ITERATIONS);
        assertThat(hash).startsWith("pbkdf2-sha256$600000$");
        assertThat(Passwords.matches("correct horse battery".toCharArray(), hash)).isTrue();
        assertThat(Passwords.matches("correct horse batterY".toCharArray(), hash)).isFalse();
    }

    @Test
    void hash_isSaltedAnew_soOnePasswordHashesTwoWays() {
        assertThat(Passwords.hash("correct horse battery".toCharArray(), 1_000))
                .isNotEqualTo(Passwords.hash("correct horse battery".toCharArray(), 1_000));
    }

    @Test
    void matches_aHashOfAnotherScheme_isFalse() {
        assertThat(Passwords.matches("x".toCharArray(), "md5$1$abc$def")).isFalse();
        assertThat(Passwords.matches("x".toCharArray(), "not a hash")).isFalse();
    }

    @Test
    void weakness_refusesShortAndRepeatedPasswords_only() {
        assertThat(Passwords.weakness("short".toCharArray())).hasValueSatisfying(w -> assertThat(w).contains("at least 12"));
        assertThat(Passwords.weakness("aaaaaaaaaaaaaaaa".toCharArray())).isPresent();
        assertThat(Passwords.weakness("correct horse battery".toCharArray())).isEmpty();
    }

    @Test
    void token_isRandomAndItsDigestIsHex() {
        String token = Passwords.token();
        assertThat(token).hasSize(43).isNotEqualTo(Passwords.token());
        assertThat(Passwords.digest(token)).matches("[0-9a-f]{64}");
    }
}

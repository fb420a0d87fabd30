package org.opentriage.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A console behind a TLS-terminating proxy ({@code triage console --trusted-proxy ADDRESS}): the proxy's
 * X-Forwarded-Proto marks the session cookie {@code Secure}, and login failures count against the client address the
 * proxy forwards, not the proxy's; the same headers from any other address are ignored.
 */
class ConsoleProxyTest {
    @TempDir
    Path data;

    private static ApiClient.Response login(ApiClient client, String user, String password, Map<String, String> headers) {
        return client.post("/api/login", ApiClient.json().put("user", user).put("password", password), headers);
    }

    @Test
    void behindATrustedProxy_theCookieIsSecureOverTls_andFailuresCountPerForwardedClient() {
        try (ConsoleFixture fixture = ConsoleFixture.behindProxy(data, "127.0.0.1").withUsers()) {
            ApiClient client = fixture.client();
            ApiClient.Response tls = login(client, "rn-1", ConsoleFixture.PASSWORD,
                    Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9"));
            assertThat(tls.status()).isEqualTo(200);
            assertThat(tls.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("; Secure"));
            ApiClient.Response plain = login(fixture.client(), "rn-1", ConsoleFixture.PASSWORD, Map.of("X-Forwarded-For", "203.0.113.9"));
            assertThat(plain.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).doesNotContain("Secure"));

            Map<String, String> guesser = Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "198.51.100.7, 203.0.113.66");
            for (int i = 0; i < Auth.ADDRESS_LIMIT; i++) {
                assertThat(login(fixture.client(), "nobody-" + i, "not the password", guesser).status()).isEqualTo(401);
            }
            assertThat(login(fixture.client(), "rn-2", ConsoleFixture.PASSWORD, guesser).status())
                    .as("the guessing client is held back").isEqualTo(429);
            assertThat(login(fixture.client(), "rn-2", ConsoleFixture.PASSWORD,
                    Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "198.51.100.7, 203.0.113.67")).status())
                    .as("another client behind the same proxy is not: the right-most forwarded address counts").isEqualTo(200);
        }
    }

    @Test
    void withoutATrustedProxy_forwardedHeadersAreIgnored() {
        try (ConsoleFixture fixture = ConsoleFixture.h2(data).withUsers()) {
            ApiClient.Response r = login(fixture.client(), "rn-1", ConsoleFixture.PASSWORD,
                    Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.9"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).doesNotContain("Secure"));
        }
    }
}

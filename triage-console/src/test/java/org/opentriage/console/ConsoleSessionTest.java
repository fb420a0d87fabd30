package org.opentriage.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions end after 30 minutes unused, or 12 hours in all, and a lock after failed logins ends with its time. */
class ConsoleSessionTest {
    @TempDir
    Path data;

    /** A clock the test moves on. */
    static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void session_usedEvery20Minutes_staysOpen_butEndsAfter30MinutesUnused_andAfter12Hours() {
        MovingClock clock = new MovingClock(Instant.parse("2026-12-06T08:00:00Z"));
        try (ConsoleFixture console = ConsoleFixture.h2(data, clock).withUsers()) {
            ApiClient rn = console.login("rn-1");
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofMinutes(20));
                assertThat(rn.get("/api/session").status()).isEqualTo(200);
            }
            clock.advance(Duration.ofMinutes(31));
            ApiClient.Response idle = rn.get("/api/session");
            assertThat(idle.status()).isEqualTo(401);
            assertThat(idle.code()).isEqualTo("CONSOLE-0002");

            ApiClient shift = console.login("rn-2");
            for (int minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
                clock.advance(Duration.ofMinutes(20));
                assertThat(shift.get("/api/session").status()).isEqualTo(200);
            }
            clock.advance(Duration.ofMinutes(25));
            assertThat(shift.get("/api/session").status()).isEqualTo(401);
        }
    }

    @Test
    void lockedAccount_opensAgainAfter15Minutes() {
        MovingClock clock = new MovingClock(Instant.parse("2026-12-06T08:00:00Z"));
        try (ConsoleFixture console = ConsoleFixture.h2(data, clock).withUsers()) {
            ApiClient client = console.client();
            for (int i = 0; i < Auth.LOCK_AFTER; i++) {
                client.post("/api/login", ApiClient.json().put("user", "rn-1").put("password", "not the password " + i));
            }
            assertThat(client.post("/api/login", ApiClient.json().put("user", "rn-1").put("password", ConsoleFixture.PASSWORD)).status())
                    .isEqualTo(429);
            clock.advance(Auth.LOCK_FOR.plusSeconds(1));
            assertThat(client.post("/api/login", ApiClient.json().put("user", "rn-1").put("password", ConsoleFixture.PASSWORD)).status())
                    .isEqualTo(200);
        }
    }
}

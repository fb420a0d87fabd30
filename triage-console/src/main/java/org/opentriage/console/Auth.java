package org.opentriage.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logins, sessions and a provider's approval. Passwords are checked against their PBKDF2 hashes; a session is a
 * random token in an HttpOnly, SameSite=Strict cookie, of which the store keeps only the SHA-256, with a CSRF token
 * that every write must echo; a session ends after 12 hours, or after 30 minutes unused. Failed logins are limited
 * per account (five in a row lock it for 15 minutes, on every node, as the count is in the store) and per client
 * address (twenty in 15 minutes, per node). Thread-safe.
 */
final class Auth {
    static final int LOCK_AFTER = 5;
    static final Duration LOCK_FOR = Duration.ofMinutes(15);
    static final int ADDRESS_LIMIT = 20;
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    /** A session unused this long ends: a console left open on an empty desk asks for the password again. */
    static final Duration SESSION_IDLE = Duration.ofMinutes(30);

    private final ConsoleStore store;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failuresByAddress = new ConcurrentHashMap<>();

    Auth(ConsoleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new session: the token for the cookie, and the session it opens. */
    record Login(String token, ConsoleStore.Session session) {
    }

    /**
     * Logs a user in.
     *
     * @throws Problem {@code LOGIN_REFUSED} for a wrong id or password (the same for both), {@code TOO_MANY_FAILED_LOGINS}
     *                 while the account or the address is locked out
     */
    Login login(String userId, char[] password, String address) {
        try {
            ConsoleStore.User user = check(userId, password, address);
            String token = Passwords.token();
            String csrf = Passwords.token();
            Instant now = clock.instant();
            store.transaction(c -> {
                ConsoleStore.removeExpiredSessions(c, now, now.minus(SESSION_IDLE));
                ConsoleStore.addSession(c, Passwords.digest(token), user.id(), csrf, now, now.plus(SESSION_LIFETIME));
                return null;
            });
            return new Login(token, new ConsoleStore.Session(user.id(), user.roles(), csrf));
        } finally {
            Passwords.clear(password);
        }
    }

    /**
     * A provider's approval of a downgrade, given at the RN's side with the provider's own password: checked and
     * rate-limited as a login is.
     *
     * @return the provider's user id, for the audit trail
     * @throws Problem {@code APPROVAL_REQUIRED} when the approver is the logged-in user or not a provider
     */
    String approval(String approverId, char[] password, ConsoleStore.Session of, String address) {
        try {
            if (approverId.equals(of.userId())) {
                throw new Problem(Problem.Type.APPROVAL_REQUIRED, "a downgrade needs a second user with the provider role; "
                        + "the logged-in user cannot approve her own downgrade");
            }
            ConsoleStore.User approver = check(approverId, password, address);
            if (!approver.roles().contains(Role.PROVIDER)) {
                throw new Problem(Problem.Type.APPROVAL_REQUIRED, "user " + approver.id() + " does not have the provider role");
            }
            return approver.id();
        } finally {
            Passwords.clear(password);
        }
    }

    private ConsoleStore.User check(String userId, char[] password, String address) {
        Instant now = clock.instant();
        if (recentFailures(address, now) >= ADDRESS_LIMIT) {
            throw tooMany(LOCK_FOR);
        }
        Optional<ConsoleStore.User> found = store.transaction(c -> ConsoleStore.user(c, userId));
        if (found.isEmpty()) {
            Passwords.decoy(password);
            failed(address, now);
            throw new Problem(Problem.Type.LOGIN_REFUSED, "wrong user id or password");
        }
        ConsoleStore.User user = found.get();
        if (user.disabled()) {
            // Refused as a wrong password is, so that the answer does not tell who has an account.
            Passwords.decoy(password);
            failed(address, now);
            throw new Problem(Problem.Type.LOGIN_REFUSED, "wrong user id or password");
        }
        if (user.lockedUntil().filter(now::isBefore).isPresent()) {
            throw tooMany(Duration.between(now, user.lockedUntil().get()));
        }
        if (!Passwords.matches(password, user.passwordHash())) {
            failed(address, now);
            int failures = store.transaction(c -> ConsoleStore.loginFailed(c, user.id(), LOCK_AFTER, now.plus(LOCK_FOR)));
            if (failures >= LOCK_AFTER) {
                throw tooMany(LOCK_FOR);
            }
            throw new Problem(Problem.Type.LOGIN_REFUSED, "wrong user id or password");
        }
        if (user.failedLogins() > 0 || user.lockedUntil().isPresent()) {
            store.transaction(c -> {
                ConsoleStore.loginSucceeded(c, user.id());
                return null;
            });
        }
        return user;
    }

    private static Problem tooMany(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        return new Problem(Problem.Type.TOO_MANY_FAILED_LOGINS, "too many failed logins; try again in " + ((seconds + 59) / 60)
                + " min", Map.of("retryAfter", seconds));
    }

    private int recentFailures(String address, Instant now) {
        Deque<Instant> failures = failuresByAddress.get(address);
        if (failures == null) {
            return 0;
        }
        synchronized (failures) {
            while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(LOCK_FOR))) {
                failures.pollFirst();
            }
            return failures.size();
        }
    }

    private void failed(String address, Instant now) {
        Deque<Instant> failures = failuresByAddress.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (failures) {
            failures.addLast(now);
        }
    }

    /** The session of a cookie's token, while it has neither expired nor been left idle. */
    Optional<ConsoleStore.Session> session(String token) {
        Instant now = clock.instant();
        return store.transaction(c -> ConsoleStore.session(c, Passwords.digest(token), now, now.minus(SESSION_IDLE)));
    }

    void logout(String token) {
        store.transaction(c -> {
            ConsoleStore.removeSession(c, Passwords.digest(token));
            return null;
        });
    }
}

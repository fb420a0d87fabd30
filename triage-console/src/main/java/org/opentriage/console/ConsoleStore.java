package org.opentriage.console;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.flywaydb.core.Flyway;

/**
 * The console's database: users, sessions, calls and their audit trails, on H2 (a file, the default) or
 * PostgreSQL, its schema managed by Flyway migrations ({@code db/migration}). Several console nodes may share one
 * PostgreSQL store: a call's row carries a version, and each write of a call is one transaction that moves the
 * version on only from the version read, so a stale write changes nothing. Thread-safe; open once per process
 * and close it at the end.
 *
 * @since 0.1.0
 */
public final class ConsoleStore implements AutoCloseable {
    /** User ids go into audit trails, so they are pseudonymous ids as the engine's default pattern admits. */
    static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final System.Logger LOG = System.getLogger(ConsoleStore.class.getName());

    private final HikariDataSource dataSource;
    private final String description;
    private final int passwordIterations;

    private ConsoleStore(HikariDataSource dataSource, String description, int passwordIterations) {
        this.dataSource = dataSource;
        this.description = description;
        this.passwordIterations = passwordIterations;
    }

    /**
     * {@return the JDBC URL of the embedded H2 store in a data directory: {@code DIR/console} (the file {@code console.mv.db})}
     *
     * @param dataDirectory the console's data directory
     */
    public static String h2Url(Path dataDirectory) {
        return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("console") + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /**
     * Opens the store at a JDBC URL ({@code jdbc:h2:…} or {@code jdbc:postgresql://…}, user and password in the URL
     * or the driver's usual properties) and brings its schema up to date.
     *
     * @param jdbcUrl the database's JDBC URL
     * @return the open store; the caller closes it
     * @throws IllegalArgumentException for a URL that is neither H2 nor PostgreSQL
     * @throws IllegalStateException    when the database cannot be reached or migrated
     */
    public static ConsoleStore open(String jdbcUrl) {
        return open(jdbcUrl, Optional.empty());
    }

    /**
     * Opens the store at a JDBC URL with the database password given apart from the URL (so that it is not on a
     * command line, where other users of the machine can read it).
     *
     * @param jdbcUrl  the database's JDBC URL
     * @param password the database password, when the URL and the driver's properties hold none
     * @return the open store; the caller closes it
     * @throws IllegalArgumentException for a URL that is neither H2 nor PostgreSQL
     * @throws IllegalStateException    when the database cannot be reached or migrated
     */
    public static ConsoleStore open(String jdbcUrl, Optional<String> password) {
        return open(jdbcUrl, password, 16, Passwords.DEFAULT_ITERATIONS);
    }

    static ConsoleStore open(String jdbcUrl, int poolSize, int passwordIterations) {
        return open(jdbcUrl, Optional.empty(), poolSize, passwordIterations);
    }

    private static ConsoleStore open(String jdbcUrl, Optional<String> password, int poolSize, int passwordIterations) {
        requireNonNull(jdbcUrl, "jdbcUrl");
        requireNonNull(password, "password");
        String kind;
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            kind = "H2";
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            kind = "PostgreSQL";
        } else {
            throw new IllegalArgumentException("store '" + redacted(jdbcUrl) + "' is neither jdbc:h2:… nor jdbc:postgresql://…");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        password.ifPresent(config::setPassword);
        config.setMaximumPoolSize(poolSize);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setPoolName("triage-console");
        config.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the store " + redacted(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:org/opentriage/console/db/migration")
                    .load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("cannot migrate the store " + redacted(jdbcUrl) + ": " + rootMessage(e), e);
        }
        return new ConsoleStore(dataSource, kind, passwordIterations);
    }

    /** The URL without its password, for messages. */
    static String redacted(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** {@return the kind of database: {@code H2} or {@code PostgreSQL}} */
    public String kind() {
        return description;
    }

    // ---- users

    /**
     * Adds a user with a password (at least 12 characters; the array is cleared).
     *
     * @param id       the user's pseudonymous id, which signs her calls in the audit trails
     * @param roles    what the user may do
     * @param password the user's password; cleared when the call returns
     * @throws IllegalArgumentException for an id that is not pseudonymous (1 to 64 letters, digits, {@code . _ : -}),
     *                                  no role, a weak password, or an id already taken
     */
    public void addUser(String id, Set<Role> roles, char[] password) {
        requireNonNull(id, "id");
        requireNonNull(roles, "roles");
        requireNonNull(password, "password");
        try {
            if (!USER_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("user id must be 1 to 64 letters, digits, '.', '_', ':' or '-' (it goes into "
                        + "audit trails): not '" + id + "'");
            }
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("user " + id + " needs at least one role: rn, provider, lead or auditor");
            }
            Optional<String> weakness = Passwords.weakness(password);
            if (weakness.isPresent()) {
                throw new IllegalArgumentException(weakness.get());
            }
            String hash = Passwords.hash(password, passwordIterations);
            transaction(c -> {
                if (user(c, id).isPresent()) {
                    throw new IllegalArgumentException("user " + id + " already exists");
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO users (id, password_hash, roles, created_at) VALUES (?, ?, ?, ?)")) {
                    s.setString(1, id);
                    s.setString(2, hash);
                    s.setString(3, roles.stream().sorted().map(Role::word).collect(Collectors.joining(",")));
                    s.setTimestamp(4, Timestamp.from(Instant.now()));
                    s.executeUpdate();
                }
                return null;
            });
        } finally {
            Passwords.clear(password);
        }
    }

    /** {@return how many users the store has: none on a new store, until the first is added from the command line} */
    public int userCount() {
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM users"); ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    record User(String id, Set<Role> roles, String passwordHash, int failedLogins, Optional<Instant> lockedUntil,
                Optional<Instant> disabledAt) {
        boolean disabled() {
            return disabledAt.isPresent();
        }
    }

    /**
     * A user as {@link #users()} lists her (no password hash).
     *
     * @param id          her id
     * @param roles       what she may do
     * @param lockedUntil when a lock after failed logins ends, if she is locked
     * @param disabledAt  when she was disabled, if she is
     */
    public record UserEntry(String id, Set<Role> roles, Optional<Instant> lockedUntil, Optional<Instant> disabledAt) {
    }

    /** {@return every user, by id} */
    public List<UserEntry> users() {
        return transaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM users ORDER BY id"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            List<UserEntry> users = new ArrayList<>();
            for (String id : ids) {
                User u = user(c, id).orElseThrow();
                users.add(new UserEntry(u.id(), u.roles(), u.lockedUntil(), u.disabledAt()));
            }
            return users;
        });
    }

    /**
     * Sets a user's password (at least 12 characters; the array is cleared), ends her sessions and clears a lock after
     * failed logins.
     *
     * @param id       the user
     * @param password the new password; cleared when the call returns
     * @throws IllegalArgumentException for an unknown user or a weak password
     */
    public void setPassword(String id, char[] password) {
        requireNonNull(id, "id");
        requireNonNull(password, "password");
        try {
            Optional<String> weakness = Passwords.weakness(password);
            if (weakness.isPresent()) {
                throw new IllegalArgumentException(weakness.get());
            }
            String hash = Passwords.hash(password, passwordIterations);
            updateUser(id, "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?", Optional.of(hash));
        } finally {
            Passwords.clear(password);
        }
    }

    /**
     * Disables a user (or enables her again): a disabled user cannot log in and her sessions end at once; she stays in
     * the store, so the audit trails she signed still name a known user.
     *
     * @param id       the user
     * @param disabled whether she is disabled
     * @throws IllegalArgumentException for an unknown user
     */
    public void setDisabled(String id, boolean disabled) {
        requireNonNull(id, "id");
        if (disabled) {
            updateUser(id, "UPDATE users SET disabled_at = ? WHERE id = ?", Optional.of(Timestamp.from(Instant.now())));
        } else {
            updateUser(id, "UPDATE users SET disabled_at = NULL, failed_logins = 0, locked_until = NULL WHERE id = ?", Optional.empty());
        }
    }

    /** Updates one user with {@code sql} (its last parameter the id, its first {@code value} when given) and ends her sessions. */
    private void updateUser(String id, String sql, Optional<Object> value) {
        transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                if (value.isPresent()) {
                    s.setObject(i++, value.get());
                }
                s.setString(i, id);
                if (s.executeUpdate() == 0) {
                    throw new IllegalArgumentException("no user " + id);
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE user_id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    static Optional<User> user(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, roles, password_hash, failed_logins, locked_until, disabled_at FROM users WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                Set<Role> roles = EnumSet.noneOf(Role.class);
                for (String word : r.getString(2).split(",")) {
                    Role.byWord(word.strip().toLowerCase(Locale.ROOT)).ifPresent(roles::add);
                }
                return Optional.of(new User(r.getString(1), roles, r.getString(3), r.getInt(4),
                        Optional.ofNullable(r.getTimestamp(5)).map(Timestamp::toInstant),
                        Optional.ofNullable(r.getTimestamp(6)).map(Timestamp::toInstant)));
            }
        }
    }

    /**
     * Counts a failed login of an existing user, atomically across nodes; from the {@code lockAfter}-th failure in a
     * row the account is locked until {@code lockedUntil}.
     *
     * @return how many logins have failed in a row
     */
    static int loginFailed(Connection c, String id, int lockAfter, Instant lockedUntil) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
        }
        int failures = user(c, id).map(User::failedLogins).orElse(0);
        if (failures >= lockAfter) {
            try (PreparedStatement s = c.prepareStatement("UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?")) {
                s.setTimestamp(1, Timestamp.from(lockedUntil));
                s.setString(2, id);
                s.executeUpdate();
            }
        }
        return failures;
    }

    static void loginSucceeded(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?")) {
            s.setString(1, id);
            s.executeUpdate();
        }
    }

    // ---- sessions

    record Session(String userId, Set<Role> roles, String csrfToken) {
    }

    static void addSession(Connection c, String tokenHash, String userId, String csrf, Instant now, Instant expires) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at, last_seen) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, tokenHash);
            s.setString(2, userId);
            s.setString(3, csrf);
            s.setTimestamp(4, Timestamp.from(expires));
            s.setTimestamp(5, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    /**
     * The session of a token that has neither expired nor been idle since {@code idleSince}; its last use moves to
     * {@code now} (written at most once a minute, so that reads stay reads).
     */
    static Optional<Session> session(Connection c, String tokenHash, Instant now, Instant idleSince) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT user_id, csrf_token, last_seen FROM sessions WHERE token_hash = ? AND expires_at > ? AND last_seen > ?")) {
            s.setString(1, tokenHash);
            s.setTimestamp(2, Timestamp.from(now));
            s.setTimestamp(3, Timestamp.from(idleSince));
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                String userId = r.getString(1);
                String csrf = r.getString(2);
                if (r.getTimestamp(3).toInstant().isBefore(now.minusSeconds(60))) {
                    try (PreparedStatement touch = c.prepareStatement("UPDATE sessions SET last_seen = ? WHERE token_hash = ?")) {
                        touch.setTimestamp(1, Timestamp.from(now));
                        touch.setString(2, tokenHash);
                        touch.executeUpdate();
                    }
                }
                return user(c, userId).filter(u -> !u.disabled()).map(u -> new Session(userId, u.roles(), csrf));
            }
        }
    }

    static void removeSession(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
            s.setString(1, tokenHash);
            s.executeUpdate();
        }
    }

    static void removeExpiredSessions(Connection c, Instant now, Instant idleSince) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM sessions WHERE expires_at <= ? OR last_seen <= ?")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setTimestamp(2, Timestamp.from(idleSince));
            s.executeUpdate();
        }
    }

    // ---- settings

    static Optional<String> setting(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT setting_value FROM console_settings WHERE setting_name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    /** Stores a setting unless it is there; returns the one stored (the first node's, when nodes start together). */
    static String settingOnce(Connection c, String name, String value) throws SQLException {
        Optional<String> existing = setting(c, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO console_settings (setting_name, setting_value) VALUES (?, ?)")) {
            s.setString(1, name);
            s.setString(2, value);
            s.executeUpdate();
        }
        return value;
    }

    // ---- calls

    /**
     * A call as stored.
     *
     * @param version   moves on by one with every write of the call
     * @param trailHead the hash of the last record of the call's trail
     * @param records   how many records the call's trail has, its header included
     */
    record StoredCall(String id, String nurse, long version, String state, String snapshot, String view, String trailHead,
                      int records) {
    }

    static Optional<StoredCall> call(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, nurse, version, state, snapshot, view_json, trail_head, records FROM calls WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredCall(r.getString(1), r.getString(2), r.getLong(3), r.getString(4), r.getString(5),
                        r.getString(6), r.getString(7), r.getInt(8)));
            }
        }
    }

    /** Inserts a new call at version 1 with the first records of its trail. */
    static void insertCall(Connection c, String id, String nurse, String state, String snapshot, String view, List<String> lines,
                           String trailHead, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO calls (id, nurse, version, state, snapshot, view_json, trail_head, "
                + "records, started_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, nurse);
            s.setString(3, state);
            s.setString(4, snapshot);
            s.setString(5, view);
            s.setString(6, trailHead);
            s.setInt(7, lines.size());
            s.setTimestamp(8, Timestamp.from(now));
            s.setTimestamp(9, Timestamp.from(now));
            s.executeUpdate();
        }
        insertRecords(c, id, 0, lines);
    }

    /**
     * Moves a call from {@code version} to the next with its new state and the records that step wrote. Changes
     * nothing and returns false when the call is no longer at {@code version} (another write came first).
     */
    static boolean updateCall(Connection c, StoredCall from, String state, String snapshot, String view, List<String> lines,
                              String trailHead, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE calls SET version = version + 1, state = ?, snapshot = ?, view_json = ?, "
                + "trail_head = ?, records = records + ?, updated_at = ? WHERE id = ? AND version = ?")) {
            s.setString(1, state);
            s.setString(2, snapshot);
            s.setString(3, view);
            s.setString(4, trailHead);
            s.setInt(5, lines.size());
            s.setTimestamp(6, Timestamp.from(now));
            s.setString(7, from.id());
            s.setLong(8, from.version());
            if (s.executeUpdate() == 0) {
                return false;
            }
        }
        insertRecords(c, from.id(), from.records(), lines);
        return true;
    }

    private static void insertRecords(Connection c, String callId, int firstPosition, List<String> lines) throws SQLException {
        if (lines.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_records (call_id, record_index, record_line) VALUES (?, ?, ?)")) {
            for (int i = 0; i < lines.size(); i++) {
                s.setString(1, callId);
                s.setInt(2, firstPosition + i);
                s.setString(3, lines.get(i));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** A call's trail: its lines in order, the header first. */
    static List<String> trail(Connection c, String callId) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT record_line FROM audit_records WHERE call_id = ? ORDER BY record_index")) {
            s.setString(1, callId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    lines.add(r.getString(1));
                }
            }
        }
        return lines;
    }

    /** The calls of one nurse, most recently changed first, at most {@code limit}. */
    static List<StoredCall> recentCalls(Connection c, Optional<String> nurse, int limit) throws SQLException {
        String sql = "SELECT id, nurse, version, state, '', view_json, trail_head, records FROM calls"
                + (nurse.isPresent() ? " WHERE nurse = ?" : "") + " ORDER BY updated_at DESC, id LIMIT " + limit;
        List<StoredCall> calls = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (nurse.isPresent()) {
                s.setString(1, nurse.get());
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    calls.add(new StoredCall(r.getString(1), r.getString(2), r.getLong(3), r.getString(4), "", r.getString(6),
                            r.getString(7), r.getInt(8)));
                }
            }
        }
        return calls;
    }

    /** Whether the database answers. */
    boolean healthy() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT 1"); ResultSet r = s.executeQuery()) {
            c.rollback();
            return r.next();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "store health check failed: {0}", e.getSQLState());
            return false;
        }
    }

    // ---- transactions

    /** Work in one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs work in a transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** A database failure, carrying its SQL state; its message never holds the values of a statement. */
    static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreException(SQLException cause) {
            super("store failure (SQL state " + cause.getSQLState() + ")", cause);
        }

        /** A unique key refused a second row: another writer got there first. */
        boolean isConflict() {
            SQLException e = (SQLException) getCause();
            for (SQLException x = e; x != null; x = x.getNextException()) {
                if ("23505".equals(x.getSQLState()) || "23001".equals(x.getSQLState())) {
                    return true;
                }
            }
            return false;
        }
    }
}

package org.opentriage.console;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import io.javalin.Javalin;

import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.triage.TriageEngine;

/**
 * The nurse console: a REST API and a web page over a {@link TriageEngine}, with calls and their audit trails in a
 * {@link ConsoleStore}. Nodes are stateless: several consoles on one PostgreSQL store, given the same HMAC key,
 * serve the same calls, each request on any node.
 *
 * <pre>{@code
 * Console console = Console.builder().dataDirectory(Path.of("console-data")).port(7070).start();
 * System.out.println(console.url());   // http://127.0.0.1:7070/
 * // ... until the host stops:
 * console.close();
 * }</pre>
 *
 * <p>Build with {@link #builder()}; {@link Builder#start()} opens the store (unless one is given), migrates it,
 * and starts the server. {@link #close()} stops the server and closes a store it opened. Thread-safe.
 *
 * @since 0.1.0
 */
public final class Console implements AutoCloseable {
    /** The name of the HMAC key file in the data directory, made on first start when no key file is given. */
    public static final String KEY_FILE = "audit-hmac.key";
    private static final String KEY_CHECK_SETTING = "audit-key-check";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Javalin server;
    private final ConsoleStore store;
    private final boolean ownsStore;
    private final String host;

    private Console(Javalin server, ConsoleStore store, boolean ownsStore, String host) {
        this.server = server;
        this.store = store;
        this.ownsStore = ownsStore;
        this.host = host;
    }

    /** {@return a builder of a console, with the defaults each setting names} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The settings of a console; each is checked as it is set.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private Optional<ProtocolLibrary> library = Optional.empty();
        private ProtocolLibrary.Resolution resolution = ProtocolLibrary.Resolution.ANY_STATUS;
        private Optional<Path> dataDirectory = Optional.empty();
        private Optional<String> storeUrl = Optional.empty();
        private Optional<String> storePassword = Optional.empty();
        private Optional<ConsoleStore> store = Optional.empty();
        private Optional<Path> hmacKeyFile = Optional.empty();
        private String host = "127.0.0.1";
        private int port = 7070;
        private Clock clock = Clock.systemUTC();
        private String node = "node";
        private Set<String> trustedProxies = Set.of();

        private Builder() {
        }

        /**
         * The protocols (default: the bundled library).
         *
         * @param value the protocols
         * @return this builder
         */
        public Builder library(ProtocolLibrary value) {
            this.library = Optional.of(requireNonNull(value, "library"));
            return this;
        }

        /**
         * Which protocol versions calls may use (default: any status, as the bundled protocols are drafts).
         *
         * @param value which protocol versions calls may use
         * @return this builder
         */
        public Builder resolution(ProtocolLibrary.Resolution value) {
            this.resolution = requireNonNull(value, "resolution");
            return this;
        }

        /**
         * Where the embedded store and the HMAC key file live (needed unless both a store and a key file are given).
         *
         * @param value where the embedded store and the HMAC key file live
         * @return this builder
         */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = Optional.of(requireNonNull(value, "dataDirectory"));
            return this;
        }

        /**
         * The store's JDBC URL (default: H2 in the data directory); {@code jdbc:postgresql://…} for several nodes.
         *
         * @param value the store's JDBC URL; {@code jdbc:postgresql://…} for several nodes
         * @return this builder
         */
        public Builder storeUrl(String value) {
            requireNonNull(value, "storeUrl");
            if (!value.startsWith("jdbc:h2:") && !value.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("storeUrl '" + ConsoleStore.redacted(value) + "' is neither jdbc:h2:… nor jdbc:postgresql://…");
            }
            this.storeUrl = Optional.of(value);
            return this;
        }

        /**
         * The store's database password, given apart from its URL.
         *
         * @param value the store's database password, given apart from its URL
         * @return this builder
         */
        public Builder storePassword(String value) {
            this.storePassword = Optional.of(requireNonNull(value, "storePassword"));
            return this;
        }

        /**
         * An open store to use (the caller closes it) in place of a store URL.
         *
         * @param value an open store to use in place of a store URL
         * @return this builder
         */
        public Builder store(ConsoleStore value) {
            this.store = Optional.of(requireNonNull(value, "store"));
            return this;
        }

        /**
         * The file holding the audit trails' HMAC key (at least 16 bytes, readable by its owner only); every node on
         * one store needs the same key. Default: {@value #KEY_FILE} in the data directory, made on first start.
         * @param value the file holding the audit trails' HMAC key; every node on one store needs the same key
         * @return this builder
         */
        public Builder hmacKeyFile(Path value) {
            this.hmacKeyFile = Optional.of(requireNonNull(value, "hmacKeyFile"));
            return this;
        }

        /**
         * The address to listen on (default 127.0.0.1: this machine only).
         *
         * @param value the address to listen on
         * @return this builder
         */
        public Builder host(String value) {
            this.host = requireNonNull(value, "host");
            return this;
        }

        /**
         * The port to listen on (default 7070; 0 for any free port).
         *
         * @param value the port to listen on
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535, not " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * The clock of sessions and audit records (default: UTC system clock).
         *
         * @param value the clock of sessions and audit records
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = requireNonNull(value, "clock");
            return this;
        }

        /**
         * This node's name, shown by {@code GET /health} (default {@code node}).
         *
         * @param value this node's name, shown by {@code GET /health}
         * @return this builder
         */
        public Builder node(String value) {
            this.node = requireNonNull(value, "node");
            return this;
        }

        /**
         * The addresses of the TLS-terminating proxies in front of this node (default none). A request from one of
         * them is taken as the proxy says: the session cookie is marked {@code Secure} when {@code X-Forwarded-Proto}
         * is {@code https}, and login failures are counted against the client address in {@code X-Forwarded-For},
         * not against the proxy's. Headers from any other address are ignored, so a client cannot claim another's.
         *
         * @param value the proxies' addresses, as the console sees them (such as {@code 127.0.0.1} or {@code 10.0.0.5})
         * @return this builder
         * @since 0.2.0
         */
        public Builder trustedProxies(Set<String> value) {
            this.trustedProxies = Set.copyOf(requireNonNull(value, "trustedProxies"));
            return this;
        }

        /**
         * Opens the store, checks that it was written under this key, and starts serving.
         *
         * @return the running console
         * @throws IllegalStateException when the store cannot be opened, holds trails signed with another key, or the
         *                               port is taken
         */
        public Console start() {
            if ((store.isEmpty() && storeUrl.isEmpty() || hmacKeyFile.isEmpty()) && dataDirectory.isEmpty()) {
                throw new IllegalStateException("give a data directory, or both a store and an HMAC key file");
            }
            dataDirectory.ifPresent(Console::createDataDirectory);
            byte[] key = readOrCreateKey(hmacKeyFile.orElseGet(() -> dataDirectory.orElseThrow().resolve(KEY_FILE)));
            boolean ownsStore = store.isEmpty();
            ConsoleStore opened = store.orElseGet(() -> ConsoleStore.open(storeUrl.orElseGet(
                    () -> ConsoleStore.h2Url(dataDirectory.orElseThrow())), storePassword));
            try {
                requireSameKey(opened, key);
                ProtocolLibrary protocols = library.orElseGet(ProtocolLibrary::bundled);
                TriageEngine engine = TriageEngine.builder(protocols).resolution(resolution).hmacKey(key).clock(clock).build();
                Calls calls = new Calls(engine, protocols, resolution, opened, key, clock);
                Api api = new Api(calls, new Auth(opened, clock), opened, protocols, node, trustedProxies);
                Javalin server = Javalin.create(config -> {
                    api.configure(config);
                    config.jetty.host = host;
                    config.jetty.port = port;
                });
                server.start();
                return new Console(server, opened, ownsStore, host);
            } catch (RuntimeException e) {
                if (ownsStore) {
                    opened.close();
                }
                throw e;
            }
        }
    }

    /**
     * Refuses a store whose trails were signed with another key: the first node to start records a check value
     * of its key (an HMAC of a fixed text, which does not reveal the key), and every node after must match it.
     */
    private static void requireSameKey(ConsoleStore store, byte[] key) {
        String check = keyCheck(key);
        String stored = store.transaction(c -> ConsoleStore.settingOnce(c, KEY_CHECK_SETTING, check));
        if (!stored.equals(check)) {
            throw new IllegalStateException("this store's audit trails are signed with another HMAC key: give every node the "
                    + "key file of the node that first used the store (--hmac-key-file)");
        }
    }

    private static String keyCheck(byte[] key) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("opentriage console key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates a data directory that only its owner may enter (0700 on POSIX systems), as it holds clinical data and the
     * HMAC key; an existing directory is left as it is.
     *
     * @param directory the data directory
     */
    public static void createDataDirectory(Path directory) {
        requireNonNull(directory, "directory");
        try {
            if (Files.isDirectory(directory)) {
                return;
            }
            Path absolute = directory.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            if (Files.getFileStore(absolute.getParent()).supportsFileAttributeView("posix")) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(absolute);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory, e);
        }
    }

    /** Reads the key file, or makes one of 32 random bytes, readable by its owner only, when there is none. */
    static byte[] readOrCreateKey(Path file) {
        try {
            if (Files.notExists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                boolean posix = Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
                if (posix) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                }
                Files.write(file, key);
                return key;
            }
            if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")
                    && !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                throw new IllegalStateException("the HMAC key file " + file + " may be read by its group or others: chmod 600 " + file);
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length > 0 && key[key.length - 1] == '\n') {
                key = java.util.Arrays.copyOf(key, key.length - 1);
            }
            if (key.length < 16) {
                throw new IllegalStateException("the HMAC key file " + file + " holds " + key.length + " bytes; a key needs at least 16");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the HMAC key file " + file, e);
        }
    }

    /** {@return the port the console listens on} */
    public int port() {
        return server.port();
    }

    /** {@return the console's address, such as {@code http://127.0.0.1:7070/}} */
    public String url() {
        String shown = host.equals("0.0.0.0") || host.equals("::") ? loopbackName() : host;
        return "http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port() + "/";
    }

    private static String loopbackName() {
        return InetAddress.getLoopbackAddress().getHostAddress();
    }

    /** {@return the console's store} */
    public ConsoleStore store() {
        return store;
    }

    /** Stops serving, and closes the store if the console opened it. */
    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            if (ownsStore) {
                store.close();
            }
        }
    }
}

package org.opentriage.console;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import org.opentriage.protocol.ProtocolLibrary;

/**
 * A console for a test: its own store (H2 in a temporary directory unless a URL is given), users with fast password
 * hashes (the production count is checked in PasswordsTest), on a free port of the loopback address.
 */
final class ConsoleFixture implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";
    private static ProtocolLibrary library;

    final ConsoleStore store;
    final Console console;

    private ConsoleFixture(ConsoleStore store, Console console) {
        this.store = store;
        this.console = console;
    }

    static synchronized ProtocolLibrary library() {
        if (library == null) {
            library = ProtocolLibrary.bundled();
        }
        return library;
    }

    static ConsoleFixture h2(Path directory) {
        return h2(directory, java.time.Clock.systemUTC());
    }

    /** An H2 console whose sessions and audit records go by {@code clock}. */
    static ConsoleFixture h2(Path directory, java.time.Clock clock) {
        ConsoleStore store = ConsoleStore.open(ConsoleStore.h2Url(directory), 8, 1_000);
        Console console = Console.builder().library(library()).store(store).hmacKeyFile(directory.resolve(Console.KEY_FILE))
                .port(0).clock(clock).start();
        return new ConsoleFixture(store, console);
    }

    /** An H2 console behind a TLS proxy at {@code proxy} (the address the console sees requests come from). */
    static ConsoleFixture behindProxy(Path directory, String proxy) {
        ConsoleStore store = ConsoleStore.open(ConsoleStore.h2Url(directory), 8, 1_000);
        Console console = Console.builder().library(library()).store(store).hmacKeyFile(directory.resolve(Console.KEY_FILE))
                .trustedProxies(Set.of(proxy)).port(0).start();
        return new ConsoleFixture(store, console);
    }

    /** A production console (only approved protocols list and run) on an H2 store in {@code directory}. */
    static ConsoleFixture production(Path directory, ProtocolLibrary approved) {
        ConsoleStore store = ConsoleStore.open(ConsoleStore.h2Url(directory), 8, 1_000);
        Console console = Console.builder().library(approved).resolution(ProtocolLibrary.Resolution.APPROVED_ONLY).store(store)
                .hmacKeyFile(directory.resolve(Console.KEY_FILE)).port(0).start();
        return new ConsoleFixture(store, console);
    }

    /** A console on a store at a URL, with the key file in {@code directory} (made there by the first console). */
    static ConsoleFixture on(String url, Path directory, String node) {
        ConsoleStore store = ConsoleStore.open(url, 8, 1_000);
        Console console = Console.builder().library(library()).store(store).hmacKeyFile(directory.resolve(Console.KEY_FILE))
                .port(0).node(node).start();
        return new ConsoleFixture(store, console);
    }

    /** Adds the users the tests log in as, unless they are there: rn-1, rn-2, dr-lee (provider), lead-1, audit-1. */
    ConsoleFixture withUsers() {
        if (store.userCount() == 0) {
            add("rn-1", EnumSet.of(Role.RN));
            add("rn-2", EnumSet.of(Role.RN));
            add("dr-lee", EnumSet.of(Role.PROVIDER));
            add("lead-1", EnumSet.of(Role.LEAD));
            add("audit-1", EnumSet.of(Role.AUDITOR));
        }
        return this;
    }

    void add(String id, Set<Role> roles) {
        store.addUser(id, roles, PASSWORD.toCharArray());
    }

    ApiClient client() {
        return new ApiClient(console.url());
    }

    ApiClient login(String user) {
        return client().login(user, PASSWORD);
    }

    @Override
    public void close() {
        try {
            console.close();
        } finally {
            store.close();
        }
    }
}

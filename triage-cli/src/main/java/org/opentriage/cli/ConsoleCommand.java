package org.opentriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.opentriage.console.Console;
import org.opentriage.console.ConsoleStore;
import org.opentriage.console.Role;
import org.opentriage.protocol.ProtocolLibrary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code triage console}: starts the nurse console (a web page and a REST API) on the embedded H2 store in a data
 * directory, or on PostgreSQL; {@code triage console add-user} creates its users, the first one too.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Starts the nurse console: a web page and a REST API (docs/api.md) on http://127.0.0.1:PORT/, with "
                + "calls and their audit trails in the embedded H2 store under --data, or in PostgreSQL with --store. Runs "
                + "until stopped (Ctrl-C).",
                "A new store has no users: create the first with 'triage console add-user ID --role lead'."},
        subcommands = {ConsoleCommand.AddUser.class, ConsoleCommand.SetPassword.class, ConsoleCommand.DisableUser.class,
                ConsoleCommand.EnableUser.class, ConsoleCommand.ListUsers.class})
final class ConsoleCommand implements Callable<Integer> {
    static final String PASSWORD_VARIABLE = "TRIAGE_STORE_PASSWORD";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    StoreOptions store;

    @Option(names = "--port", paramLabel = "PORT", description = "The port to listen on (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port = 7070;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every address).")
    String host = "127.0.0.1";

    @Option(names = "--hmac-key-file", paramLabel = "FILE",
            description = "The audit trails' HMAC key (at least 16 bytes, chmod 600); every node on one store needs the same. "
                    + "Default: DIR/" + Console.KEY_FILE + ", made on first start.")
    Path hmacKeyFile;

    @Mixin
    LibraryOptions libraryOptions;

    @Option(names = "--trusted-proxy", paramLabel = "ADDRESS",
            description = "The address of a TLS proxy in front of the console (repeat for several): its X-Forwarded-Proto "
                    + "marks the session cookie Secure, and login failures count against the client address it forwards "
                    + "in X-Forwarded-For. Those headers from any other address are ignored.")
    List<String> trustedProxies = List.of();

    @Option(names = "--node", paramLabel = "NAME", description = "This node's name, shown by GET /health (default: ${DEFAULT-VALUE}).")
    String node = "node";

    /** The store and data directory options of both commands. */
    static final class StoreOptions {
        @Option(names = "--data", paramLabel = "DIR",
                description = "The console's data directory: the H2 store and the HMAC key file (default: ${DEFAULT-VALUE}).")
        Path data = Path.of(System.getProperty("user.home"), ".opentriage", "console");

        @Option(names = "--store", paramLabel = "JDBC-URL",
                description = "The store: jdbc:postgresql://HOST/DB?user=USER for several nodes, its password in the "
                        + "environment variable " + PASSWORD_VARIABLE + " (default: H2 in --data).")
        String url;

        /** The database password, from the environment rather than the command line, which every user may read. */
        Optional<String> password() {
            return Optional.ofNullable(System.getenv(PASSWORD_VARIABLE)).filter(p -> !p.isEmpty());
        }

        String jdbcUrl() {
            return Optional.ofNullable(url).orElseGet(() -> ConsoleStore.h2Url(data));
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Console.Builder builder = Console.builder().dataDirectory(store.data).host(host).port(port).node(node);
        try {
            builder.storeUrl(store.jdbcUrl());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, e.getMessage());
        }
        store.password().ifPresent(builder::storePassword);
        builder.trustedProxies(Set.copyOf(trustedProxies));
        ProtocolLibrary library = libraryOptions.library();
        builder.library(library).resolution(libraryOptions.resolution());
        if (hmacKeyFile != null) {
            builder.hmacKeyFile(hmacKeyFile);
        }
        Console console;
        try {
            console = builder.start();
        } catch (RuntimeException e) {
            throw new CommandFailure(ExitCode.CONSOLE_FAILED, "the console cannot start: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            console.close();
            stopped.countDown();
        }, "console-stop"));
        out.println("OpenTriage console on " + console.url() + " (store: " + console.store().kind() + ", data: " + store.data + ")");
        if (libraryOptions.production) {
            long approved = library.protocols().stream().filter(library::isApproved).count();
            out.println("Production: only approved protocols run (" + approved + " approved in the "
                    + libraryOptions.where() + "). Stop with Ctrl-C.");
            if (approved == 0) {
                out.println("No protocol is approved: every call will be refused. Approve with ./triage approve.");
            }
        } else {
            out.println((libraryOptions.libraryDir == null ? "The bundled protocols are drafts" : "Protocols in "
                    + libraryOptions.libraryDir + " run whatever their approval") + ", NOT clinically validated unless approved. Stop with Ctrl-C.");
        }
        if (console.store().userCount() == 0) {
            out.println("No users yet. Create the first (a clinical lead) with:");
            out.println("  ./triage console add-user ID --role lead" + (store.url == null ? " --data " + store.data : " --store JDBC-URL"));
        }
        out.flush();
        stopped.await();
        return ExitCode.OK;
    }

    /** What the user commands share: the store options, and a password asked twice at a terminal or read as one line. */
    abstract static class UserCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        ConsoleCommand console;

        @CommandLine.Mixin
        StoreOptions store;

        char[] password(String id, String otherwise) throws IOException {
            java.io.Console terminal = System.console();
            if (terminal != null) {
                char[] first = terminal.readPassword("Password for %s (at least 12 characters): ", id);
                char[] second = terminal.readPassword("Again: ");
                if (first == null || second == null || !java.util.Arrays.equals(first, second)) {
                    throw new CommandFailure(ExitCode.USAGE, "the two passwords differ; " + otherwise);
                }
                java.util.Arrays.fill(second, '\0');
                return first;
            }
            TriageCommand root = (TriageCommand) console.spec.parent().userObject();
            String line = root.input().readLine();
            if (line == null || line.isEmpty()) {
                throw new CommandFailure(ExitCode.USAGE, "no password on standard input; " + otherwise);
            }
            return line.toCharArray();
        }

        static ConsoleStore open(String url, Optional<String> password) {
            try {
                return ConsoleStore.open(url, password);
            } catch (RuntimeException e) {
                throw new CommandFailure(ExitCode.CONSOLE_FAILED, e.getMessage());
            }
        }

        /** Opens the store (H2 under --data must exist already) and applies {@code change}, a usage error when refused. */
        void change(java.util.function.Consumer<ConsoleStore> change) {
            if (store.url == null && !java.nio.file.Files.isDirectory(store.data)) {
                throw new CommandFailure(ExitCode.USAGE, "no console data directory " + store.data);
            }
            try (ConsoleStore opened = open(store.jdbcUrl(), store.password())) {
                change.accept(opened);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(ExitCode.USAGE, e.getMessage());
            }
        }
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true,
            description = {"Sets a console user's password, asked twice at the terminal (or read as one line from standard "
                    + "input), ends her sessions and lifts a lock after failed logins."})
    static final class SetPassword extends UserCommand {
        @Parameters(paramLabel = "ID", description = "The user's id.")
        String id;

        @Override
        public Integer call() throws IOException {
            char[] password = password(id, "nothing was changed");
            change(s -> s.setPassword(id, password));
            spec.commandLine().getOut().println("password of " + id + " set; her sessions ended");
            return ExitCode.OK;
        }
    }

    @Command(name = "disable-user", mixinStandardHelpOptions = true,
            description = {"Disables a console user: she cannot log in, and her sessions end at once. She stays in the store, "
                    + "so the audit trails she signed still name a known user."})
    static final class DisableUser extends UserCommand {
        @Parameters(paramLabel = "ID", description = "The user's id.")
        String id;

        @Override
        public Integer call() {
            change(s -> s.setDisabled(id, true));
            spec.commandLine().getOut().println("user " + id + " disabled; her sessions ended");
            return ExitCode.OK;
        }
    }

    @Command(name = "enable-user", mixinStandardHelpOptions = true,
            description = {"Enables a disabled console user again (and lifts a lock after failed logins)."})
    static final class EnableUser extends UserCommand {
        @Parameters(paramLabel = "ID", description = "The user's id.")
        String id;

        @Override
        public Integer call() {
            change(s -> s.setDisabled(id, false));
            spec.commandLine().getOut().println("user " + id + " enabled");
            return ExitCode.OK;
        }
    }

    @Command(name = "list-users", mixinStandardHelpOptions = true,
            description = {"Lists the console's users: id, roles, and whether each is disabled or locked after failed logins."})
    static final class ListUsers extends UserCommand {
        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            change(s -> {
                out.printf("%-24s %-28s %s%n", "ID", "ROLES", "STATE");
                for (ConsoleStore.UserEntry u : s.users()) {
                    String state = u.disabledAt().map(at -> "disabled since " + at)
                            .orElse(u.lockedUntil().filter(java.time.Instant.now()::isBefore).map(at -> "locked until " + at)
                                    .orElse("active"));
                    out.printf("%-24s %-28s %s%n", u.id(), String.join(",", u.roles().stream().map(Role::word).toList()), state);
                }
            });
            return ExitCode.OK;
        }
    }

    @Command(name = "add-user", mixinStandardHelpOptions = true,
            description = {"Creates a console user with a password, asked twice at the terminal (or read as one line from "
                    + "standard input when it is not a terminal). The user id goes into audit trails: 1 to 64 letters, "
                    + "digits, '.', '_', ':' or '-', no name. There is no default user and no default password."})
    static final class AddUser extends UserCommand {
        @Parameters(paramLabel = "ID", description = "The user's id, as it will appear in audit trails.")
        String id;

        @Option(names = "--role", paramLabel = "ROLE", required = true,
                description = "rn, provider, lead or auditor; repeat for several.")
        List<String> roles;

        @Override
        public Integer call() throws IOException {
            Set<Role> given = EnumSet.noneOf(Role.class);
            for (String word : roles) {
                given.add(Role.byWord(word).orElseThrow(() -> new CommandFailure(ExitCode.USAGE,
                        "--role '" + word + "' is not one of rn, provider, lead, auditor")));
            }
            char[] password = password(id, "nothing was created");
            if (store.url == null) {
                Console.createDataDirectory(store.data);
            }
            try (ConsoleStore opened = open(store.jdbcUrl(), store.password())) {
                opened.addUser(id, given, password);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(ExitCode.USAGE, e.getMessage());
            }
            spec.commandLine().getOut().println("user " + id + " created with the role" + (given.size() > 1 ? "s " : " ")
                    + String.join(", ", given.stream().map(Role::word).toList()));
            return ExitCode.OK;
        }

    }
}

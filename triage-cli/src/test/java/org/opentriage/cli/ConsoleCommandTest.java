package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.opentriage.console.ConsoleStore;

/** {@code triage console add-user}: the first user of a console comes from the command line, never a default. */
class ConsoleCommandTest {
    @TempDir
    Path temp;

    @Test
    void addUser_withAPasswordOnStandardInput_createsTheUserInAPrivateDataDirectory() throws Exception {
        Path data = temp.resolve("console");
        Cli.Run run = Cli.triageWithInput("a long enough password\n", "console", "add-user", "admin", "--role", "lead", "--role", "rn",
                "--data", data.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("user admin created with the roles rn, lead");
        assertThat(run.out() + run.err()).doesNotContain("a long enough password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        try (ConsoleStore store = ConsoleStore.open(ConsoleStore.h2Url(data))) {
            assertThat(store.userCount()).isEqualTo(1);
        }
    }

    @Test
    void userCommands_setAPassword_disableEnableAndListUsers() throws Exception {
        Path data = temp.resolve("users");
        assertThat(Cli.triageWithInput("a long enough password\n", "console", "add-user", "rn-7", "--role", "rn",
                "--data", data.toString()).exitCode()).isEqualTo(ExitCode.OK);

        Cli.Run set = Cli.triageWithInput("another long password\n", "console", "set-password", "rn-7", "--data", data.toString());
        assertThat(set.exitCode()).as(set.err()).isEqualTo(ExitCode.OK);
        assertThat(set.out()).contains("password of rn-7 set");
        Cli.Run disable = Cli.triage("console", "disable-user", "rn-7", "--data", data.toString());
        assertThat(disable.exitCode()).as(disable.err()).isEqualTo(ExitCode.OK);
        Cli.Run list = Cli.triage("console", "list-users", "--data", data.toString());
        assertThat(list.out()).containsPattern("rn-7\\s+rn\\s+disabled since");
        assertThat(Cli.triage("console", "enable-user", "rn-7", "--data", data.toString()).exitCode()).isEqualTo(ExitCode.OK);
        assertThat(Cli.triage("console", "list-users", "--data", data.toString()).out()).containsPattern("rn-7\\s+rn\\s+active");

        Cli.Run unknown = Cli.triage("console", "disable-user", "rn-404", "--data", data.toString());
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("no user rn-404");
        Cli.Run weak = Cli.triageWithInput("short\n", "console", "set-password", "rn-7", "--data", data.toString());
        assertThat(weak.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(weak.err()).contains("at least 12 characters");
    }

    @Test
    void addUser_withAShortPassword_createsNobody() {
        Path data = temp.resolve("short");
        Cli.Run run = Cli.triageWithInput("short\n", "console", "add-user", "rn-1", "--role", "rn", "--data", data.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("at least 12 characters");
        try (ConsoleStore store = ConsoleStore.open(ConsoleStore.h2Url(data))) {
            assertThat(store.userCount()).isZero();
        }
    }

    @Test
    void addUser_withAnUnknownRole_isAUsageError() {
        Cli.Run run = Cli.triageWithInput("a long enough password\n", "console", "add-user", "rn-1", "--role", "nurse",
                "--data", temp.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--role 'nurse'");
    }

    @Test
    void addUser_anIdThatIsAName_isRefused() {
        Cli.Run run = Cli.triageWithInput("a long enough password\n", "console", "add-user", "Jane Doe", "--role", "rn",
                "--data", temp.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("user id must be");
    }

    @Test
    void console_onAStoreThatIsNeitherH2NorPostgreSql_isAUsageError() {
        Cli.Run run = Cli.triage("console", "--store", "jdbc:mysql://db/triage", "--data", temp.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("neither jdbc:h2");
    }
}

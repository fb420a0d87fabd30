package org.opentriage.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --hmac-key-file}: a key file its group or others may use is refused, as ssh refuses a private key. */
class HmacKeyOptionTest {
    private static final String KEY = "a-32-byte-secret-for-this-test!!\n";
    private static final Path ED_NOW = Cli.EXAMPLE_CALLS.resolve("chest-pain-adult-ed-now.call.yaml");

    /** A key file with these permissions; the test is skipped where the file system has none. */
    private static Path keyWith(Path dir, String permissions) throws IOException {
        Path key = Cli.keyFile(dir.resolve("key"), KEY);
        assumeTrue(Files.getFileAttributeView(key, PosixFileAttributeView.class) != null, "POSIX file permissions");
        return Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(permissions));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rw-r--r--, 0644", "rw-r-----, 0640", "rw----r--, 0604", "rw--w----, 0620", "rw-----w-, 0602",
            "r-x--x---, 0510"})
    void keyFileOpenToGroupOrOthers_isBadInputNamingTheFileItsModeAndTheFix(String permissions, String mode,
                                                                          @TempDir Path dir) throws IOException {
        Path key = keyWith(dir, permissions);

        Cli.Run run = triage("audit", "verify", "whatever.jsonl", "--hmac-key-file", key.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).isEqualTo("triage: " + key + ": the HMAC key file is open to its group or others (mode " + mode
                + "); make it readable by its owner only: chmod 600 " + key + System.lineSeparator());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------"})
    void keyFileOnlyItsOwnerMayUse_signsTheTrail(String permissions, @TempDir Path dir) throws IOException {
        Path key = keyWith(dir, permissions);

        Cli.Run run = triage("run", "--answers", ED_NOW.toString(), "--hmac-key-file", key.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    }

    @Test
    void keyFileOnAFileSystemWithoutPosixPermissions_isReadWithoutTheCheck(@TempDir Path dir) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(dir.resolve("keys.zip"), Map.of("create", "true"))) {
            Path key = Files.writeString(zip.getPath("key"), KEY);
            assertThat(Files.getFileAttributeView(key, PosixFileAttributeView.class)).as("POSIX view").isNull();
            HmacKeyOption option = new HmacKeyOption();
            option.file = key;

            assertThat(option.key()).hasValueSatisfying(bytes -> assertThat(new String(bytes, UTF_8)).isEqualTo(KEY.strip()));
        }
    }
}

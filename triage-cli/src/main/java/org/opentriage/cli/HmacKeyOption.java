package org.opentriage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import picocli.CommandLine.Option;

/** {@code --hmac-key-file FILE}: the key audit records are signed and checked with. */
final class HmacKeyOption {
    private static final int MIN_BYTES = 16;

    @Option(names = "--hmac-key-file", paramLabel = "FILE",
            description = "A file holding the HMAC-SHA256 key of the audit trail: its bytes, without a final line "
                    + "break, at least " + MIN_BYTES + " bytes. Keep it apart from the trail, readable by its owner "
                    + "only (chmod 600).")
    Path file;

    /** The key, read from the file; empty without the option. */
    Optional<byte[]> key() {
        if (file == null) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            requirePrivate(file);
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw CommandFailure.cannotRead(file, "HMAC key", e);
        }
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\n') {
            length--;
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
        }
        if (length < MIN_BYTES) {
            throw new CommandFailure(ExitCode.BAD_INPUT, file + ": an HMAC key needs at least " + MIN_BYTES
                    + " bytes, the file has " + length);
        }
        return Optional.of(Arrays.copyOf(bytes, length));
    }

    /**
     * Refuses, as ssh does a private key, a key file that its group or others may use in any way: whoever can
     * read the key can rewrite a trail undetected. Skipped where the file system has no POSIX permissions.
     */
    private static void requirePrivate(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        int mode = 0;
        // The permissions are declared from owner read to others execute: the bits of a mode, high to low.
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            mode = mode << 1 | (permissions.contains(permission) ? 1 : 0);
        }
        if ((mode & 077) != 0) {
            throw new CommandFailure(ExitCode.BAD_INPUT, file + ": the HMAC key file is open to its group or others (mode "
                    + String.format(Locale.ROOT, "%04o", mode) + "); make it readable by its owner only: chmod 600 " + file);
        }
    }
}

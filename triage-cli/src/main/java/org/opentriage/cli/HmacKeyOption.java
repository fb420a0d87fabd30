package org.opentriage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import picocli.CommandLine.Option;

/** {@code --hmac-key-file FILE}: the key audit records are signed and checked with. */
final class HmacKeyOption {
    private static final int MIN_BYTES = 16;

    @Option(names = "--hmac-key-file", paramLabel = "FILE",
            description = "A file holding the HMAC-SHA256 key of the audit trail: its bytes, without a final line "
                    + "break, at least " + MIN_BYTES + " bytes. Keep it apart from the trail.")
    Path file;

    /** The key, read from the file; empty without the option. */
    Optional<byte[]> key() {
        if (file == null) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
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
}

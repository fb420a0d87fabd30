package org.opentriage.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Ends a command with a message for the user and an {@link ExitCode}; {@link TriageCommand} prints the
 * message as {@code triage: MESSAGE} on the error stream.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** A file that cannot be read, saying why in words rather than with an exception's class name. */
    static CommandFailure cannotRead(Path file, String what, IOException e) {
        return new CommandFailure(ExitCode.BAD_INPUT, file + ": cannot read the " + what + ": " + why(e));
    }

    /** Why a file cannot be read, in words: {@code no such file}, {@code permission denied}, {@code not UTF-8 text}. */
    static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        return String.valueOf(e.getMessage());
    }

    int exitCode() {
        return exitCode;
    }
}

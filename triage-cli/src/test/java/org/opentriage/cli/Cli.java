package org.opentriage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Runs the command line in the test JVM (sharing its engines) and captures what it writes. */
final class Cli {
    /** The example call scripts, from the triage-cli module directory. */
    static final Path EXAMPLE_CALLS = Path.of("..", "examples", "calls");
    /**
     * Typed answers to the general assessment every call starts with, for a patient (adult or child) with none of
     * its findings: no emergency sign on its checklist, then no to its six yes/no questions.
     */
    static final String GENERAL = "none\n" + "n\n".repeat(6);

    private Cli() {
    }

    record Run(int exitCode, String out, String err) {
    }

    static Run triage(String... args) {
        return triageWithInput("", args);
    }

    /** Runs with {@code input} as what the nurse types, one answer a line. */
    static Run triageWithInput(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TriageCommand.run(new StringReader(input), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    static List<Path> exampleCalls() {
        try (var files = Files.list(EXAMPLE_CALLS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".call.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes an HMAC key file readable and writable by its owner only, as {@code --hmac-key-file} requires. */
    static Path keyFile(Path file, String key) {
        try {
            Files.writeString(file, key);
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null) {
                view.setPermissions(PosixFilePermissions.fromString("rw-------"));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

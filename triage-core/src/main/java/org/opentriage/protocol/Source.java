package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A named protocol text: the name is what every problem reports as its file. Files ending in
 * {@code .json} are read as JSON, anything else as YAML.
 *
 * @param name the name problems report as the file
 * @param text the content
 * @since 0.1.0
 */
public record Source(String name, String text) {
    /** The largest source accepted, in bytes of UTF-8 (and in characters). */
    public static final int MAX_BYTES = 1 << 20;

    /** Checks the components: a name that is not blank, and a text. */
    public Source {
        requireNonNull(name, "name");
        requireNonNull(text, "text");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a source needs a name");
        }
    }

    /**
     * {@return a source of a text under a name}
     *
     * @param name the name problems report as the file
     * @param text the content
     */
    public static Source of(String name, String text) {
        return new Source(name, text);
    }

    /**
     * Reads a UTF-8 file. Fails with {@link IOException} when it cannot be read, is larger than
     * {@link #MAX_BYTES} or is not UTF-8; loaders turn these into located problems.
     *
     * @param path the file
     * @return the source, named by the path
     * @throws IOException when the file cannot be read
     */
    public static Source read(Path path) throws IOException {
        requireNonNull(path, "path");
        long size = Files.size(path);
        if (size > MAX_BYTES) {
            throw new TooLargeException(path + " is " + size + " bytes; the limit is " + MAX_BYTES);
        }
        byte[] bytes = Files.readAllBytes(path);
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return new Source(path.toString(), text);
        } catch (CharacterCodingException e) {
            throw new NotUtf8Exception(path + " is not UTF-8 text");
        }
    }

    /** {@return whether the source is read as JSON: its name ends in {@code .json}} */
    public boolean isJson() {
        return name.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /**
     * The file is larger than {@link #MAX_BYTES}.
     *
     * @since 0.1.0
     */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /**
     * The file is not valid UTF-8.
     *
     * @since 0.1.0
     */
    public static final class NotUtf8Exception extends IOException {
        private static final long serialVersionUID = 1L;

        NotUtf8Exception(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "Source[" + name + ", " + text.length() + " chars]";
    }
}

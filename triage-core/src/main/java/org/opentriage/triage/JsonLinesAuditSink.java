package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends records as JSON Lines to a file. With {@code forceEachRecord} (the default) each record is
 * forced to disk before {@link #append} returns. Thread-safe.
 */
public final class JsonLinesAuditSink implements AuditSink, Closeable {
    private final FileChannel channel;
    private final boolean forceEachRecord;

    private JsonLinesAuditSink(FileChannel channel, boolean forceEachRecord) {
        this.channel = channel;
        this.forceEachRecord = forceEachRecord;
    }

    /** Opens (creating if needed) a file to append to, forcing each record to disk. */
    public static JsonLinesAuditSink open(Path file) throws IOException {
        return open(file, true);
    }

    public static JsonLinesAuditSink open(Path file, boolean forceEachRecord) throws IOException {
        requireNonNull(file, "file");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new JsonLinesAuditSink(channel, forceEachRecord);
    }

    @java.lang.Override
    public synchronized void append(AuditRecord record) {
        ByteBuffer bytes = ByteBuffer.wrap((record.json() + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (forceEachRecord) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audit record " + record.callId() + "#" + record.seq(), e);
        }
    }

    /** Forces what was written to disk (for batched forcing). */
    public synchronized void flush() throws IOException {
        channel.force(false);
    }

    @java.lang.Override
    public synchronized void close() throws IOException {
        channel.force(false);
        channel.close();
    }
}

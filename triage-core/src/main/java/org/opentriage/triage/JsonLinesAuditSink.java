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
 * Appends records as JSON Lines to a file. With {@code forceEachRecord} (the default) each record is on
 * disk before {@link #append} returns. Thread-safe.
 *
 * <p>Forcing is group-committed: records of calls appending at the same time are forced together, each
 * appender waiting only until a force covers its record. One force per record is the cost for a lone
 * call; under concurrent calls the forces are shared (BENCHMARKS.md has the figures).
 */
public final class JsonLinesAuditSink implements AuditSink, Closeable {
    private final FileChannel channel;
    private final boolean forceEachRecord;
    private final Object writeLock = new Object();
    private final Object forceLock = new Object();
    /** Bytes written so far (under writeLock), and bytes known to be on disk (under forceLock). */
    private long written;
    private long forced;

    private JsonLinesAuditSink(FileChannel channel, boolean forceEachRecord) {
        this.channel = channel;
        this.forceEachRecord = forceEachRecord;
    }

    /** Opens (creating if needed) a file to append to, forcing each record to disk. */
    public static JsonLinesAuditSink open(Path file) throws IOException {
        return open(file, true);
    }

    /** Without {@code forceEachRecord}, records reach the disk when {@link #flush} or {@link #close} forces them. */
    public static JsonLinesAuditSink open(Path file, boolean forceEachRecord) throws IOException {
        requireNonNull(file, "file");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new JsonLinesAuditSink(channel, forceEachRecord);
    }

    @java.lang.Override
    public void append(AuditRecord record) {
        ByteBuffer bytes = ByteBuffer.wrap((record.json() + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            long end;
            synchronized (writeLock) {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                written += bytes.capacity();
                end = written;
            }
            if (forceEachRecord) {
                forceUpTo(end);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audit record " + record.callId() + "#" + record.seq(), e);
        }
    }

    /** Returns once the bytes up to {@code end} are on disk; one force covers every record written before it. */
    private void forceUpTo(long end) throws IOException {
        synchronized (forceLock) {
            if (forced >= end) {
                return;
            }
            long covered;
            synchronized (writeLock) {
                covered = written;
            }
            channel.force(false);
            forced = covered;
        }
    }

    /** Forces what was written to disk (for a sink opened without forcing each record). */
    public void flush() throws IOException {
        long end;
        synchronized (writeLock) {
            end = written;
        }
        forceUpTo(end);
    }

    @java.lang.Override
    public void close() throws IOException {
        synchronized (forceLock) {
            synchronized (writeLock) {
                channel.force(false);
                channel.close();
            }
        }
    }
}

package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.opentriage.internal.engine.CanonicalJson;

/**
 * Appends a trail to a file as JSON Lines, one record a line; this sink is the file's only writer. With {@code forceEachRecord} (the default)
 * {@link #sync} forces the file to disk, so a call moves on only once its record is there. Thread-safe.
 *
 * <p>A new file is created readable and writable by its owner only (0600 on POSIX systems, whatever the
 * umask): a trail holds clinical data. A file that already holds a trail is continued: new records chain
 * onto its last one; a file whose last record is incomplete (the writer stopped mid-record) is refused
 * until {@code triage audit recover} has closed it.
 *
 * <p>Forcing is group-committed: records of calls appending at the same time are forced together, each
 * caller waiting only until a force covers its record.
 *
 * @since 0.1.0
 */
public final class JsonLinesAuditSink implements AuditSink, Closeable {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final FileChannel channel;
    private final boolean forceEachRecord;
    private final Optional<Head> head;
    private final Object writeLock = new Object();
    private final Object forceLock = new Object();
    /** The file's length so far (under writeLock), and the length known to be on disk (under forceLock). */
    private long written;
    private long forced;

    private JsonLinesAuditSink(FileChannel channel, boolean forceEachRecord, Optional<Head> head, long length) {
        this.channel = channel;
        this.forceEachRecord = forceEachRecord;
        this.head = head;
        this.written = length;
        this.forced = length;
    }

    /**
     * Opens a trail file to append to (creating it if needed), forcing each record to disk.
     *
     * @param file the trail file
     * @return the sink, to close when done
     * @throws IOException when the file cannot be opened, or holds something other than a trail
     */
    public static JsonLinesAuditSink open(Path file) throws IOException {
        return open(file, true);
    }

    /**
     * Without {@code forceEachRecord}, records reach the disk when {@link #flush} or {@link #close} forces them.
     *
     * @param file the trail file
     * @param forceEachRecord whether each record is forced to disk before the call moves on
     * @return the sink, to close when done
     * @throws IOException when the file cannot be opened, or holds something other than a trail
     */
    public static JsonLinesAuditSink open(Path file, boolean forceEachRecord) throws IOException {
        requireNonNull(file, "file");
        createOwnerOnly(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long length = channel.size();
            return new JsonLinesAuditSink(channel, forceEachRecord, head(channel, file, length), length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        boolean posix = Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
        try {
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.setPosixFilePermissions(file, OWNER_ONLY);  // the umask may have taken some away; none added
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // an existing trail is continued as it is
        }
    }

    /**
     * The hash of the file's last record and whether its header says it is keyed; refuses a file that does not
     * end with a complete line.
     */
    private static Optional<Head> head(FileChannel channel, Path file, long length) throws IOException {
        if (length == 0) {
            return Optional.empty();
        }
        long start = length - 1;
        if (read(channel, start, 1)[0] != '\n') {
            throw new IOException(file + " ends in an incomplete record (the writer stopped mid-record); "
                    + "run 'triage audit recover' on it first");
        }
        // Back to the line break before the last line, in growing steps.
        long step = 4096;
        while (start > 0) {
            long from = Math.max(0, start - step);
            byte[] chunk = read(channel, from, (int) (start - from));
            int at = lastIndexOf(chunk, (byte) '\n');
            if (at >= 0) {
                start = from + at + 1;
                break;
            }
            start = from;
            step *= 2;
        }
        String hash = field(read(channel, start, (int) (length - 1 - start))).path("hash").asText("");
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IOException(file + ": the last line is not an audit record; check the trail with 'triage audit verify'");
        }
        return Optional.of(new Head(hash, keyed(channel, file, length)));
    }

    /** Whether the trail's header (its first line) says its records carry HMACs. */
    private static boolean keyed(FileChannel channel, Path file, long length) throws IOException {
        int size = (int) Math.min(length, 64 * 1024);
        byte[] start = read(channel, 0, size);
        int end = 0;
        while (end < size && start[end] != '\n') {
            end++;
        }
        JsonNode header = field(java.util.Arrays.copyOf(start, end)).path("events").path(0);
        if (!header.path("type").asText("").equals("TrailStarted") || !header.path("keyed").isBoolean()) {
            throw new IOException(file + ": the first line is not a trail's header; check the trail with 'triage audit verify'");
        }
        return header.path("keyed").booleanValue();
    }

    private static JsonNode field(byte[] line) {
        try {
            return CanonicalJson.MAPPER.readTree(new String(line, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return CanonicalJson.MAPPER.missingNode();
        }
    }

    private static byte[] read(FileChannel channel, long position, int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the file ended while it was read");
            }
        }
        return buffer.array();
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @java.lang.Override
    public Optional<Head> head() {
        return head;
    }

    @java.lang.Override
    public void append(AuditRecord record) {
        ByteBuffer bytes = ByteBuffer.wrap((record.line() + "\n").getBytes(StandardCharsets.UTF_8));
        synchronized (writeLock) {
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes, written + bytes.position());
                }
                written += bytes.capacity();
            } catch (IOException e) {
                undoPartialWrite();
                throw new UncheckedIOException("cannot write audit record " + record, e);
            }
        }
    }

    /** Cuts off what a failed write left, so that no incomplete line stays in the trail. */
    private void undoPartialWrite() {
        try {
            channel.truncate(written);
        } catch (IOException ignored) {
            // The file cannot be cut back: its end is incomplete, which verify reports and recover repairs.
        }
    }

    @java.lang.Override
    public void sync() {
        if (!forceEachRecord) {
            return;
        }
        try {
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force the audit trail to disk", e);
        }
    }

    /**
     * Forces what was written to disk; one force covers every record written before it.
     *
     * @throws IOException when the force fails
     */
    public void flush() throws IOException {
        long end;
        synchronized (writeLock) {
            end = written;
        }
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

    @java.lang.Override
    public void close() throws IOException {
        synchronized (forceLock) {
            synchronized (writeLock) {
                try {
                    channel.force(false);
                } finally {
                    channel.close();
                }
            }
        }
    }
}

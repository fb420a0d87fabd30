package org.opentriage.triage;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.engine.AuditChain;

/**
 * Reads, verifies and recovers audit trails written as JSON Lines (docs/audit-format.md). Files are read as
 * a stream: memory holds the calls still open at the point reached and a few bytes for each call ended.
 * Stateless and thread-safe.
 *
 * <p>Verifying a trail, then replaying its calls ({@link TriageEngine#replay(List)}):
 * {@snippet class=org.opentriage.snippets.ApiSnippetsTest region=verify}
 * {@snippet class=org.opentriage.snippets.ApiSnippetsTest region=replay}
 *
 * @since 0.1.0
 */
public final class AuditTrail {
    /** The longest line a trail may have; a longer one is not a record the engine wrote. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private AuditTrail() {
    }

    /**
     * What verification found.
     *
     * @since 0.1.0
     */
    public enum Status {
        /** Every record is intact and every call ended. */
        INTACT,
        /**
         * Every complete record is intact, but the writer stopped before some calls ended, mid-record (an
         * incomplete last line) or before the trail's header (an empty file): a crash or power loss, not a change.
         * {@link #recover} closes such a trail.
         */
        INTERRUPTED,
        /** A record was changed, removed, reordered or added: {@link Verification#problem} names the first. */
        BROKEN
    }

    /**
     * A call the trail leaves open, with the number of its last record.
     *
     * @param callId the call's id
     * @param lastSeq the number of its last record in the trail
     * @since 0.1.0
     */
    public record OpenCall(String callId, long lastSeq) {
        /** Checks the components. */
        public OpenCall {
            requireNonNull(callId, "callId");
        }
    }

    /**
     * The result of a verification.
     *
     * @param records       the complete records read (up to the problem, for a broken trail)
     * @param keyed         whether the trail's header says its records carry HMACs
     * @param authenticated whether every HMAC was checked with a key (false for a trail without HMACs, or when
     *                      no key was given: then a rewrite of the whole trail cannot be told from the original)
     * @param openCalls     the calls that did not end (interrupted)
     * @param tornBytes     the length of an incomplete last line (interrupted), 0 when the file ends cleanly
     * @param line          the 1-based line of the problem, 0 for a problem of the trail as a whole
     * @param head          the hash of the last complete record: keep it apart from the trail to detect a
     *                      later truncation
     * @param status intact, interrupted, not authenticated or broken
     * @param calls the calls whose first record was read
     * @param tornHash the SHA-256 of an incomplete last line, which recovery records
     * @param problem what is wrong, for a broken trail
     * @since 0.1.0
     */
    public record Verification(Status status, long records, long calls, boolean keyed, boolean authenticated,
                               List<OpenCall> openCalls, long tornBytes, Optional<String> tornHash,
                               Optional<String> problem, long line, Optional<String> head) {
        /** Checks the components; the list is copied. */
        public Verification {
            requireNonNull(status, "status");
            openCalls = List.copyOf(openCalls);
            requireNonNull(tornHash, "tornHash");
            requireNonNull(problem, "problem");
            requireNonNull(head, "head");
        }

        /**
         * Intact: every record as written and every call ended.
         *
         * @return whether the trail is intact
         */
        public boolean intact() {
            return status == Status.INTACT;
        }
    }

    /**
     * Verifies a trail file.
     *
     * @param file the trail
     * @param hmacKey the key its records were signed with, when they were
     * @return the verification
     * @throws IOException when the file cannot be read
     */
    public static Verification verify(Path file, Optional<byte[]> hmacKey) throws IOException {
        requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return verify(in, hmacKey);
        }
    }

    /**
     * Checks every record: each line is the canonical JSON of a record whose hash matches its content, names the
     * hash of the line before it, follows its call's previous record without a gap, and (with a key) carries a
     * matching HMAC; the trail starts with its header; nothing of a call follows its end. The trail's own records are
     * its header, recovery's record, and escalation delivery records, each naming a call that has a record before it
     * (a delivery may end after its call did). Names the first problem.
     *
     * @param trail the trail's bytes
     * @param hmacKey the key its records were signed with, when they were
     * @return the verification
     * @throws IOException when the stream cannot be read
     */
    public static Verification verify(InputStream trail, Optional<byte[]> hmacKey) throws IOException {
        requireNonNull(trail, "trail");
        requireNonNull(hmacKey, "hmacKey");
        Verifier verifier = new Verifier(hmacKey);
        Lines lines = new Lines(trail);
        try {
            String line;
            while ((line = lines.next()) != null) {
                Optional<Verification> broken = verifier.feed(line, lines.number());
                if (broken.isPresent()) {
                    return broken.get();
                }
            }
        } catch (LineException e) {
            return verifier.broken(e.getMessage(), e.line);
        }
        return verifier.finish(lines.torn());
    }

    /**
     * Verifies a trail held in memory, one complete record a line.
     *
     * @param lines the trail's lines
     * @param hmacKey the key its records were signed with, when they were
     * @return the verification
     */
    public static Verification verify(List<String> lines, Optional<byte[]> hmacKey) {
        requireNonNull(lines, "lines");
        requireNonNull(hmacKey, "hmacKey");
        Verifier verifier = new Verifier(hmacKey);
        for (int i = 0; i < lines.size(); i++) {
            Optional<Verification> broken = verifier.feed(lines.get(i), i + 1);
            if (broken.isPresent()) {
                return broken.get();
            }
        }
        return verifier.finish(new byte[0]);
    }

    /**
     * The records of a trail file, read as they are needed: to replay a trail of any size. Use on a trail
     * {@link #verify verified} first; a line that is not a record ends the iteration with an
     * {@link IllegalArgumentException}, an incomplete last line is left out. Close the stream when done.
     *
     * @param file the trail
     * @return the records, read as they are asked for
     * @throws IOException when the file cannot be opened
     */
    public static RecordStream records(Path file) throws IOException {
        return new RecordStream(Files.newInputStream(requireNonNull(file, "file")));
    }

    /**
     * The records of a trail file, one at a time.
     *
     * @since 0.1.0
     */
    public static final class RecordStream implements Iterator<AuditRecord>, AutoCloseable {
        private final InputStream in;
        private final Lines lines;
        private @Nullable String next;
        private String prev = AuditChain.GENESIS;

        private RecordStream(InputStream in) {
            this.in = in;
            this.lines = new Lines(in);
        }

        @Override
        public boolean hasNext() {
            return peek() != null;
        }

        /** The next line, read ahead; null at the end. */
        private @Nullable String peek() {
            if (next == null) {
                try {
                    next = lines.next();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return next;
        }

        @Override
        public AuditRecord next() {
            String line = peek();
            if (line == null) {
                throw new NoSuchElementException();
            }
            next = null;
            try {
                AuditRecord record = AuditRecord.parse(line, prev);
                prev = record.hash();
                return record;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lines.number() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * What {@link #recover} did.
     *
     * @param interrupted   the calls closed with a {@link AuditEvent.CallInterrupted} record
     * @param tornBytes     the length of the incomplete last line removed (its length and hash are in the
     *                      {@link AuditEvent.TrailRecovered} record recovery writes)
     * @param headerWritten whether the trail had no header (its writer stopped before writing it) and was given one
     * @since 0.1.0
     */
    public record Recovery(List<String> interrupted, long tornBytes, boolean headerWritten) {
        /** Checks the components; the list is copied. */
        public Recovery {
            interrupted = List.copyOf(interrupted);
        }
    }

    /**
     * Closes an interrupted trail honestly: removes an incomplete last line (a record never acknowledged: its
     * writer stopped mid-write), writes the header of a trail left without one, appends a
     * {@link AuditEvent.TrailRecovered} record saying what it found, then, for each call left open, a record
     * ending it with {@link AuditEvent.CallInterrupted}. A keyed trail needs its key. Refuses a broken trail:
     * recovery repairs an interruption, never a change.
     *
     * @param file the interrupted trail
     * @param hmacKey the key its records were signed with, to sign the records recovery writes
     * @param clock the time of the records recovery writes
     * @return what recovery did
     * @throws IOException when the file cannot be read or written
     * @throws IllegalArgumentException when the trail is broken or the key does not fit the trail
     */
    public static Recovery recover(Path file, Optional<byte[]> hmacKey, Clock clock) throws IOException {
        requireNonNull(clock, "clock");
        Verification v = verify(file, hmacKey);
        if (v.status() == Status.BROKEN) {
            throw new IllegalArgumentException("the trail is broken, not interrupted: " + v.problem().orElseThrow()
                    + "; recovery repairs an interruption, never a change");
        }
        if (v.keyed() && hmacKey.isEmpty()) {
            throw new IllegalArgumentException("the trail is signed: give its HMAC key to append the records that close it");
        }
        if (v.status() == Status.INTACT) {
            return new Recovery(List.of(), 0, false);
        }
        if (v.tornBytes() > 0) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() - v.tornBytes());
                channel.force(true);
            }
        }
        List<String> interrupted = new ArrayList<>();
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
            TrailWriter writer = TrailWriter.of(sink);
            writer.recovered(clock.instant(), hmacKey, new AuditEvent.TrailRecovered(v.tornBytes(), v.tornHash(),
                    v.openCalls().stream().map(OpenCall::callId).toList()));
            for (OpenCall call : v.openCalls()) {
                writer.append(call.callId(), call.lastSeq() + 1, clock.instant(),
                        List.of(new AuditEvent.CallInterrupted("the writer stopped before the call ended; closed by recovery")),
                        hmacKey);
                interrupted.add(call.callId());
            }
            writer.sync();
        }
        return new Recovery(interrupted, v.tornBytes(), v.records() == 0);
    }

    // ---- reading lines

    /** Lines of UTF-8 text ended by a line feed; what follows the last line feed is the torn end. */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private long number;
        /** The file offset of the first byte after the last complete line. */
        private long offset;
        private boolean ended;

        Lines(InputStream in) {
            this.in = in;
        }

        /** The next complete line, or null at the end (the torn end, if any, is then in {@link #torn()}). */
        @Nullable String next() throws IOException {
            if (ended) {
                return null;
            }
            line.reset();
            while (true) {
                if (position == limit) {
                    limit = in.read(buffer);
                    position = 0;
                    if (limit < 0) {
                        limit = 0;
                        ended = true;
                        return null;
                    }
                }
                int end = position;
                while (end < limit && buffer[end] != '\n') {
                    end++;
                }
                if (line.size() + (end - position) > MAX_LINE_BYTES) {
                    throw new LineException(number + 1, "longer than " + MAX_LINE_BYTES + " bytes: not a record the engine wrote");
                }
                line.write(buffer, position, end - position);
                if (end < limit) {
                    position = end + 1;
                    number++;
                    byte[] bytes = line.toByteArray();
                    String text = decode(bytes);
                    offset += bytes.length + 1;
                    return text;
                }
                position = limit;
            }
        }

        long number() {
            return number;
        }

        byte[] torn() {
            return ended ? line.toByteArray() : new byte[0];
        }

        private String decode(byte[] bytes) {
            try {
                return utf8.decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                ByteBuffer in = ByteBuffer.wrap(bytes);
                utf8.reset();
                utf8.decode(in, java.nio.CharBuffer.allocate(bytes.length), true);
                int at = in.position();
                throw new LineException(number, String.format(Locale.ROOT,
                        "not UTF-8 text (byte 0x%02X at offset %d of the file): the file was changed",
                        bytes[Math.min(at, bytes.length - 1)] & 0xFF, offset + at));
            }
        }
    }

    /** A line that cannot be a record; verification reports it, other readers throw it. */
    static final class LineException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final long line;
        private final String message;

        LineException(long line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
            this.message = "line " + line + ": " + message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    // ---- verification

    private static final class Verifier {
        private final Optional<byte[]> key;
        private final Map<String, OpenCall> open = new LinkedHashMap<>();
        private final Map<String, String> openHash = new LinkedHashMap<>();
        /** Fingerprints of the calls that ended: nothing of theirs may follow. */
        private final Set<Long> ended = new HashSet<>();
        private boolean keyed;
        private String head = AuditChain.GENESIS;
        private long records;
        private long calls;

        Verifier(Optional<byte[]> key) {
            this.key = key;
        }

        Optional<Verification> feed(String line, long number) {
            try {
                check(line, number);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(broken("line " + number + ": " + e.getMessage(), number));
            }
        }

        Verification broken(String message, long number) {
            return new Verification(Status.BROKEN, records, calls, keyed, false, List.of(), 0, Optional.empty(),
                    Optional.of(message), number, records == 0 ? Optional.empty() : Optional.of(head));
        }

        private void check(String line, long number) {
            AuditCodec.Parsed parsed = AuditCodec.read(line, head);
            AuditRecord record = parsed.record();
            if (number == 1) {
                AuditEvent.TrailStarted header = record.event(AuditEvent.TrailStarted.class).filter(h -> record.callId().isEmpty()
                        && record.events().size() == 1).orElseThrow(() -> new IllegalArgumentException("the trail does not start with its header"));
                if (!header.format().equals(AuditCodec.FORMAT)) {
                    throw new IllegalArgumentException("format " + header.format() + " is not " + AuditCodec.FORMAT);
                }
                keyed = header.keyed();
                if (key.isPresent() && !keyed) {
                    throw new IllegalArgumentException("a key was given but the trail was written without one: its records carry no HMAC");
                }
            } else if (record.has(AuditEvent.Type.TRAIL_STARTED)) {
                throw new IllegalArgumentException("a second header: trails were joined or a record was changed");
            } else if (record.callId().isEmpty() && record.events().size() == 1 && record.has(AuditEvent.Type.ESCALATION_DELIVERY)) {
                checkDelivery(record.event(AuditEvent.EscalationDelivery.class).orElseThrow(), record);
            } else if (record.callId().isEmpty() && !(record.events().size() == 1 && record.has(AuditEvent.Type.TRAIL_RECOVERED))) {
                throw new IllegalArgumentException("a record of no call that is not a recovery or escalation delivery record");
            } else if (record.callId().isPresent() && record.has(AuditEvent.Type.TRAIL_RECOVERED)) {
                throw new IllegalArgumentException("a recovery record inside a call");
            } else if (record.callId().isPresent() && record.has(AuditEvent.Type.ESCALATION_DELIVERY)) {
                throw new IllegalArgumentException("an escalation delivery record inside a call's record");
            }
            record.callId().ifPresent(call -> checkCall(call, record));
            parsed.checked();
            if (record.hmac().isPresent() != keyed) {
                throw new IllegalArgumentException(keyed ? "no HMAC, in a trail whose records carry one" : "an HMAC, in a trail written without a key");
            }
            if (key.isPresent()) {
                String expected = AuditChain.hmac(parsed.body(), key.get());
                if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                        record.hmac().get().getBytes(StandardCharsets.US_ASCII))) {
                    throw new IllegalArgumentException("HMAC does not match (rewritten without the key, or another key)");
                }
            }
            head = record.hash();
            records++;
        }

        /**
         * An escalation's delivery runs beside its call: its record may come anywhere after the call's first record in
         * the trail, after the call's end too, but never before the call is in the trail.
         */
        private void checkDelivery(AuditEvent.EscalationDelivery delivery, AuditRecord record) {
            if (record.seq() != 0) {
                throw new IllegalArgumentException("an escalation delivery record with seq " + record.seq() + ", not 0");
            }
            if (!open.containsKey(delivery.call()) && !ended.contains(fingerprint(delivery.call()))) {
                throw new IllegalArgumentException("an escalation delivery of call " + delivery.call()
                        + ", which has no record before it in the trail");
            }
        }

        private void checkCall(String call, AuditRecord record) {
            long fingerprint = fingerprint(call);
            if (ended.contains(fingerprint)) {
                throw new IllegalArgumentException("call " + call + ": a record after the call ended");
            }
            List<AuditEvent> events = record.events();
            OpenCall known = open.get(call);
            AuditEvent first = events.get(0);
            if (known == null) {
                boolean start = first instanceof AuditEvent.CallStarted && record.seq() == 1;
                boolean resumed = first instanceof AuditEvent.CallResumed && record.seq() > 1;
                if (!start && !resumed) {
                    throw new IllegalArgumentException("call " + call + ": its first record here is record " + record.seq()
                            + ", neither its start nor a resumption (records are missing)");
                }
                calls++;
            } else {
                if (record.seq() != known.lastSeq() + 1) {
                    throw new IllegalArgumentException("call " + call + ": expected record " + (known.lastSeq() + 1) + " but found "
                            + record.seq() + (record.seq() > known.lastSeq() + 1 ? " (records missing)" : " (records reordered or repeated)"));
                }
                if (first instanceof AuditEvent.CallResumed resumed && !resumed.after().equals(openHash.get(call))) {
                    throw new IllegalArgumentException("call " + call + ": resumed after a record that is not its last");
                }
            }
            for (int i = 0; i < events.size(); i++) {
                AuditEvent e = events.get(i);
                if (i > 0 && (e instanceof AuditEvent.CallStarted || e instanceof AuditEvent.CallResumed)) {
                    throw new IllegalArgumentException("call " + call + ": " + e.type().wireName() + " inside a record");
                }
                if (e.type().endsCall() && i != events.size() - 1) {
                    throw new IllegalArgumentException("call " + call + ": events after " + e.type().wireName());
                }
            }
            if (events.get(events.size() - 1).type().endsCall()) {
                open.remove(call);
                openHash.remove(call);
                ended.add(fingerprint);
            } else {
                open.put(call, new OpenCall(call, record.seq()));
                openHash.put(call, record.hash());
            }
        }

        private static long fingerprint(String call) {
            return ByteBuffer.wrap(java.util.HexFormat.of().parseHex(AuditChain.hash(call))).getLong();
        }

        Verification finish(byte[] torn) {
            // No complete header: the sink creates the file before the first call writes the header, so a writer
            // that stopped in between leaves it empty, or holding part of the header.
            Status status = open.isEmpty() && torn.length == 0 && records > 0 ? Status.INTACT : Status.INTERRUPTED;
            Optional<String> tornHash = torn.length == 0 ? Optional.empty() : Optional.of(AuditChain.hash(torn));
            return new Verification(status, records, calls, keyed, keyed && key.isPresent(), new ArrayList<>(open.values()),
                    torn.length, tornHash, Optional.empty(), 0, records == 0 ? Optional.empty() : Optional.of(head));
        }
    }
}

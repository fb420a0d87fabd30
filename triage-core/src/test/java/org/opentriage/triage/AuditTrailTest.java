package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/** The audit trail: written durably, every change detected, interruptions told from changes, replayed exactly. */
class AuditTrailTest {
    private static final Patient PATIENT = Patient.of("p-9", Quantity.parse("61 y").orElseThrow()).withSex(Sex.FEMALE);
    private static final byte[] KEY = "a secret of sixteen bytes or more".getBytes(StandardCharsets.UTF_8);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

    /** A finished call with a withdrawn answer, an override and a close. */
    private static Call finishedCall(TriageEngine engine, AuditSink sink) {
        Call call = engine.withAuditSink(sink).startCall("rn-2", PATIENT, List.of("headache-adult"));
        Step step = call.next();
        int answered = 0;
        while (step instanceof Step.Ask ask) {
            step = call.answer(org.opentriage.verify.PathWalker.domain(Engines.LIBRARY, ask).get(ask.question().type() instanceof AnswerType.YesNo ? 1 : 0));
            if (++answered == 3) {
                step = call.withdrawLastAnswer();
                assertThat(step).isInstanceOf(Step.Ask.class);
                step = call.answer(org.opentriage.verify.PathWalker.domain(Engines.LIBRARY, (Step.Ask) step).get(0));
            }
        }
        call.override("call-911", "nurse-judgment", "sounds very unwell", Optional.empty());
        call.close();
        return call;
    }

    /** A trail of {@code calls} finished calls. */
    private static List<String> trail(TriageEngine engine, int calls) {
        MemoryAuditSink sink = new MemoryAuditSink();
        for (int i = 0; i < calls; i++) {
            finishedCall(engine, sink);
        }
        return sink.lines();
    }

    private static AuditTrail.Verification verify(List<String> lines) {
        return AuditTrail.verify(lines, Optional.empty());
    }

    @Test
    void finishedCall_verifies_andReplaysExactly() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = finishedCall(Engines.BUNDLED, sink);

        AuditTrail.Verification verification = verify(sink.lines());
        assertThat(verification.intact()).as(verification.problem().orElse("")).isTrue();
        assertThat(verification.calls()).isEqualTo(1);
        Replay.Result replay = Engines.BUNDLED.replay(sink.records()).get(0);
        assertThat(replay.differences()).isEmpty();
        assertThat(replay.recordedDisposition()).contains("call-911");
        assertThat(replay.replayedDisposition()).contains("call-911");
        assertThat(Trails.types(sink, call.id())).contains(AuditEvent.Type.ANSWER_WITHDRAWN);
        assertThat(sink.records().get(0).event(AuditEvent.TrailStarted.class)).isPresent();
    }

    @Test
    void replay_findsAChangedConclusion_evenInARecordResealedWithoutAKey() {
        MemoryAuditSink sink = new MemoryAuditSink();
        finishedCall(Engines.BUNDLED, sink);
        List<AuditRecord> records = new ArrayList<>(sink.records());
        int last = records.size() - 1;
        AuditRecord closing = records.get(last);
        AuditRecord forged = AuditCodec.seal(closing.callId(), closing.seq(), closing.time(),
                List.of(new AuditEvent.CallClosed("home-care", "home-care")), closing.prev(), Optional.empty());
        records.set(last, forged);

        Replay.Result replay = Engines.BUNDLED.replay(records).get(0);

        assertThat(replay.reproduced()).isFalse();
        assertThat(replay.differences()).anySatisfy(d -> assertThat(d).contains("CallClosed"));
    }

    @Test
    void everySingleCharacterChange_isDetected() {
        List<String> trail = trail(Engines.BUNDLED, 1);
        int checked = 0;
        for (int line = 0; line < trail.size(); line++) {
            String original = trail.get(line);
            for (int i = 0; i < original.length(); i++) {
                char changed = (char) (original.charAt(i) ^ 0x01);
                List<String> tampered = new ArrayList<>(trail);
                tampered.set(line, original.substring(0, i) + changed + original.substring(i + 1));
                AuditTrail.Verification verification = verify(tampered);
                assertThat(verification.status()).as("line %d char %d changed to '%s'", line + 1, i, changed)
                        .isEqualTo(AuditTrail.Status.BROKEN);
                assertThat(verification.line()).isEqualTo(line + 1);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void removedOrReorderedRecords_areDetected_namingTheFirstBrokenLink() {
        List<String> trail = trail(Engines.BUNDLED, 1);
        for (int i = 0; i < trail.size() - 1; i++) {
            List<String> removed = new ArrayList<>(trail);
            removed.remove(i);
            assertThat(verify(removed).status()).as("record %d removed", i + 1).isEqualTo(AuditTrail.Status.BROKEN);
            assertThat(verify(removed).line()).isEqualTo(i + 1);
        }
        for (int i = 0; i + 1 < trail.size(); i++) {
            List<String> swapped = new ArrayList<>(trail);
            swapped.set(i, trail.get(i + 1));
            swapped.set(i + 1, trail.get(i));
            AuditTrail.Verification verification = verify(swapped);
            assertThat(verification.status()).as("records %d and %d swapped", i + 1, i + 2).isEqualTo(AuditTrail.Status.BROKEN);
            assertThat(verification.line()).isEqualTo(i + 1);
        }
    }

    @Test
    void aWholeCallRemoved_orCallsReordered_isDetected() {
        List<String> trail = trail(Engines.BUNDLED, 3);
        List<AuditRecord> records = Trails.parse(trail);
        String second = records.get(records.size() - 1).callId().orElseThrow();
        String middle = records.stream().map(r -> r.callId().orElse("")).filter(c -> !c.isEmpty()).distinct().toList().get(1);

        List<String> withoutMiddle = new ArrayList<>();
        List<String> middleFirst = new ArrayList<>(List.of(trail.get(0)));
        for (int i = 0; i < trail.size(); i++) {
            if (!records.get(i).callId().equals(Optional.of(middle))) {
                withoutMiddle.add(trail.get(i));
            } else {
                middleFirst.add(trail.get(i));
            }
        }
        trail.stream().skip(1).filter(l -> !middleFirst.contains(l)).forEach(middleFirst::add);

        assertThat(second).isNotEqualTo(middle);
        assertThat(verify(withoutMiddle).status()).isEqualTo(AuditTrail.Status.BROKEN);
        assertThat(verify(withoutMiddle).problem()).hasValueSatisfying(p -> assertThat(p).contains("removed, added or reordered"));
        assertThat(verify(middleFirst).status()).isEqualTo(AuditTrail.Status.BROKEN);
    }

    @Test
    void aRecordAppendedAfterTheCallClosed_isRejected_evenWhenChainedProperly() {
        List<String> trail = new ArrayList<>(trail(Engines.BUNDLED, 1));
        AuditRecord closing = Trails.parse(trail).get(trail.size() - 1);
        AuditRecord appended = AuditCodec.seal(closing.callId(), closing.seq() + 1, closing.time(),
                List.of(new AuditEvent.OverrideApplied("call-911", "home-care", true, "other", "", "rn-x", Optional.empty())),
                closing.hash(), Optional.empty());
        trail.add(appended.line());

        AuditTrail.Verification verification = verify(trail);

        assertThat(verification.status()).isEqualTo(AuditTrail.Status.BROKEN);
        assertThat(verification.problem()).hasValueSatisfying(p -> assertThat(p).contains("after the call ended"));
    }

    @Test
    void rewriteWithoutTheKey_isDetectedByTheHmac_andAKeyedTrailWithoutItsKeyIsNotAuthenticated() {
        TriageEngine keyed = Engines.BUNDLED.withHmacKey(KEY);
        List<String> trail = trail(keyed, 1);
        List<String> rewritten = new ArrayList<>(trail);
        AuditRecord closing = Trails.parse(trail).get(trail.size() - 1);
        rewritten.set(trail.size() - 1, AuditCodec.seal(closing.callId(), closing.seq(), closing.time(),
                List.of(new AuditEvent.CallClosed("home-care", "home-care")), closing.prev(), Optional.of(KEY.clone()))
                .line().replaceAll("\"hmac\":\"[0-9a-f]+\"", "\"hmac\":\"" + "0".repeat(64) + "\""));

        AuditTrail.Verification withKey = AuditTrail.verify(trail, Optional.of(KEY));
        AuditTrail.Verification withoutKey = verify(trail);

        assertThat(withKey.intact()).isTrue();
        assertThat(withKey.authenticated()).isTrue();
        assertThat(withoutKey.intact()).isTrue();
        assertThat(withoutKey.keyed()).isTrue();
        assertThat(withoutKey.authenticated()).isFalse();
        assertThat(AuditTrail.verify(rewritten, Optional.of(KEY)).problem()).hasValueSatisfying(p -> assertThat(p).contains("HMAC"));
        assertThat(AuditTrail.verify(trail, Optional.of("another key of sixteen bytes".getBytes(StandardCharsets.UTF_8)))
                .problem()).hasValueSatisfying(p -> assertThat(p).contains("HMAC"));
        assertThat(AuditTrail.verify(trail(Engines.BUNDLED, 1), Optional.of(KEY)).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("without one"));
    }

    @Test
    void oneSinkTakesOneKey() {
        MemoryAuditSink sink = new MemoryAuditSink();
        finishedCall(Engines.BUNDLED.withHmacKey(KEY), sink);

        Call unsigned = Engines.BUNDLED.withAuditSink(sink).startCall("rn-2", PATIENT, List.of("headache-adult"));

        assertThat(unsigned.state()).isEqualTo(CallState.ERROR);
        assertThat(unsigned.outcome().orElseThrow().error()).hasValueSatisfying(e -> assertThat(e).contains("one trail takes one key"));
    }

    @Test
    void enginesWithoutASink_eachDiscardATrailOfTheirOwn_whateverTheirKeys() {
        TriageEngine unsigned = Engines.builder().build();
        TriageEngine signed = Engines.builder().hmacKey(KEY).build();

        Call first = unsigned.startCall("rn-2", PATIENT, List.of("headache-adult"));
        Call second = signed.startCall("rn-2", PATIENT, List.of("headache-adult"));

        assertThat(first.state()).isEqualTo(CallState.ASKING);
        assertThat(second.state()).isEqualTo(CallState.ASKING);
    }

    @Test
    void jsonLinesSink_writesAnOwnerOnlyFileOfCanonicalLines_andContinuesAnExistingTrail(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calls.jsonl");
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
            Engines.BUNDLED.withAuditSink(sink).startCall("rn-3", PATIENT, List.of("chest-pain-adult")).abandon("caller hung up");
        }
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
            finishedCall(Engines.BUNDLED, sink);
        }

        assertThat(Files.readString(file)).endsWith("\n");
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        AuditTrail.Verification verification = AuditTrail.verify(file, Optional.empty());
        assertThat(verification.intact()).as(verification.problem().orElse("")).isTrue();
        assertThat(verification.calls()).isEqualTo(2);
        List<AuditRecord> records = new ArrayList<>();
        try (AuditTrail.RecordStream stream = AuditTrail.records(file)) {
            stream.forEachRemaining(records::add);
        }
        assertThat(records.stream().filter(r -> r.callId().isEmpty())).hasSize(1);
    }

    @Test
    void jsonLinesSink_underConcurrentCalls_writesOneIntactTrail_withEveryCallsEventsInOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calls.jsonl");
        int calls = 8;
        java.util.Set<String> expected = ConcurrentHashMap.newKeySet();
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
            TriageEngine engine = Engines.BUNDLED.withAuditSink(sink);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                done.add(pool.submit(() -> {
                    Call call = engine.startCall("rn-4", PATIENT, List.of("headache-adult"));
                    Step step = call.next();
                    while (step instanceof Step.Ask ask) {
                        step = call.answer(org.opentriage.verify.PathWalker.domain(Engines.LIBRARY, ask).get(0));
                    }
                    call.close();
                    expected.add(call.id());
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }

        AuditTrail.Verification verification = AuditTrail.verify(file, Optional.empty());
        assertThat(verification.intact()).as(verification.problem().orElse("")).isTrue();
        assertThat(verification.calls()).isEqualTo(calls);
        List<Replay.Result> replays = new ArrayList<>();
        try (AuditTrail.RecordStream stream = AuditTrail.records(file)) {
            Engines.BUNDLED.replay(stream, replays::add);
        }
        assertThat(replays).hasSize(calls).allSatisfy(r -> assertThat(r.differences()).isEmpty());
        assertThat(replays).extracting(Replay.Result::callId).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void openCallsAndATornLastLine_areInterrupted_notBroken_andRecoveryClosesThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calls.jsonl");
        String open;
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
            finishedCall(Engines.BUNDLED, sink);
            open = Engines.BUNDLED.withAuditSink(sink).startCall("rn-5", PATIENT, List.of("headache-adult")).id();
        }
        String torn = "{\"call\":\"" + open + "\",\"events\":[{\"type\":\"Answ";
        Files.writeString(file, torn, StandardOpenOption.APPEND);

        AuditTrail.Verification interrupted = AuditTrail.verify(file, Optional.empty());
        assertThat(interrupted.status()).isEqualTo(AuditTrail.Status.INTERRUPTED);
        assertThat(interrupted.openCalls()).extracting(AuditTrail.OpenCall::callId).containsExactly(open);
        assertThat(interrupted.tornBytes()).isEqualTo(torn.length());
        assertThatThrownBy(() -> JsonLinesAuditSink.open(file)).isInstanceOf(IOException.class).hasMessageContaining("recover");

        AuditTrail.Recovery recovery = AuditTrail.recover(file, Optional.empty(), CLOCK);

        assertThat(recovery.interrupted()).containsExactly(open);
        assertThat(recovery.tornBytes()).isEqualTo(torn.length());
        AuditTrail.Verification after = AuditTrail.verify(file, Optional.empty());
        assertThat(after.intact()).as(after.problem().orElse("")).isTrue();
        List<AuditRecord> records = Trails.parse(Files.readAllLines(file));
        assertThat(records.get(records.size() - 1).event(AuditEvent.CallInterrupted.class)).isPresent();
        assertThat(records.get(records.size() - 2).event(AuditEvent.TrailRecovered.class)).hasValueSatisfying(e -> {
            assertThat(e.tornBytes()).isEqualTo(torn.length());
            assertThat(e.tornHash()).isPresent();
            assertThat(e.interrupted()).containsExactly(open);
        });
        assertThat(AuditTrail.recover(file, Optional.empty(), CLOCK).interrupted()).isEmpty();
    }

    @Test
    void aRecordWhoseForceFails_staysTheCallsRecord_andTheErrorRecordFollowsIt() {
        MemoryAuditSink stored = new MemoryAuditSink();
        AtomicInteger syncs = new AtomicInteger();
        AuditSink forceFailsAtThirdRecord = new AuditSink() {
            @Override
            public void append(AuditRecord record) {
                stored.append(record);
            }

            @Override
            public void sync() {
                if (syncs.incrementAndGet() == 3) {
                    throw new UncheckedIOException(new IOException("fsync: input/output error"));
                }
            }
        };
        Call call = Engines.BUNDLED.withAuditSink(forceFailsAtThirdRecord).startCall("rn-7", PATIENT, List.of("headache-adult"));
        Step step = call.next();
        while (step instanceof Step.Ask ask && call.state() == CallState.ASKING) {
            step = call.answer(org.opentriage.verify.PathWalker.domain(Engines.LIBRARY, ask).get(0));
        }

        assertThat(call.state()).isEqualTo(CallState.ERROR);
        AuditTrail.Verification verification = verify(stored.lines());
        assertThat(verification.intact()).as(verification.problem().orElse("")).isTrue();
        List<AuditRecord> records = stored.records(call.id());
        assertThat(records).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(records.get(3).events()).singleElement().isInstanceOf(AuditEvent.CallError.class);
    }

    @Test
    void aTrailWhoseWriterStoppedBeforeItsHeader_isInterrupted_andRecoveryWritesTheHeader(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty.jsonl");
        JsonLinesAuditSink.open(empty).close();  // the sink creates the file; the first call would write the header
        Path tornHeader = dir.resolve("torn-header.jsonl");
        Files.writeString(tornHeader, "{\"events\":[{\"engine\":\"0.1.0\",\"form");

        for (Path file : List.of(empty, tornHeader)) {
            long size = Files.size(file);
            AuditTrail.Verification interrupted = AuditTrail.verify(file, Optional.empty());
            assertThat(interrupted.status()).as(file + ": " + interrupted.problem().orElse("")).isEqualTo(AuditTrail.Status.INTERRUPTED);
            assertThat(interrupted.records()).isZero();
            assertThat(interrupted.tornBytes()).isEqualTo(size);

            AuditTrail.Recovery recovery = AuditTrail.recover(file, Optional.empty(), CLOCK);

            assertThat(recovery.headerWritten()).isTrue();
            assertThat(recovery.tornBytes()).isEqualTo(size);
            AuditTrail.Verification after = AuditTrail.verify(file, Optional.empty());
            assertThat(after.intact()).as(after.problem().orElse("")).isTrue();
            assertThat(after.records()).isEqualTo(2);  // the header and the recovery record
            try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
                finishedCall(Engines.BUNDLED, sink);
            }
            assertThat(AuditTrail.verify(file, Optional.empty()).intact()).isTrue();
        }
    }

    @Test
    void aTornFirstRecordOfANewCall_withNoCallOpen_isStillAccountedFor(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calls.jsonl");
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
            finishedCall(Engines.BUNDLED, sink);
        }
        String torn = "{\"call\":\"never-started\",\"events\":[{\"engine\"";
        Files.writeString(file, torn, StandardOpenOption.APPEND);

        AuditTrail.Recovery recovery = AuditTrail.recover(file, Optional.empty(), CLOCK);

        assertThat(recovery.interrupted()).isEmpty();
        assertThat(AuditTrail.verify(file, Optional.empty()).intact()).isTrue();
        List<AuditRecord> records = Trails.parse(Files.readAllLines(file));
        assertThat(records.get(records.size() - 1).event(AuditEvent.TrailRecovered.class))
                .hasValueSatisfying(e -> assertThat(e.tornBytes()).isEqualTo(torn.length()));
    }

    @Test
    void aTrailIsContinuedOnlyWithTheKeyItWasStartedWith(@TempDir Path dir) throws Exception {
        Path unsigned = dir.resolve("unsigned.jsonl");
        Path signed = dir.resolve("signed.jsonl");
        try (JsonLinesAuditSink a = JsonLinesAuditSink.open(unsigned); JsonLinesAuditSink b = JsonLinesAuditSink.open(signed)) {
            finishedCall(Engines.BUNDLED, a);
            finishedCall(Engines.BUNDLED.withHmacKey(KEY), b);
        }

        try (JsonLinesAuditSink a = JsonLinesAuditSink.open(unsigned); JsonLinesAuditSink b = JsonLinesAuditSink.open(signed)) {
            Call intoUnsigned = Engines.BUNDLED.withHmacKey(KEY).withAuditSink(a).startCall("rn-7", PATIENT, List.of("headache-adult"));
            Call intoSigned = Engines.BUNDLED.withAuditSink(b).startCall("rn-7", PATIENT, List.of("headache-adult"));

            assertThat(intoUnsigned.state()).isEqualTo(CallState.ERROR);
            assertThat(intoSigned.state()).isEqualTo(CallState.ERROR);
            assertThat(intoUnsigned.outcome().orElseThrow().error()).hasValueSatisfying(e -> assertThat(e).contains("not signed"));
        }
        assertThat(AuditTrail.verify(unsigned, Optional.empty()).intact()).isTrue();
        assertThat(AuditTrail.verify(signed, Optional.of(KEY)).intact()).isTrue();
    }

    @Test
    void recovery_refusesABrokenTrail_andAKeyedTrailWithoutItsKey(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.jsonl");
        List<String> lines = new ArrayList<>(trail(Engines.BUNDLED, 2));
        lines.remove(3);
        Files.write(broken, lines);
        Path keyed = dir.resolve("keyed.jsonl");
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(keyed)) {
            Engines.BUNDLED.withHmacKey(KEY).withAuditSink(sink).startCall("rn-6", PATIENT, List.of("headache-adult"));
        }

        assertThatThrownBy(() -> AuditTrail.recover(broken, Optional.empty(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken, not interrupted");
        assertThatThrownBy(() -> AuditTrail.recover(keyed, Optional.empty(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HMAC key");
        assertThat(AuditTrail.recover(keyed, Optional.of(KEY), CLOCK).interrupted()).hasSize(1);
        assertThat(AuditTrail.verify(keyed, Optional.of(KEY)).intact()).isTrue();
    }

    @Test
    void aSinkNoLongerUsed_isCollected_withTheRecordsItHolds() throws InterruptedException {
        WeakReference<MemoryAuditSink> collected = CallInvariants.unfollowed(() -> {
            MemoryAuditSink sink = new MemoryAuditSink();
            finishedCall(Engines.BUNDLED, sink);
            return new WeakReference<>(sink);
        });

        for (int i = 0; i < 50 && collected.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertThat(collected.get()).as("the sink of a finished call, kept by no one but the engine's trail writers").isNull();
    }

    @Test
    void trailHoldsNoNameOrDateOfBirth_onlyThePseudonymousReference() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = finishedCall(Engines.BUNDLED, sink);

        AuditEvent.CallStarted start = sink.records(call.id()).get(0).event(AuditEvent.CallStarted.class).orElseThrow();
        assertThat(start.patient()).isEqualTo(PATIENT);
        assertThat(sink.lines().get(1)).contains("\"patient\":{\"age\":\"61 y\",\"reference\":\"p-9\",\"sex\":\"female\"}");
    }
}

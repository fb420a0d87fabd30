package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/** The audit trail: written durably, every change detected, replayed exactly. */
class AuditTrailTest {
    private static final Patient PATIENT = Patient.of("p-9", Quantity.parse("61 y").orElseThrow()).withSex(Sex.FEMALE);

    /** A finished call with a withdrawn answer, an override and a close, as JSON lines. */
    private static List<String> finishedCall(TriageEngine engine, MemoryAuditSink sink) {
        Call call = engine.withAuditSink(sink).startCall("rn-2", PATIENT, List.of("headache-adult"));
        Step step = call.next();
        int answered = 0;
        while (step instanceof Step.Ask ask) {
            step = call.answer(PathEnumerator.domain(ask).get(ask.question().type() instanceof org.opentriage.protocol.AnswerType.YesNo ? 1 : 0));
            if (++answered == 3) {
                step = call.withdrawLastAnswer();
                assertThat(step).isInstanceOf(Step.Ask.class);
                step = call.answer(PathEnumerator.domain((Step.Ask) step).get(0));
            }
        }
        call.override("call-911", "nurse-judgment", "sounds very unwell", Optional.empty());
        call.close();
        return sink.lines(call.id());
    }

    @Test
    void finishedCall_verifies_andReplaysExactly() {
        List<String> trail = finishedCall(Engines.BUNDLED, new MemoryAuditSink());

        assertThat(AuditTrail.verify(trail, Optional.empty()).intact()).isTrue();
        Replay.Result replay = Engines.BUNDLED.replay(trail).get(0);
        assertThat(replay.differences()).isEmpty();
        assertThat(replay.recordedDisposition()).contains("call-911");
        assertThat(replay.replayedDisposition()).contains("call-911");
        assertThat(trail).anySatisfy(line -> assertThat(line).contains("\"type\":\"AnswerWithdrawn\""));
    }

    @Test
    void everySingleCharacterChange_isDetected() {
        List<String> trail = finishedCall(Engines.BUNDLED, new MemoryAuditSink());
        int checked = 0;
        for (int line = 0; line < trail.size(); line++) {
            String original = trail.get(line);
            for (int i = 0; i < original.length(); i++) {
                char changed = (char) (original.charAt(i) ^ 0x01);
                List<String> tampered = new ArrayList<>(trail);
                tampered.set(line, original.substring(0, i) + changed + original.substring(i + 1));
                assertThat(AuditTrail.verify(tampered, Optional.empty()).intact())
                        .as("line %d char %d changed to '%s'", line + 1, i, changed).isFalse();
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void deletedOrReorderedEvents_areDetected_namingTheFirstBrokenLink() {
        List<String> trail = finishedCall(Engines.BUNDLED, new MemoryAuditSink());
        for (int i = 0; i < trail.size(); i++) {
            List<String> deleted = new ArrayList<>(trail);
            deleted.remove(i);
            assertThat(AuditTrail.verify(deleted, Optional.empty()).intact()).as("event %d deleted", i + 1).isFalse();
        }
        for (int i = 0; i + 1 < trail.size(); i++) {
            List<String> swapped = new ArrayList<>(trail);
            swapped.set(i, trail.get(i + 1));
            swapped.set(i + 1, trail.get(i));
            AuditTrail.Verification verification = AuditTrail.verify(swapped, Optional.empty());
            assertThat(verification.intact()).as("events %d and %d swapped", i + 1, i + 2).isFalse();
            assertThat(verification.line()).isEqualTo(i + 1);
        }
    }

    @Test
    void rewriteWithoutTheKey_isDetected_byTheHmac() {
        byte[] key = "a secret of sixteen bytes or more".getBytes(StandardCharsets.UTF_8);
        TriageEngine keyed = Engines.BUNDLED.withHmacKey(key);
        List<String> trail = finishedCall(keyed, new MemoryAuditSink());

        assertThat(AuditTrail.verify(trail, Optional.of(key)).intact()).isTrue();
        assertThat(AuditTrail.verify(trail, Optional.of("another key of sixteen bytes".getBytes(StandardCharsets.UTF_8)))
                .problem()).hasValueSatisfying(p -> assertThat(p).contains("HMAC"));
        assertThat(AuditTrail.verify(Engines.SINK.lines("none"), Optional.of(key)).intact()).isFalse();
    }

    @Test
    void jsonLinesSink_writesOneCanonicalLinePerRecord_thatReadsBackIntact(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("call.jsonl");
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
            Call call = Engines.BUNDLED.withAuditSink(sink).startCall("rn-3", PATIENT, List.of("chest-pain-adult"));
            call.abandon("caller hung up");
        }

        List<String> lines = AuditTrail.read(file);

        assertThat(Files.readString(file)).endsWith("\n");
        assertThat(lines.get(0)).contains("\"type\":\"CallStarted\"").doesNotContain("\n");
        assertThat(lines.get(lines.size() - 1)).contains("\"type\":\"CallAbandoned\"");
        assertThat(AuditTrail.verify(lines, Optional.empty()).intact()).isTrue();
    }

    @Test
    void jsonLinesSink_underConcurrentCalls_keepsEveryCallsTrailWholeAndInOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calls.jsonl");
        int calls = 8;
        java.util.Map<String, List<String>> expected = new java.util.concurrent.ConcurrentHashMap<>();
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < calls; i++) {
                done.add(pool.submit(() -> {
                    MemoryAuditSink own = new MemoryAuditSink();
                    AuditSink both = record -> {
                        own.append(record);
                        sink.append(record);
                    };
                    Call call = Engines.BUNDLED.withAuditSink(both).startCall("rn-4", PATIENT, List.of("headache-adult"));
                    Step step = call.next();
                    while (step instanceof Step.Ask ask) {
                        step = call.answer(PathEnumerator.domain(ask).get(0));
                    }
                    call.close();
                    expected.put(call.id(), own.records().stream().map(AuditRecord::json).toList());
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }

        List<String> lines = AuditTrail.read(file);
        java.util.Map<String, List<String>> byCall = new java.util.LinkedHashMap<>();
        for (String line : lines) {
            String call = CanonicalJsonReader.field(line, "call");
            byCall.computeIfAbsent(call, k -> new java.util.ArrayList<>()).add(line);
        }
        assertThat(byCall).hasSize(calls).isEqualTo(expected);
        byCall.values().forEach(trail -> assertThat(AuditTrail.verify(trail, Optional.empty()).intact()).isTrue());
    }

    /** Reads one top-level text field of a record. */
    private static final class CanonicalJsonReader {
        static String field(String line, String name) {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get(name).asText();
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
    }

    @Test
    void trailHoldsNoNameOrDateOfBirth_onlyThePseudonymousReference() {
        List<String> trail = finishedCall(Engines.BUNDLED, new MemoryAuditSink());

        assertThat(trail.get(0)).contains("\"reference\":\"p-9\"").contains("\"age\":\"61 y\"")
                .doesNotContain("birth").doesNotContain("name");
    }
}

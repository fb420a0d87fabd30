package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.AnswerType;
import org.opentriage.protocol.Quantity;

/**
 * A call centre keeps millions of trails for years: the longest walk of chest pain (every question asked,
 * each answered no, the first option or the lowest expected number), with a random UUID for its call id and
 * times to the millisecond, must fit in 12 KB of trail, with the evidence of every step.
 */
class AuditSizeTest {
    @Test
    void longestChestPainCall_fitsIn12KB() {
        MemoryAuditSink sink = new MemoryAuditSink();
        TriageEngine engine = Engines.builder().callIds(() -> java.util.UUID.randomUUID().toString())
                .clock(new TickingClock()).auditSink(sink).build();
        Call call = engine.startCall("rn-bench",
                Patient.of("bench", Quantity.parse("54 y").orElseThrow()), List.of("chest-pain-adult"));
        int questions = 0;
        Step step = call.next();
        while (step instanceof Step.Ask ask) {
            questions++;
            step = call.answer(neutral(ask));
        }
        call.close();

        List<AuditRecord> records = sink.records(call.id());
        long bytes = records.stream().mapToLong(r -> r.line().getBytes(StandardCharsets.UTF_8).length + 1).sum();
        System.err.printf("AuditSizeTest: %d questions, %d records, %d bytes%n", questions, records.size(), bytes);
        assertThat(questions).isEqualTo(22);
        assertThat(bytes).isLessThanOrEqualTo(12 * 1024);
        assertThat(Trails.types(sink, call.id()).stream().filter(t -> t == AuditEvent.Type.ANSWER_GIVEN)).hasSize(questions);
    }

    /** A clock whose readings have milliseconds, as a real clock's do: 1.234 s later at each reading. */
    private static final class TickingClock extends java.time.Clock {
        private java.time.Instant now = java.time.Instant.parse("2026-11-27T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.time.Instant instant() {
            now = now.plusMillis(1234);
            return now;
        }
    }

    private static Answer neutral(Step.Ask ask) {
        AnswerType type = ask.question().type();
        if (type instanceof AnswerType.Choice choice) {
            return Answer.choice(choice.options().get(0).code());
        }
        if (type instanceof AnswerType.Number number) {
            return Answer.number(number.expected().orElse(number.plausible()).min());
        }
        return Answer.no();
    }
}

package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.Quantity;

/** A number without a unit is read in the question's unit only when the question has no other. */
class BareNumberTest {

    private static Answer number(String text) {
        return Answer.number(Quantity.parse(text).orElseThrow());
    }

    /** A fever-child call at its temperature question, which accepts °C and °F. */
    private static Call atTemperature(MemoryAuditSink sink) {
        Call call = Engines.BUNDLED.withAuditSink(sink).startCall("rn-1", Patient.of("p-3", Quantity.parse("2 y").orElseThrow()),
                List.of("fever-child"));
        call.answer(Answer.choice("armpit"));
        assertThat(((Step.Ask) call.next()).question().id()).isEqualTo("temperature");
        return call;
    }

    @Test
    void bareNumber_toAQuestionAcceptingSeveralUnits_isRejectedListingThem_andTheCallIsUnchanged() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = atTemperature(sink);
        int records = sink.records().size();

        AnswerRejectedException rejected = catchThrowableOfType(() -> call.answer(number("102.2")), AnswerRejectedException.class);

        assertThat(rejected).as("rejected").isNotNull();
        assertThat(rejected.reason()).isEqualTo(AnswerRejectedException.Reason.UNIT_NEEDED);
        assertThat(rejected.getMessage()).contains("[°C, °F]");
        assertThat(((Step.Ask) call.next()).question().id()).isEqualTo("temperature");
        assertThat(sink.records()).hasSize(records);
    }

    @Test
    void numberWithAUnit_toAQuestionAcceptingSeveralUnits_isAccepted() {
        Call call = atTemperature(new MemoryAuditSink());

        Step next = call.answer(number("102.2 °F"));

        assertThat(((Step.Ask) next).question().id()).isNotEqualTo("temperature");
    }

    @Test
    void bareNumber_toAQuestionWithOneUnit_takesThatUnit() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = Engines.BUNDLED.withAuditSink(sink).startCall("rn-1", Patient.of("p-4", Quantity.parse("30 y").orElseThrow()),
                List.of("asthma-adult"));
        call.answer(Answer.yes());
        call.answer(Answer.choice("peak-flow"));
        assertThat(((Step.Ask) call.next()).question().id()).isEqualTo("peak-flow-percent");

        call.answer(number("50"));

        assertThat(Trails.events(sink, call.id())).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(AuditEvent.AnswerGiven.class,
                given -> assertThat(given.answer()).isEqualTo(new Answer.Number(Quantity.parse("50 %").orElseThrow(), false))));
    }
}

package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentriage.internal.engine.UnsealedSink;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Sex;

/** A sink that drops its records is given them unsealed, and the call runs as it does with a trail. */
class UnsealedSinkTest {
    private static final Patient ADULT = Patient.of("p-1", Quantity.parse("54 y").orElseThrow()).withSex(Sex.MALE);

    @Test
    void aCallWritingToADroppingSink_isNotSealed_andEndsAsWithATrail() {
        UnsealedSink dropped = new UnsealedSink();
        MemoryAuditSink kept = new MemoryAuditSink();
        Call unsealed = Engines.BUNDLED.withAuditSink(dropped).startCall("rn-1", ADULT, List.of("chest-pain-adult"));
        Call sealed = Engines.BUNDLED.withAuditSink(kept).startCall("rn-1", ADULT, List.of("chest-pain-adult"));

        Outcome withoutTrail = Calls.answerAll(unsealed, Answer.no());
        Outcome withTrail = Calls.answerAll(sealed, Answer.no());
        unsealed.withdrawLastAnswer();
        sealed.withdrawLastAnswer();

        assertThat(withoutTrail.recommended()).isEqualTo(withTrail.recommended());
        assertThat(withoutTrail.careAdvice()).isEqualTo(withTrail.careAdvice());
        assertThat(dropped.records()).isEqualTo(kept.records(sealed.id()).size()).isPositive();
        assertThat(dropped.sealed()).isZero();
        assertThat(kept.records(sealed.id())).allSatisfy(r -> assertThat(r.hash()).isNotEmpty());
    }
}

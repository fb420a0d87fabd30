package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.verify.ProtocolVerifier;

/**
 * Calls on derived questions whose conditions negate compounds ({@code a and not (known(s) and s >= 135 mmHg)})
 * or run long (an "or" of nine such clauses): every answer path, on the full grid, ends in one disposition and
 * keeps the safety invariants, and a call answered in full, then with an answer corrected, reaches an outcome
 * rather than failing closed. Fixture: {@code libraries/compound-conditions}.
 */
class CompoundConditionsCallTest {
    private static final ProtocolLibrary LIBRARY = ProtocolLibrary.load(
            Path.of("src", "test", "resources", "libraries", "compound-conditions"));
    private static final TriageEngine ENGINE = TriageEngine.builder(LIBRARY).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
            .auditSink(new MemoryAuditSink()).generalAssessment(false).build();

    @Test
    void everyAnswerPath_onTheFullGrid_keepsTheSafetyInvariants() {
        Protocol protocol = LIBRARY.protocols().get(0);

        ProtocolVerifier.Report report = new ProtocolVerifier(ENGINE, LIBRARY).verify(protocol, ProtocolVerifier.Grid.FULL);

        assertThat(report.violations()).isEmpty();
        assertThat(report.walks()).isGreaterThan(1000);
    }

    @Test
    void answersCorrectedOneByOne_moveTheOutcomeBetweenTheNegatedCompounds_neverFailingClosed() {
        Call call = ENGINE.startCall("rn-1", Patient.of("p-1", Quantity.parse("40 y").orElseThrow()), List.of("compound"));
        call.answer(Answer.yes());
        call.answer(Answer.yes());
        call.answer(Answer.choice("z"));
        call.answer(mmHg("120"));
        // a, and the top number known and below 135: a and not (known(s) and s >= 135 mmHg).
        assertThat(trigger(call.answer(mmHg("80")))).isEqualTo("ed-now by not-high-reading");

        call.withdrawLastAnswer();
        call.withdrawLastAnswer();
        call.answer(mmHg("140"));
        // 140 with the bottom number not known: (s >= 135 mmHg and not known(d)).
        assertThat(trigger(call.answer(Answer.unknown()))).isEqualTo("ed-now by one-half-known");

        call.withdrawLastAnswer();
        // Both known, b yes, c neither x nor w: every derived question is false.
        assertThat(trigger(call.answer(mmHg("80")))).isEqualTo("home-care by none");
        assertThat(call.state()).isNotEqualTo(CallState.ERROR);
    }

    private static Answer mmHg(String value) {
        return Answer.number(Quantity.parse(value + " mmHg").orElseThrow());
    }

    private static String trigger(Step step) {
        assertThat(step).isInstanceOf(Step.Done.class);
        Outcome outcome = ((Step.Done) step).outcome();
        assertThat(outcome.error()).isEmpty();
        return outcome.recommended().id() + " by " + outcome.protocols().get(0).trigger().orElse("none");
    }
}

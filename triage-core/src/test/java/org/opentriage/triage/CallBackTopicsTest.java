package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;

/**
 * One call-back instruction per topic ({@code id}) in a call, however many protocols give one: the most urgent of
 * them, so a protocol that words a topic for its complaint can never take away a more urgent instruction another
 * protocol (or the general assessment) gives on it. Two protocols, topic-a and topic-b, each say what to do if the
 * patient becomes drowsy (a: call back today; b: call 911) and if it gets worse (no urgency).
 */
class CallBackTopicsTest {
    private static final ProtocolLibrary LIBRARY = ProtocolLibrary.load(Path.of("src", "test", "resources", "libraries", "call-backs"));
    private static final TriageEngine ENGINE = TriageEngine.builder(LIBRARY).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
            .auditSink(new MemoryAuditSink()).build();
    private static final Patient ADULT = Patient.of("p-1", Quantity.parse("40 y").orElseThrow());

    private static List<String> callBack(String answerA, String answerB) {
        Call call = ENGINE.startCall("rn-1", ADULT, List.of("topic-a", "topic-b"));
        call.answer(answerA.equals("yes") ? Answer.yes() : Answer.no());
        Step step = call.answer(answerB.equals("yes") ? Answer.yes() : Answer.no());
        return ((Step.Done) step).outcome().callBackIf().stream().map(LocalizedText::english).toList();
    }

    @Test
    void twoProtocolsOnOneTopic_giveItsMostUrgentInstruction_evenWhenTheLessUrgentComesFirst() {
        List<String> callBack = callBack("no", "no");

        assertThat(callBack).contains("B: call 911 if the patient becomes drowsy.")
                .doesNotContain("A: call back today if the patient becomes drowsy.");
    }

    @Test
    void anInstructionLeftOutForBeingBelowTheDisposition_doesNotTakeAwayAMoreUrgentOneOnItsTopic() {
        // Within 24 hours was given: topic-a's "call back today" would tell the caller to do less and is left out;
        // topic-b's "call 911" on the same topic must still be given.
        List<String> callBack = callBack("yes", "no");

        assertThat(callBack).contains("B: call 911 if the patient becomes drowsy.")
                .doesNotContain("A: call back today if the patient becomes drowsy.");
    }

    @Test
    void equallyUrgentInstructionsOnOneTopic_giveTheFirstProtocols() {
        assertThat(callBack("no", "no")).contains("A: call back if it gets worse.").doesNotContain("B: call back if it gets worse.");
    }
}

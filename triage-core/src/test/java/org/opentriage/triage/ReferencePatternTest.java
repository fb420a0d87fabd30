package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentriage.protocol.Quantity;
import org.opentriage.triage.ReferenceRefusedException.Field;
import org.opentriage.triage.ReferenceRefusedException.Reason;

/** New calls take only pseudonymous nurse ids and patient references; old trails still replay. */
class ReferencePatternTest {
    private static final Quantity AGE = Quantity.parse("54 y").orElseThrow();
    private static final List<String> CHEST_PAIN = List.of("chest-pain-adult");

    private static ReferenceRefusedException refusal(TriageEngine engine, String nurse, String patientReference) {
        return catchThrowableOfType(() -> engine.startCall(nurse, Patient.of(patientReference, AGE), CHEST_PAIN),
                ReferenceRefusedException.class);
    }

    @ParameterizedTest(name = "[{0}]: {1}")
    @CsvSource(delimiter = '|', value = {
            "Jane Doe                | WHITESPACE",
            "Jane\tDoe               | WHITESPACE",
            "Jane\u00a0Doe           | WHITESPACE",
            "Jane Doe 1961-04-02     | LOOKS_LIKE_DATE",
            "1961-04-02              | LOOKS_LIKE_DATE",
            "jd-1961.4.2             | LOOKS_LIKE_DATE",
            "02/04/1961              | LOOKS_LIKE_DATE",
            "04.02.61                | LOOKS_LIKE_DATE",
            "jd-2.4.61               | LOOKS_LIKE_DATE",
            "p-12-31-1961            | LOOKS_LIKE_DATE",
            "31-12-61                | LOOKS_LIKE_DATE",
            "doe19610402             | LOOKS_LIKE_DATE",
            "20240131                | LOOKS_LIKE_DATE",
            "''                      | LENGTH",
            "jane.doe@example.org    | CHARACTER",
            "josé                    | CHARACTER",
            "p-1\u001b[31m           | CHARACTER",
            "p-1\u202e               | CHARACTER",
            "doe/jane                | CHARACTER"})
    void defaultPattern_refusesNamesDatesAndFreeText_sayingWhyWithoutTheValue(String reference, Reason reason) {
        ReferenceRefusedException refused = refusal(Engines.BUNDLED, "rn-1", reference);

        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.field()).isEqualTo(Field.PATIENT);
        assertThat(refused.reason()).isEqualTo(reason);
        assertThat(refused.getMessage()).startsWith("patient reference refused: ");
        if (!reference.isEmpty()) {
            assertThat(refused.getMessage()).doesNotContain(reference);
        }
    }

    @Test
    void defaultPattern_refusesAReferenceLongerThan64Characters() {
        assertThat(refusal(Engines.BUNDLED, "rn-1", "p".repeat(65)).reason()).isEqualTo(Reason.LENGTH);
        assertThatNoException().isThrownBy(() -> Engines.BUNDLED.startCall("rn-1", Patient.of("p".repeat(64), AGE), CHEST_PAIN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"p-1", "patient-8d2f", "host-ref-4711", "unidentified", "9b2e6f04-5d1c-4e8a-a3f7-2c4d9e8b1a60",
            "urn:uuid:9b2e6f04-5d1c-4e8a-a3f7-2c4d9e8b1a60", "site-7:p_123.4", "v1.2.3", "12345678", "ab-12-34-56"})
    void defaultPattern_admitsPseudonymousReferences(String reference) {
        assertThatNoException().isThrownBy(() -> Engines.BUNDLED.startCall("rn-1", Patient.of(reference, AGE), CHEST_PAIN));
    }

    @Test
    void nurseIdWithASpace_isRefusedNamingTheNurseField() {
        ReferenceRefusedException refused = refusal(Engines.BUNDLED, "Mary Smith", "p-1");

        assertThat(refused.field()).isEqualTo(Field.NURSE);
        assertThat(refused.reason()).isEqualTo(Reason.WHITESPACE);
        assertThat(refused.getMessage()).startsWith("nurse id refused: ").doesNotContain("Mary");
    }

    @Test
    void refusedCall_writesNoAuditRecord() {
        MemoryAuditSink sink = new MemoryAuditSink();

        refusal(Engines.BUNDLED.withAuditSink(sink), "rn-1", "Jane Doe");

        assertThat(sink.records()).isEmpty();
    }

    @Test
    void hostPattern_replacesTheDefault_andItsRefusalNamesThePattern() {
        TriageEngine engine = Engines.builder().referencePattern(Pattern.compile("(rn|site)-[0-9]{4}")).build();

        ReferenceRefusedException refused = refusal(engine, "rn-0001", "p-1");

        assertThat(refused.reason()).isEqualTo(Reason.PATTERN);
        assertThat(refused.getMessage()).contains("(rn|site)-[0-9]{4}");
        assertThatNoException().isThrownBy(() -> engine.startCall("rn-0001", Patient.of("site-0042", AGE), CHEST_PAIN));
    }

    @Test
    void hostPatternAdmittingAnEmptyReference_isRefusedAsItIsSet() {
        TriageEngine.Builder builder = Engines.builder();

        IllegalArgumentException refused = catchThrowableOfType(() -> builder.referencePattern(Pattern.compile("[a-z]*")),
                IllegalArgumentException.class);

        assertThat(refused).hasMessage("referencePattern '[a-z]*' admits an empty reference");
    }

    @Test
    void callRecordedBeforeThePattern_stillReplaysAndResumes() {
        MemoryAuditSink sink = new MemoryAuditSink();
        // As an engine without the check wrote it: the package-private start is the one replays use.
        Call old = Engines.BUNDLED.startCall("call-old", "Mary Smith", Patient.of("Jane Doe 1961-04-02", AGE), CHEST_PAIN, sink);
        old.answer(Answer.yes());
        String snapshot = old.snapshot();

        Replay.Result replay = Engines.BUNDLED.replay(sink.records()).get(0);
        Call resumed = Engines.BUNDLED.resume(snapshot);

        assertThat(replay.differences()).isEmpty();
        assertThat(resumed.state()).isEqualTo(old.state());
    }
}

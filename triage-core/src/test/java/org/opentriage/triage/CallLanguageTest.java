package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.Quantity;

/**
 * A call held in another language records it in its first audit record and its snapshot, keeps it when it resumes
 * or replays, and an English call's records stay as they were before languages were recorded.
 */
class CallLanguageTest {
    private static final Patient PATIENT = Patient.of("patient-lang", Quantity.parse("40 y").orElseThrow());

    private static Call finished(MemoryAuditSink sink, String language) {
        Call call = Engines.BUNDLED.withAuditSink(sink).startCall("rn-lang", PATIENT, List.of("headache-adult"), language);
        Random random = new Random(7);
        Step step = call.next();
        while (step instanceof Step.Ask ask) {
            step = call.answer(RandomWalks.answer(ask, random));
        }
        call.close();
        return call;
    }

    @Test
    void aCallInSpanish_recordsItsLanguage_andReplaysAndVerifies() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = finished(sink, "es");

        assertThat(call.language()).isEqualTo("es");
        AuditEvent.CallStarted started = sink.records(call.id()).get(0).event(AuditEvent.CallStarted.class).orElseThrow();
        assertThat(started.language()).isEqualTo("es");
        assertThat(sink.lines()).anySatisfy(line -> assertThat(line).contains("\"language\":\"es\""));
        AuditTrail.Verification verification = AuditTrail.verify(sink.lines(), Optional.empty());
        assertThat(verification.intact()).as(verification.problem().orElse("")).isTrue();
        Replay.Result replay = Engines.BUNDLED.replay(sink.records()).get(0);
        assertThat(replay.differences()).isEmpty();
    }

    @Test
    void anEnglishCall_writesNoLanguage_soItsRecordsAreAsBefore() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = finished(sink, "en");

        assertThat(call.language()).isEqualTo("en");
        assertThat(sink.lines()).noneSatisfy(line -> assertThat(line).contains("\"language\""));
        assertThat(Engines.BUNDLED.withAuditSink(new MemoryAuditSink())
                .startCall("rn-lang", PATIENT, List.of("headache-adult")).language()).isEqualTo("en");
    }

    @Test
    void aReplay_runsTheCallInTheRecordedLanguage() {
        MemoryAuditSink sink = new MemoryAuditSink();
        finished(sink, "es");
        List<AuditRecord> records = new java.util.ArrayList<>(sink.records());
        AuditRecord first = records.stream().filter(r -> r.has(AuditEvent.Type.CALL_STARTED)).findFirst().orElseThrow();
        AuditEvent.CallStarted s = first.event(AuditEvent.CallStarted.class).orElseThrow();
        AuditRecord forged = AuditCodec.seal(first.callId(), first.seq(), first.time(),
                first.events().stream().map(e -> e == s
                        ? new AuditEvent.CallStarted(s.engine(), s.nurse(), s.patient(), s.protocols(), "fr") : e).toList(),
                first.prev(), Optional.empty());
        records.set(records.indexOf(first), forged);

        Replay.Result replay = Engines.BUNDLED.replay(records).get(0);

        // Replay compares the call-started record too: a replay in English would differ from the recorded "fr".
        assertThat(replay.differences()).isEmpty();
    }

    @Test
    void aSnapshot_keepsTheLanguage() {
        Call call = Engines.BUNDLED.withAuditSink(new MemoryAuditSink())
                .startCall("rn-lang", PATIENT, List.of("headache-adult"), "es");
        Call resumed = Engines.builder().build().resume(call.snapshot());

        assertThat(resumed.language()).isEqualTo("es");
        Call english = Engines.BUNDLED.withAuditSink(new MemoryAuditSink()).startCall("rn-lang", PATIENT, List.of("headache-adult"));
        assertThat(english.snapshot()).doesNotContain("\"language\"");
    }

    @Test
    void aLanguageThatIsNotATag_isRefused() {
        assertThatThrownBy(() -> Engines.BUNDLED.startCall("rn-lang", PATIENT, List.of("headache-adult"), "Spanish"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BCP-47");
    }

    @Test
    void theOneLanguageTagCheck_takesLanguageScriptRegionAndVariant_andNothingElse() {
        assertThat(List.of("en", "es", "es-MX", "es-419", "zh-Hant-TW", "sr-Latn", "de-CH-1996"))
                .allMatch(LocalizedText::isLanguageTag);
        assertThat(List.of("", "Spanish", "ES", "es_MX", "es-", "e", "es-MXX-", "es MX", "en-US\n"))
                .noneMatch(LocalizedText::isLanguageTag);
    }

    @Test
    void aTextWithoutTheLanguage_isShownInEnglishMarked_neverSilently() {
        LocalizedText both = new LocalizedText(Map.of("en", "Is there a fever?", "es", "¿Tiene fiebre?"));
        LocalizedText english = LocalizedText.english("Is there a rash?");

        assertThat(both.render("es")).isEqualTo("¿Tiene fiebre?");
        assertThat(english.render("es")).isEqualTo("[en] Is there a rash?");
        assertThat(english.render("en")).isEqualTo("Is there a rash?");
    }
}

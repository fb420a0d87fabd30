package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opentriage.triage.PatientInput.ENGINE;
import static org.opentriage.triage.PatientInput.LIBRARY;
import static org.opentriage.triage.PatientInput.adult;
import static org.opentriage.triage.PatientInput.askedWhenAllNo;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Sex;

/** A sex not known is never taken for either sex: the questions that depend on it are asked, no protocol is dropped. */
class UnknownSexTest {

    @Test
    void sexNotKnown_asksTheQuestionsForWomen_asAWomanIsAsked() {
        List<String> unknown = askedWhenAllNo(ENGINE.startCall("rn-1", adult(), List.of("pain-check")));
        List<String> female = askedWhenAllNo(ENGINE.startCall("rn-1", adult().withSex(Sex.FEMALE), List.of("pain-check")));
        List<String> male = askedWhenAllNo(ENGINE.startCall("rn-1", adult().withSex(Sex.MALE), List.of("pain-check")));

        assertThat(unknown).contains("pregnant-pain", "period-missed").isEqualTo(female);
        assertThat(male).doesNotContain("pregnant-pain", "period-missed");
    }

    @Test
    void sexNotKnown_pregnancyIsNotKnownEither() {
        assertThat(adult().isPregnant()).isEmpty();
    }

    @Test
    void aProtocolForWomen_takesAPatientWhoseSexIsNotKnown_butNotAMan() {
        Call call = ENGINE.startCall("rn-1", adult(), List.of("pelvic-check"));

        assertThat(askedWhenAllNo(call)).containsExactly("bleeding");
        assertThatThrownBy(() -> ENGINE.startCall("rn-1", adult().withSex(Sex.MALE), List.of("pelvic-check")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }

    @Test
    void checkStart_refusesWhatStartingTheCallWould_withoutStartingOne() {
        int records = PatientInput.SINK.records().size();

        ENGINE.checkStart("rn-1", adult(), List.of("pelvic-check", "pain-check"));

        assertThatThrownBy(() -> ENGINE.checkStart("rn-1", adult().withSex(Sex.MALE), List.of("pelvic-check")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> ENGINE.checkStart("rn 1", adult(), List.of("pain-check")))
                .isInstanceOf(ReferenceRefusedException.class);
        assertThatThrownBy(() -> ENGINE.checkStart("rn-1", adult(), List.of("no-such-protocol")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-protocol");
        assertThat(PatientInput.SINK.records()).hasSize(records);
    }

    @Test
    void readsSex_whereAConditionReadsSexOrPregnancy_orThePopulationIsOneSex() {
        assertThat(LIBRARY.resolve("pain-check", ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow().readsSex()).isTrue();
        assertThat(LIBRARY.resolve("pelvic-check", ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow().readsSex()).isTrue();
        assertThat(LIBRARY.resolve("cough-only", ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow().readsSex()).isFalse();
    }
}

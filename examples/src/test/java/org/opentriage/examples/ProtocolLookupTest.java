package org.opentriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.Quantity;

class ProtocolLookupTest {
    private final ProtocolLookup lookup = new ProtocolLookup();

    @Test
    void callerWordsAndAge_findTheProtocol_andTheOverviewShowsItsGroupsInAcuityOrder() {
        var protocol = lookup.bestFor("my chest hurts", Quantity.parse("54 y").orElseThrow()).orElseThrow();

        String overview = ProtocolLookup.overview(protocol);

        assertThat(protocol.id()).isEqualTo("chest-pain-adult");
        assertThat(overview).startsWith("Chest pain (adult) — chest-pain-adult@0.2.0 (NOT clinically validated)")
                .containsSubsequence("Call 911 now", "Go to the emergency department now", "otherwise: Home care");
    }

    @Test
    void aFeverInAnInfant_findsThePediatricProtocol() {
        var protocol = lookup.bestFor("baby has a fever", Quantity.parse("6 wk").orElseThrow());

        assertThat(protocol).hasValueSatisfying(p -> assertThat(p.id()).isEqualTo("fever-child"));
    }
}

package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared risk modifiers load with the library and can only raise, without reordering levels. */
class RiskModifiersTest {

    @Test
    void bundledModifiers_loadWithTheLibrary_eachRaisingToTheLevelJustAboveAtMost() {
        RiskModifiers modifiers = ProtocolLibrary.bundled().modifiers();
        DispositionScale scale = ProtocolLibrary.bundled().scale();

        assertThat(modifiers.modifiers()).extracting(RiskModifier::id)
                .contains("nurse-concern", "young-infant", "immunocompromised", "pregnancy", "older-adult");
        assertThat(modifiers.modifiers()).allSatisfy(m -> m.atMost().ifPresent(atMost ->
                assertThat(scale.levels().stream().filter(l -> m.raiseTo().isMoreUrgentThan(l) && l.isMoreUrgentThan(atMost)))
                        .as("levels between %s and %s", atMost.id(), m.raiseTo().id()).isEmpty()));
    }

    @Test
    void modifierSkippingALevel_isRejected_becauseItWouldRankANoAboveAYes(@TempDir Path dir) throws IOException {
        Files.copy(TestFiles.SCALE_FILE, dir.resolve(ProtocolLoader.SCALE_FILE));
        Files.writeString(dir.resolve(ProtocolLoader.MODIFIERS_FILE), """
                format: opentriage/modifiers/v1
                version: 1.0.0
                modifiers:
                  - id: pregnancy
                    title: {en: Pregnancy}
                    when: pregnant
                    atMost: within-3d
                    raiseTo: within-24h
                    reason: {en: "Earlier assessment in pregnancy."}
                """);

        LoadReport report = ProtocolLoader.checkDirectory(dir);

        assertThat(report.errors()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.INVALID_VALUE);
            assertThat(p.file()).endsWith(ProtocolLoader.MODIFIERS_FILE);
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.message()).contains("dentist-within-24h");
        });
    }

    @Test
    void modifierConditionReadingAnUnknownFact_isRejectedAtItsColumn(@TempDir Path dir) throws IOException {
        Files.copy(TestFiles.SCALE_FILE, dir.resolve(ProtocolLoader.SCALE_FILE));
        Files.writeString(dir.resolve(ProtocolLoader.MODIFIERS_FILE), """
                format: opentriage/modifiers/v1
                version: 1.0.0
                modifiers:
                  - id: smoker
                    title: {en: Smoker}
                    when: smokes-daily
                    raiseTo: within-24h
                    reason: {en: "x"}
                """);

        LoadReport report = ProtocolLoader.checkDirectory(dir);

        assertThat(report.errors()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.UNKNOWN_FACT);
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.column()).isEqualTo(11);
        });
    }
}

package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProtocolLoader#checkLanguages}: every caller-facing text without a required language is reported at its
 * line, the clinical documentation is not, and the coverage counts what is there.
 */
class LanguageCheckTest {
    private static final String FILE = """
            format: opentriage/protocol/v2
            id: sample-adult
            version: "0.1.0"
            title: {en: "Sample", es: "Muestra"}
            definition: {en: "Use for testing."}
            background:
              en: >-
                Documentation for the nurse.
            triage:
              - disposition: call-911
                questions:
                  - id: q1
                    type: yesno
                    text: {en: "Is it bad?", es: "¿Es grave?"}
                    rationale: {en: "Why it matters."}
                    advice:
                      - {en: "Stay calm."}
                  - id: q2
                    type: choice
                    text:
                      en: >-
                        Which one?
                    options:
                      - code: a
                        text: {en: "A", es: "A"}
            callBackIf:
              - {en: "Call back if worse.", es: "Vuelva a llamar si empeora."}
            """;

    @Test
    void aCallerFacingTextWithoutTheLanguage_isReportedAtItsLine_theDocumentationIsNot(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("sample-adult.protocol.yaml"), FILE);

        LanguageReport report = ProtocolLoader.checkLanguages(List.of(file), Set.of("es"));

        assertThat(report.problems()).extracting(Problem::line).containsExactly(17, 21);
        assertThat(report.problems()).allSatisfy(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.MISSING_LANGUAGE);
            assertThat(p.isError()).isTrue();
            assertThat(p.file()).endsWith("sample-adult.protocol.yaml");
        });
        assertThat(report.problems().get(0).message()).contains("'es'", "Stay calm.");
        assertThat(report.texts()).isEqualTo(6);
        assertThat(report.byLanguage()).containsEntry("en", 6).containsEntry("es", 4);
        assertThat(report.coverage("es")).isEqualTo(4 / 6.0);
    }

    @Test
    void aCompleteFile_hasNoProblem_andAnotherLanguageIsCountedMissing(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("sample-adult.protocol.yaml"), FILE
                .replace("{en: \"Stay calm.\"}", "{en: \"Stay calm.\", es: \"Mantenga la calma.\"}")
                .replace("            Which one?\n", "            Which one?\n          es: \"¿Cuál?\"\n"));

        assertThat(ProtocolLoader.checkLanguages(List.of(file), Set.of("es")).problems()).isEmpty();
        assertThat(ProtocolLoader.checkLanguages(List.of(file), Set.of("es", "fr")).problems()).hasSize(6);
    }

    @Test
    void aFileThatDoesNotParse_isReported_notCountedComplete(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("sample-adult.protocol.yaml"), "title: {en: \"Sample\"\n");

        assertThat(ProtocolLoader.checkLanguages(List.of(file), Set.of("es")).problems())
                .extracting(Problem::code).containsExactly(ProblemCode.SYNTAX);
    }
}

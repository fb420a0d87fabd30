package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol shown in the README is a real one, the complete protocol and question bank examples of the format
 * reference load without problems, and the reference lists every problem code.
 */
class DocumentationExamplesTest {
    private static final Path FORMAT_REFERENCE = Path.of("..", "docs", "protocol-format.md");

    @Test
    void readmeProtocolExample_loadsWithoutProblems() {
        String readme = TestFiles.text(Path.of("..", "README.md"));
        Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(yaml.find()).as("README has a yaml example").isTrue();

        LoadReport report = ProtocolLoader.check(TestFiles.scale(), List.of(Source.of("README.md", yaml.group(1))));

        assertThat(report.problems()).isEmpty();
        assertThat(report.orThrow().resolve("chest-pain-adult", ProtocolLibrary.Resolution.ANY_STATUS)).isPresent();
    }

    @Test
    void formatReference_completeProtocolExamples_loadWithoutProblems() {
        List<String> protocols = completeExamples(TestFiles.text(FORMAT_REFERENCE), "opentriage/protocol/");

        assertThat(protocols).as("complete protocol examples in %s", FORMAT_REFERENCE).isNotEmpty();
        for (String example : protocols) {
            assertThat(TestFiles.check(Source.of("protocol-format.md", example)).problems()).as(example).isEmpty();
        }
    }

    @Test
    void formatReference_questionBankExample_loadsWithoutProblems(@TempDir Path library) throws IOException {
        List<String> banks = completeExamples(TestFiles.text(FORMAT_REFERENCE), "opentriage/questions/");
        Files.copy(TestFiles.SCALE_FILE, library.resolve(ProtocolLoader.SCALE_FILE));

        assertThat(banks).as("question bank examples in %s", FORMAT_REFERENCE).hasSize(1);
        Files.writeString(library.resolve("questions.yaml"), banks.get(0));
        assertThat(ProtocolLoader.checkDirectory(library).problems()).isEmpty();
    }

    /** The yaml examples of a document that are whole files of a format: those that start with its format line. */
    static List<String> completeExamples(String document, String formatPrefix) {
        Matcher yaml = Pattern.compile("```yaml\n(format: " + Pattern.quote(formatPrefix) + ".*?)```", Pattern.DOTALL)
                .matcher(document);
        List<String> examples = new ArrayList<>();
        while (yaml.find()) {
            examples.add(yaml.group(1));
        }
        return examples;
    }

    @Test
    void formatReference_listsEveryProblemCodeWithItsSeverity() {
        String reference = TestFiles.text(FORMAT_REFERENCE);

        assertThat(ProblemCode.values()).allSatisfy(code -> assertThat(reference)
                .contains("| " + code.code() + " | " + code.severity().word() + " | "));
    }
}

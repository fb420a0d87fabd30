package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The protocol shown in the README is a real one, and the format reference lists every problem code. */
class DocumentationExamplesTest {

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
    void formatReference_listsEveryProblemCodeWithItsSeverity() {
        String reference = TestFiles.text(Path.of("..", "docs", "protocol-format.md"));

        assertThat(ProblemCode.values()).allSatisfy(code -> assertThat(reference)
                .contains("| " + code.code() + " | " + code.severity().word() + " | "));
    }
}

package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The loader agrees with the JSON Schema on the schema's fixtures: valid ones load, bad ones fail. */
class SchemaLoaderAgreementTest {
    private static final Path FIXTURES = Path.of("src", "test", "resources", "schema");

    @TestFactory
    Stream<DynamicTest> everySchemaFixture_isAcceptedOrRejectedByTheLoaderAsByTheSchema() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(FIXTURES)) {
            files = list.filter(ProtocolLoader::isProtocolFile).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
            LoadReport report = TestFiles.check(TestFiles.read(file));
            if (file.getFileName().toString().startsWith("valid-")) {
                assertThat(report.problems()).isEmpty();
            } else {
                assertThat(report.errors()).isNotEmpty();
            }
        }));
    }
}

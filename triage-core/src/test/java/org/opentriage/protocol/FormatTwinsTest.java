package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/** A protocol means the same in YAML and JSON: equal models and equal content hashes. */
class FormatTwinsTest {
    private static final Path TWINS = Path.of("src", "test", "resources", "twins");

    @Test
    void committedTwins_loadToEqualModelsAndHashes() {
        Protocol yaml = loadOne(TestFiles.read(TWINS.resolve("fever-threshold.protocol.yaml")));
        Protocol json = loadOne(TestFiles.read(TWINS.resolve("fever-threshold.protocol.json")));

        assertThat(json).isEqualTo(yaml);
        assertThat(json.contentHash()).isEqualTo(yaml.contentHash()).startsWith("sha256:").hasSize(7 + 64);
    }

    @TestFactory
    Stream<DynamicTest> everyBundledProtocol_convertedToJson_loadsToTheSameModelAndHash() {
        return TestFiles.bundledProtocolFiles().stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
            Source yaml = TestFiles.read(file);
            Source json = Source.of(yaml.name().replace(".yaml", ".json"), toJson(yaml.text()));

            Protocol fromYaml = loadOne(yaml);
            Protocol fromJson = loadOne(json);

            assertThat(fromJson).isEqualTo(fromYaml);
            assertThat(fromJson.contentHash()).isEqualTo(fromYaml.contentHash());
        }));
    }

    @Test
    void contentHash_changesWithContent_butNotWithCommentsOrKeyOrder() {
        Source original = TestFiles.read(TWINS.resolve("fever-threshold.protocol.yaml"));
        String reordered = "# a comment\n" + original.text().replace("version: 1.0.0\n", "") + "version: 1.0.0\n";
        String edited = original.text().replace("Rest and drink fluids.", "Rest and drink plenty of fluids.");

        String hash = loadOne(original).contentHash();

        assertThat(loadOne(Source.of("reordered.protocol.yaml", reordered)).contentHash()).isEqualTo(hash);
        assertThat(loadOne(Source.of("edited.protocol.yaml", edited)).contentHash()).isNotEqualTo(hash);
    }

    private static Protocol loadOne(Source source) {
        List<Protocol> protocols = ProtocolLoader.check(ProtocolLibrary.bundled(), List.of(source)).orThrow().protocols();
        assertThat(protocols).hasSize(1);
        return protocols.get(0);
    }

    /** Converts YAML to JSON text through plain Java values, as an editor or script would. */
    static String toJson(String yaml) throws Exception {
        Object value = new Load(LoadSettings.builder().setSchema(new JsonSchema()).build()).loadFromString(yaml);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    }
}

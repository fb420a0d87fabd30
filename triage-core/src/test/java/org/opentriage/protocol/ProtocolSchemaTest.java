package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The JSON Schemas shipped for editors agree with the protocol library: every bundled protocol and the
 * disposition scale conform, each bad fixture is rejected at its defect, and the schemas stay closed,
 * described, valid draft-07 and in step with the disposition scale.
 */
class ProtocolSchemaTest {

    /** Surefire runs with the module directory as working directory. */
    private static final Path LIBRARY = Path.of("..", "protocols", "library");
    private static final Path DISPOSITION_SCALE = LIBRARY.resolve("dispositions.yaml");

    private static final String PROTOCOL_SCHEMA = "org/opentriage/schema/protocol-v1.schema.json";
    private static final String DISPOSITIONS_SCHEMA = "org/opentriage/schema/dispositions-v1.schema.json";
    private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final JsonSchema PROTOCOL = FACTORY.getSchema(SchemaLocation.of("classpath:" + PROTOCOL_SCHEMA), CONFIG);
    private static final JsonSchema DISPOSITIONS =
            FACTORY.getSchema(SchemaLocation.of("classpath:" + DISPOSITIONS_SCHEMA), CONFIG);

    @TestFactory
    Stream<DynamicTest> everyBundledProtocol_conformsToSchema() throws IOException {
        List<Path> protocols;
        try (Stream<Path> files = Files.walk(LIBRARY)) {
            // The schema describes format v1; a file in a later format is left to the schema of its format.
            protocols = files.filter(file -> file.getFileName().toString().endsWith(".protocol.yaml"))
                    .filter(ProtocolSchemaTest::isFormatV1).sorted().toList();
        }
        assertThat(protocols).as("*.protocol.yaml files under %s", LIBRARY.toAbsolutePath().normalize()).isNotEmpty();
        return protocols.stream()
                .map(file -> dynamicTest(LIBRARY.relativize(file).toString(), file.toUri(), () -> assertConforms(file, PROTOCOL)));
    }

    private static boolean isFormatV1(Path file) {
        try {
            return Files.readAllLines(file).contains("format: opentriage/protocol/v1");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void minimalExample_withEveryQuestionKind_conformsToSchema() throws Exception {
        assertConforms(fixture("valid-minimal.protocol.yaml"), PROTOCOL);
    }

    @Test
    void dispositionScale_conformsToItsSchema() throws IOException {
        assertConforms(DISPOSITION_SCALE, DISPOSITIONS);
    }

    @Test
    void dispositionEnum_listsTheScaleLevelIds_inScaleOrder() throws IOException {
        List<String> levelIds = stream(readYaml(DISPOSITION_SCALE).path("levels")).map(level -> level.path("id").asText()).toList();
        List<String> enumIds = stream(schemaJson(PROTOCOL_SCHEMA).at("/definitions/dispositionId/enum")).map(JsonNode::asText).toList();

        assertThat(enumIds)
                .as("definitions/dispositionId/enum of %s against the level ids of %s", PROTOCOL_SCHEMA, DISPOSITION_SCALE)
                .isNotEmpty()
                .containsExactlyElementsOf(levelIds);
    }

    @ParameterizedTest(name = "{0}: {1} at \"{2}\"")
    @CsvSource(delimiter = '|', textBlock = """
            unknown-top-level-key        | additionalProperties | ''
            unknown-question-key         | additionalProperties | /triage/0/questions/0
            yesno-with-positive-if       | not                  | /triage/0/questions/0
            number-without-plausible     | required             | /triage/0/questions/0
            quantity-with-unknown-unit   | pattern              | /triage/0/questions/0/plausible/min
            red-flag-without-rationale   | required             | /triage/0/questions/0
            escalate-without-escalate-to | required             | /triage/0/questions/0
            title-without-english        | required             | /title
            unknown-disposition          | enum                 | /defaultDisposition
            condition-on-two-lines       | not                  | /triage/0/questions/0/positiveIf
            """)
    void fixtureWithOneDefect_isRejectedAtThatDefectOnly(String fixture, String keyword, String location) throws Exception {
        Set<ValidationMessage> messages = PROTOCOL.validate(readYaml(fixture(fixture + ".protocol.yaml")));

        assertThat(messages)
                .isNotEmpty()
                .allSatisfy(message -> assertThat(message.getInstanceLocation()).hasToString(location))
                .anySatisfy(message -> assertThat(message.getType()).isEqualTo(keyword));
    }

    @ParameterizedTest
    @ValueSource(strings = {PROTOCOL_SCHEMA, DISPOSITIONS_SCHEMA})
    void schema_isValidDraft07(String schema) throws IOException {
        JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of(DRAFT_07), CONFIG);

        assertThat(metaSchema.validate(schemaJson(schema))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {PROTOCOL_SCHEMA, DISPOSITIONS_SCHEMA})
    void schema_closesEveryObject_andDescribesEveryProperty(String schema) throws IOException {
        List<String> problems = new ArrayList<>();
        collectOpenOrUndescribed(schemaJson(schema), "#", problems);

        assertThat(problems).isEmpty();
    }

    @Test
    void definitionsSharedByBothSchemas_areIdentical() throws IOException {
        JsonNode protocolDefinitions = schemaJson(PROTOCOL_SCHEMA).path("definitions");
        JsonNode scaleDefinitions = schemaJson(DISPOSITIONS_SCHEMA).path("definitions");
        Map<String, JsonNode> inScale = new LinkedHashMap<>();
        Map<String, JsonNode> inProtocol = new LinkedHashMap<>();
        scaleDefinitions.fieldNames().forEachRemaining(name -> {
            if (protocolDefinitions.has(name)) {
                inScale.put(name, scaleDefinitions.get(name));
                inProtocol.put(name, protocolDefinitions.get(name));
            }
        });

        assertThat(inScale).containsKeys("id", "version", "text").isEqualTo(inProtocol);
    }

    private static void assertConforms(Path file, JsonSchema schema) throws IOException {
        assertThat(schema.validate(readYaml(file))).as("schema violations in %s", file).isEmpty();
    }

    /** Reads YAML as the loader does: YAML 1.2 JSON scalars only, so `no` and `2026-11-27` stay strings. */
    private static JsonNode readYaml(Path file) throws IOException {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.toString())
                .setSchema(new org.snakeyaml.engine.v2.schema.JsonSchema())
                .build();
        return JSON.valueToTree(new Load(settings).loadFromString(Files.readString(file)));
    }

    private static JsonNode schemaJson(String resource) throws IOException {
        try (InputStream in = ProtocolSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
            return JSON.readTree(Objects.requireNonNull(in, resource));
        }
    }

    private static Path fixture(String name) throws URISyntaxException {
        URL url = Objects.requireNonNull(ProtocolSchemaTest.class.getResource("/schema/" + name), name);
        return Path.of(url.toURI());
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /**
     * Every object schema must be closed (no additional properties, or typed ones under a propertyNames
     * rule, as in text maps) and describe each of its properties, so editors flag typos and show hover help.
     */
    private static void collectOpenOrUndescribed(JsonNode node, String pointer, List<String> problems) {
        if (node.isObject()) {
            if (node.path("type").asText().equals("object")) {
                JsonNode additional = node.path("additionalProperties");
                boolean closed = additional.isBoolean() ? !additional.booleanValue() : additional.isObject() && node.has("propertyNames");
                if (!closed) {
                    problems.add(pointer + ": object open to unknown keys");
                }
                node.path("properties").fields().forEachRemaining(property -> {
                    if (!property.getValue().hasNonNull("description")) {
                        problems.add(pointer + "/properties/" + property.getKey() + ": no description");
                    }
                });
            }
            node.fields().forEachRemaining(child -> collectOpenOrUndescribed(child.getValue(), pointer + "/" + child.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectOpenOrUndescribed(node.get(i), pointer + "/" + i, problems);
            }
        }
    }
}

package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The JSON Schemas shipped for editors agree with the protocol library and the loader: every bundled file and
 * every test library conforms to the schema its {@code format} names, each bad fixture is refused by the schema
 * at its defect (and by the loader), and the schemas stay closed, described, valid draft-07 and in step with the
 * disposition scale, the patient facts and each other.
 */
class ProtocolSchemaTest {

    /** Surefire runs with the module directory as working directory. */
    private static final Path LIBRARY = Path.of("..", "protocols", "library");
    private static final Path DISPOSITION_SCALE = LIBRARY.resolve(ProtocolLoader.SCALE_FILE);
    private static final Path QUESTION_BANK = LIBRARY.resolve("questions.yaml");
    private static final Path FIXTURES = Path.of("src", "test", "resources", "schema");
    private static final Path BANK_FIXTURES = FIXTURES.resolve("questions");
    private static final Path TEST_LIBRARIES = Path.of("src", "test", "resources", "libraries");
    private static final Path MAIN_RESOURCES = Path.of("src", "main", "resources");
    private static final Path FORMAT_REFERENCE = Path.of("..", "docs", "protocol-format.md");

    private static final String PROTOCOL_V1_SCHEMA = "org/opentriage/schema/protocol-v1.schema.json";
    private static final String PROTOCOL_V2_SCHEMA = "org/opentriage/schema/protocol-v2.schema.json";
    private static final String QUESTIONS_SCHEMA = "org/opentriage/schema/questions-v1.schema.json";
    private static final String DISPOSITIONS_SCHEMA = "org/opentriage/schema/dispositions-v1.schema.json";
    private static final List<String> ALL_SCHEMAS = List.of(PROTOCOL_V1_SCHEMA, PROTOCOL_V2_SCHEMA, QUESTIONS_SCHEMA,
            DISPOSITIONS_SCHEMA);
    /** The schema for each file format, by the value of the file's {@code format} key. */
    private static final Map<String, String> SCHEMA_OF_FORMAT = Map.of(
            "opentriage/protocol/v1", PROTOCOL_V1_SCHEMA,
            "opentriage/protocol/v2", PROTOCOL_V2_SCHEMA,
            "opentriage/questions/v1", QUESTIONS_SCHEMA,
            "opentriage/dispositions/v1", DISPOSITIONS_SCHEMA);
    /** Definitions that version 2 of the protocol format changes: v1's differ from v2's (and the bank's). */
    private static final Set<String> REDEFINED_IN_V2 = Set.of("question", "assessmentQuestion", "triageQuestion", "group",
            "careAdvice", "option");
    private static final String DRAFT_07 = "http://json-schema.org/draft-07/schema#";
    private static final Pattern MODELINE = Pattern.compile("(?m)^# yaml-language-server: \\$schema=(\\S+)$");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> SCHEMAS = new LinkedHashMap<>();

    static {
        ALL_SCHEMAS.forEach(s -> SCHEMAS.put(s, FACTORY.getSchema(SchemaLocation.of("classpath:" + s), CONFIG)));
    }

    // ---- files conform to the schema of their format

    @TestFactory
    Stream<DynamicTest> everyBundledFile_conformsToTheSchemaOfItsFormat() throws IOException {
        List<Path> files = new ArrayList<>(TestFiles.bundledProtocolFiles());
        files.add(QUESTION_BANK);
        files.add(DISPOSITION_SCALE);
        Set<String> formats = new TreeSet<>();
        for (Path file : files) {
            formats.add(format(readYaml(file), file));
        }
        // Every bundled file has a schema for its format (the bundled protocols are all v2; v1 files are test fixtures).
        assertThat(SCHEMA_OF_FORMAT.keySet()).as("formats with a schema").containsAll(formats);
        return files.stream().map(file -> dynamicTest(LIBRARY.relativize(file).toString(), file.toUri(), () -> assertConforms(file)));
    }

    /** Each test library conforms to the schemas and loads without a problem: schema and loader agree on them. */
    @TestFactory
    Stream<DynamicTest> everyTestLibrary_conformsToTheSchemas_andLoadsWithoutProblems() throws IOException {
        List<Path> libraries;
        try (Stream<Path> dirs = Files.list(TEST_LIBRARIES)) {
            libraries = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(libraries).isNotEmpty();
        return libraries.stream().map(dir -> dynamicTest(dir.getFileName().toString(), dir.toUri(), () -> {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir)) {
                files = walk.filter(f -> ProtocolLoader.isProtocolFile(f) || f.getFileName().toString().equals("questions.yaml"))
                        .sorted().toList();
            }
            assertThat(files).isNotEmpty();
            for (Path file : files) {
                assertConforms(file);
            }
            assertThat(ProtocolLoader.checkDirectory(dir).problems()).isEmpty();
        }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"valid-minimal.protocol.yaml", "valid-v2-every-addition.protocol.yaml",
            "questions/valid-every-question-kind.yaml"})
    void validFixture_conformsToTheSchemaOfItsFormat(String fixture) throws IOException {
        assertConforms(FIXTURES.resolve(fixture));
    }

    /** The whole files the format reference shows (a protocol, the question bank, the scale) conform to their schemas. */
    @Test
    void formatReference_completeExamples_conformToTheSchemaOfTheirFormat() throws IOException {
        String reference = TestFiles.text(FORMAT_REFERENCE);
        List<String> examples = new ArrayList<>();
        for (String format : SCHEMA_OF_FORMAT.keySet()) {
            examples.addAll(DocumentationExamplesTest.completeExamples(reference, format));
        }

        assertThat(examples).as("complete examples in %s", FORMAT_REFERENCE).hasSizeGreaterThanOrEqualTo(3);
        for (String example : examples) {
            JsonNode document = readYaml(example, FORMAT_REFERENCE.toString());
            assertThat(SCHEMAS.get(schemaOf(document, FORMAT_REFERENCE)).validate(document)).as(example).isEmpty();
        }
    }

    @Test
    void validBankFixture_loadsWithoutProblems(@TempDir Path dir) throws IOException {
        assertThat(checkAsBank(BANK_FIXTURES.resolve("valid-every-question-kind.yaml"), dir).problems()).isEmpty();
    }

    // ---- bad fixtures are refused at their defect

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
        Set<ValidationMessage> messages = validate(FIXTURES.resolve(fixture + ".protocol.yaml"));

        assertThat(messages)
                .isNotEmpty()
                .allSatisfy(message -> assertThat(message.getInstanceLocation()).hasToString(location))
                .anySatisfy(message -> assertThat(message.getType()).isEqualTo(keyword));
    }

    /**
     * A protocol with one defect of a format v2 addition, or of a key v1 does not have, is refused by the schema of
     * its format within the node of the defect, and by the loader with the problem code of that defect.
     */
    @ParameterizedTest(name = "{0}: {1} in \"{2}\", {3}")
    @CsvSource(delimiter = '|', textBlock = """
            checklist-without-items                 | required             | /triage/0/questions/0               | TRIAGE-0038
            checklist-with-one-item                 | minItems             | /triage/0/questions/0/items         | TRIAGE-0013
            checklist-item-code-reads-as-answer     | not                  | /triage/0/questions/0/items/1/code  | TRIAGE-0013
            positive-if-on-checklist                | not                  | /triage/0/questions/0               | TRIAGE-0037
            item-disposition-in-assessment          | not                  | /assessment/0/items/0               | TRIAGE-0037
            derived-question-in-assessment          | not                  | /assessment/0/type                  | TRIAGE-0013
            fact-on-derived-question                | not                  | /triage/0/questions/0               | TRIAGE-0037
            use-with-another-key                    | additionalProperties | /triage/0/questions/0               | TRIAGE-0010
            advice-item-without-text                | required             | /careAdvice/0/advice/1              | TRIAGE-0053
            kind-not-listed                         | enum                 | /kind                               | TRIAGE-0013
            kind-general-in-v1                      | additionalProperties | ''                                  | TRIAGE-0037
            review-in-v1                            | additionalProperties | ''                                  | TRIAGE-0037
            fact-on-derived-question-in-v1          | not                  | /triage/0/questions/0               | TRIAGE-0037
            option-code-reads-as-answer-in-v1       | not                  | /triage/0/questions/0/options/1/code | TRIAGE-0013
            advice-on-assessment-question-in-v1     | not                  | /assessment/0                       | TRIAGE-0037
            derived-question-in-assessment-in-v1    | not                  | /assessment/0                       | TRIAGE-0013
            fallback-on-yesno                       | not                  | /triage/0/questions/0               | TRIAGE-0070
            suggests-on-number                      | not                  | /triage/0/questions/0               | TRIAGE-0037
            call-back-with-unknown-disposition      | enum                 | /callBackIf/0/disposition           | TRIAGE-0021
            """)
    void protocolWithOneDefect_isRefusedBySchemaAndLoader(String fixture, String keyword, String location, String code) {
        Path file = FIXTURES.resolve(fixture + ".protocol.yaml");

        assertRefusedWithin(validate(file), keyword, location);
        assertThat(TestFiles.codes(TestFiles.check(TestFiles.read(file)))).contains(code);
    }

    @ParameterizedTest(name = "{0}: {1} in \"{2}\", {3}")
    @CsvSource(delimiter = '|', textBlock = """
            derived-question    | not                  | /questions/0/type      | TRIAGE-0013
            escalate-on-unknown | not                  | /questions/0/onUnknown | TRIAGE-0013
            use-in-the-bank     | additionalProperties | /questions/0           | TRIAGE-0010
            without-references  | required             | ''                     | TRIAGE-0012
            """)
    void bankWithOneDefect_isRefusedBySchemaAndLoader(String fixture, String keyword, String location, String code,
                                                      @TempDir Path dir) throws IOException {
        Path file = BANK_FIXTURES.resolve(fixture + ".yaml");

        assertRefusedWithin(validate(file), keyword, location);
        assertThat(TestFiles.codes(checkAsBank(file, dir))).contains(code);
    }

    // ---- the schemas themselves

    @ParameterizedTest
    @ValueSource(strings = {PROTOCOL_V1_SCHEMA, PROTOCOL_V2_SCHEMA, QUESTIONS_SCHEMA, DISPOSITIONS_SCHEMA})
    void schema_isValidDraft07(String schema) throws IOException {
        JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of(DRAFT_07), CONFIG);

        assertThat(metaSchema.validate(schemaJson(schema))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {PROTOCOL_V1_SCHEMA, PROTOCOL_V2_SCHEMA, QUESTIONS_SCHEMA, DISPOSITIONS_SCHEMA})
    void schema_closesEveryObject_andDescribesEveryProperty(String schema) throws IOException {
        List<String> problems = new ArrayList<>();
        collectOpenOrUndescribed(schemaJson(schema), "#", problems);

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {PROTOCOL_V1_SCHEMA, PROTOCOL_V2_SCHEMA, QUESTIONS_SCHEMA})
    void dispositionEnum_listsTheScaleLevelIds_inScaleOrder(String schema) throws IOException {
        List<String> levelIds = stream(readYaml(DISPOSITION_SCALE).path("levels")).map(level -> level.path("id").asText()).toList();
        List<String> enumIds = stream(schemaJson(schema).at("/definitions/dispositionId/enum")).map(JsonNode::asText).toList();

        assertThat(enumIds)
                .as("definitions/dispositionId/enum of %s against the level ids of %s", schema, DISPOSITION_SCALE)
                .isNotEmpty()
                .containsExactlyElementsOf(levelIds);
    }

    @ParameterizedTest
    @ValueSource(strings = {PROTOCOL_V1_SCHEMA, PROTOCOL_V2_SCHEMA, QUESTIONS_SCHEMA})
    void factEnums_listEveryPatientFact_numericAndYesNoApart(String schema) throws IOException {
        JsonNode definitions = schemaJson(schema).path("definitions");
        List<String> numeric = Arrays.stream(PatientFact.values()).filter(f -> f.dimension().isPresent()).map(PatientFact::key).toList();
        List<String> yesNo = Arrays.stream(PatientFact.values()).filter(f -> f.dimension().isEmpty()).map(PatientFact::key).toList();

        assertThat(stream(definitions.at("/numberFact/enum")).map(JsonNode::asText)).containsExactlyElementsOf(numeric);
        assertThat(stream(definitions.at("/yesnoFact/enum")).map(JsonNode::asText)).containsExactlyElementsOf(yesNo);
    }

    /**
     * A definition shared by name is the same in every schema, so a fix reaches them all; only the definitions
     * v2 changes differ between v1 and the schemas of format v2 (and those must differ, or the list is stale).
     */
    @Test
    void definitionsSharedBetweenSchemas_areIdentical_exceptThoseV2Changes() throws IOException {
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (int i = 0; i < ALL_SCHEMAS.size(); i++) {
            for (int j = i + 1; j < ALL_SCHEMAS.size(); j++) {
                String a = ALL_SCHEMAS.get(i);
                String b = ALL_SCHEMAS.get(j);
                JsonNode inA = schemaJson(a).path("definitions");
                JsonNode inB = schemaJson(b).path("definitions");
                boolean acrossVersions = a.equals(PROTOCOL_V1_SCHEMA);
                for (String name : names(inA)) {
                    if (!inB.has(name)) {
                        continue;
                    }
                    compared++;
                    boolean redefined = acrossVersions && REDEFINED_IN_V2.contains(name);
                    if (inA.get(name).equals(inB.get(name)) == redefined) {
                        problems.add(name + " in " + a + " and " + b + (redefined ? ": the same, though v2 changes it" : ": differs"));
                    }
                }
            }
        }

        assertThat(compared).isGreaterThan(REDEFINED_IN_V2.size());
        assertThat(problems).isEmpty();
    }

    /** An editor reads the schema from a file's modeline: the bundled protocols and bank have one, and each names the schema of the file's format. */
    @TestFactory
    Stream<DynamicTest> everyModeline_namesTheSchemaOfItsFormat() throws IOException {
        List<Path> files = new ArrayList<>(TestFiles.bundledProtocolFiles());
        files.add(QUESTION_BANK);
        List<Path> withModeline = new ArrayList<>(files);
        for (Path root : List.of(FIXTURES, TEST_LIBRARIES)) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(f -> f.toString().endsWith(".yaml")).filter(f -> MODELINE.matcher(TestFiles.text(f)).find())
                        .sorted().forEach(withModeline::add);
            }
        }
        return withModeline.stream().distinct().map(file -> dynamicTest(file.toString(), file.toUri(), () -> {
            Matcher modeline = MODELINE.matcher(TestFiles.text(file));
            assertThat(modeline.find()).as("%s has a line '# yaml-language-server: $schema=PATH'", file).isTrue();
            Path named = file.toAbsolutePath().getParent().resolve(modeline.group(1)).normalize();
            String schema = schemaOf(readYaml(file), file);
            assertThat(named).as("schema named by the modeline of %s", file)
                    .isEqualTo(MAIN_RESOURCES.resolve(schema).toAbsolutePath().normalize());
        }));
    }

    // ---- helpers

    private static void assertConforms(Path file) throws IOException {
        assertThat(validate(file)).as("schema violations in %s", file).isEmpty();
    }

    /** Every message lies within the node at {@code location} (the defect stays where it is), one of them of {@code keyword}. */
    private static void assertRefusedWithin(Set<ValidationMessage> messages, String keyword, String location) {
        assertThat(messages)
                .isNotEmpty()
                .allSatisfy(message -> assertThat(within(message.getInstanceLocation().toString(), location))
                        .as("%s lies within \"%s\"", message, location).isTrue())
                .anySatisfy(message -> assertThat(message.getType()).isEqualTo(keyword));
    }

    private static boolean within(String path, String location) {
        return location.isEmpty() || path.equals(location) || path.startsWith(location + "/");
    }

    /** Validates a file against the schema its {@code format} names. */
    private static Set<ValidationMessage> validate(Path file) {
        try {
            JsonNode document = readYaml(file);
            return SCHEMAS.get(schemaOf(document, file)).validate(document);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static String schemaOf(JsonNode document, Path file) {
        String format = format(document, file);
        return Optional.ofNullable(SCHEMA_OF_FORMAT.get(format))
                .orElseThrow(() -> new AssertionError(file + ": no schema for format '" + format + "'"));
    }

    private static String format(JsonNode document, Path file) {
        JsonNode format = document.path("format");
        if (!format.isTextual()) {
            fail("%s has no format", file);
        }
        return format.asText();
    }

    /** Checks a bank file as the shared questions of a library of its own, with the bundled scale. */
    private static LoadReport checkAsBank(Path file, Path dir) throws IOException {
        Files.copy(DISPOSITION_SCALE, dir.resolve(ProtocolLoader.SCALE_FILE));
        Files.copy(file, dir.resolve("questions.yaml"));
        return ProtocolLoader.checkDirectory(dir);
    }

    /** Reads YAML as the loader does: YAML 1.2 JSON scalars only, so `no` and `2026-11-27` stay strings. */
    private static JsonNode readYaml(Path file) throws IOException {
        return readYaml(Files.readString(file), file.toString());
    }

    private static JsonNode readYaml(String yaml, String label) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(label)
                .setSchema(new org.snakeyaml.engine.v2.schema.JsonSchema())
                .build();
        return JSON.valueToTree(new Load(settings).loadFromString(yaml));
    }

    private static JsonNode schemaJson(String resource) throws IOException {
        try (InputStream in = ProtocolSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
            return JSON.readTree(Objects.requireNonNull(in, resource));
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
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

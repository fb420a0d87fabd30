package org.opentriage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The canonical writer must write what Jackson's generator writes with keys sorted (the form every
 * trail so far was hashed over), and a sealed record's line must be the canonical text of the record
 * with its hash fields. Checked over seeded random trees with every control character, quotes,
 * backslashes, non-ASCII text and unpaired surrogates.
 */
class CanonicalJsonTest {
    private static final String ALPHABET = "abc \"\\/\u007f\u00e9\u00fc\u4e2d\ud83d\ude00\ud800\u2028";

    @Test
    void writesWhatJacksonWritesWithSortedKeys_forRandomTrees() throws IOException {
        Random random = new Random(27112026L);
        for (int i = 0; i < 3_000; i++) {
            JsonNode tree = tree(random, 0);
            assertThat(CanonicalJson.write(tree)).as("tree %d", i).isEqualTo(jackson(tree));
        }
    }

    @Test
    void sealedLine_isTheCanonicalTextOfTheSealedRecord_andItsHashCoversTheBody() {
        Random random = new Random(11L);
        byte[] key = "sixteen byte key".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 1_000; i++) {
            ObjectNode record = (ObjectNode) tree(random, 1);
            record.remove("hash");
            record.remove("hmac");
            if (random.nextBoolean()) {
                record.put("prev", AuditChain.GENESIS);
            }
            Optional<byte[]> hmacKey = random.nextBoolean() ? Optional.of(key) : Optional.empty();
            String body = CanonicalJson.write(record);

            String line = AuditChain.seal(record, hmacKey);

            assertThat(line).isEqualTo(CanonicalJson.write(record));
            assertThat(record.get("hash").asText()).isEqualTo(AuditChain.hash(body));
            assertThat(AuditChain.body(record)).isEqualTo(body);
            assertThat(record.has("hmac")).isEqualTo(hmacKey.isPresent());
        }
    }

    private static JsonNode tree(Random random, int depth) {
        int kind = depth == 1 ? 0 : random.nextInt(depth > 3 ? 4 : 6);
        switch (kind) {
            case 0, 5: {
                ObjectNode object = CanonicalJson.MAPPER.createObjectNode();
                int fields = random.nextInt(6);
                for (int f = 0; f < fields; f++) {
                    String name = random.nextInt(3) == 0 ? List.of("hash", "hmac", "prev", "call", "z", "a", "hasi").get(random.nextInt(7))
                            : text(random);
                    object.set(name, tree(random, depth + 2));
                }
                return object;
            }
            case 4: {
                ArrayNode array = CanonicalJson.MAPPER.createArrayNode();
                int items = random.nextInt(4);
                for (int n = 0; n < items; n++) {
                    array.add(tree(random, depth + 2));
                }
                return array;
            }
            case 1:
                return CanonicalJson.MAPPER.getNodeFactory().textNode(text(random));
            case 2:
                return CanonicalJson.MAPPER.getNodeFactory().numberNode(random.nextLong() >> random.nextInt(64));
            default:
                return random.nextBoolean() ? CanonicalJson.MAPPER.getNodeFactory().booleanNode(random.nextBoolean())
                        : CanonicalJson.MAPPER.getNodeFactory().nullNode();
        }
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(3) == 0 ? (char) random.nextInt(0x20) : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    /** The writer every earlier trail was hashed with: Jackson's generator, keys sorted. */
    private static String jackson(JsonNode node) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = CanonicalJson.MAPPER.getFactory().createGenerator(out)) {
            jackson(node, generator);
        }
        return out.toString();
    }

    private static void jackson(JsonNode node, JsonGenerator out) throws IOException {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            fields.sort(Map.Entry.comparingByKey());
            out.writeStartObject();
            for (Map.Entry<String, JsonNode> field : fields) {
                out.writeFieldName(field.getKey());
                jackson(field.getValue(), out);
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode item : node) {
                jackson(item, out);
            }
            out.writeEndArray();
        } else if (node.isTextual()) {
            out.writeString(node.textValue());
        } else if (node.isIntegralNumber()) {
            out.writeNumber(node.longValue());
        } else if (node.isBoolean()) {
            out.writeBoolean(node.booleanValue());
        } else {
            out.writeNull();
        }
    }
}

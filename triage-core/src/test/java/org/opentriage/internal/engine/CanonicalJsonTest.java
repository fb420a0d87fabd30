package org.opentriage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * The canonical writer must write what the reference implementation of RFC 8785 (JCS) writes, so that
 * anyone can check a trail's hashes with a standard tool. Checked over seeded random trees with every
 * control character, quotes, backslashes, non-ASCII text and whole numbers up to 2^53, and on the RFC's
 * own examples.
 */
class CanonicalJsonTest {
    /** Characters of every class JCS treats apart; unpaired surrogates are checked on their own. */
    private static final String ALPHABET = "abc \"\\/\u007f\u00e9\u00fc\u4e2d\ud83d\ude00\u2028\u20ac";

    @Test
    void writesWhatTheRfc8785ReferenceWrites_forRandomTrees() throws IOException {
        Random random = new Random(27112026L);
        for (int i = 0; i < 3_000; i++) {
            JsonNode tree = tree(random, 0);
            String canonical = CanonicalJson.write(tree);
            // The reference reads a top-level object only.
            assertThat("{\"v\":" + canonical + "}").as("tree %d", i)
                    .isEqualTo(new JsonCanonicalizer("{\"v\":" + jackson(tree) + "}").getEncodedString());
            assertThat(CanonicalJson.write(CanonicalJson.MAPPER.readTree(canonical))).isEqualTo(canonical);
        }
    }

    /** A record's hashed text, written without a copy, is the canonical text of the record as the chain defines it. */
    @Test
    void chainedText_isTheCanonicalTextOfTheRecordWithPrevInPlaceOfHashAndHmac() {
        Random random = new Random(6122026L);
        for (int i = 0; i < 3_000; i++) {
            JsonNode tree = tree(random, 0);
            if (!(tree instanceof ObjectNode record)) {
                continue;
            }
            String prev = text(random);
            ObjectNode copy = record.deepCopy();
            copy.remove("hash");
            copy.remove("hmac");
            copy.put("prev", prev);
            assertThat(CanonicalJson.writeChained(record, prev)).as("tree %d", i).isEqualTo(CanonicalJson.write(copy));
            assertThat(CanonicalJson.Members.of(record).object()).as("tree %d", i).isEqualTo(CanonicalJson.write(record));
        }
    }

    @Test
    void rfc8785Examples_areWrittenAsTheRfcWritesThem() throws IOException {
        String strings = "{\"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\"}";
        String keys = "{\"\\u20ac\":1,\"\\r\":2,\"\\ufb33\":3,\"1\":4,\"\\ud83d\\ude00\":5,\"\\u0080\":6,\"\\u00f6\":7}";

        assertThat(CanonicalJson.write(CanonicalJson.MAPPER.readTree(strings)))
                .isEqualTo("{\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
        assertThat(CanonicalJson.write(CanonicalJson.MAPPER.readTree(keys)))
                .isEqualTo("{\"\\r\":2,\"1\":4,\"\u0080\":6,\"\u00f6\":7,\"\u20ac\":1,\"\ud83d\ude00\":5,\"\ufb33\":3}");
    }

    @Test
    void unpairedSurrogates_areEscapedInLowerCase_pairsAreWrittenAsThemselves() {
        String text = "a\ud800b\ud83d\ude00c\udc00\u001f";

        String canonical = CanonicalJson.write(CanonicalJson.MAPPER.getNodeFactory().textNode(text));

        assertThat(canonical).isEqualTo("\"a\\ud800b\ud83d\ude00c\\udc00\\u001f\"");
    }

    @Test
    void wholeNumbersBeyond2To53_areRefused() {
        assertThat(CanonicalJson.write(CanonicalJson.MAPPER.getNodeFactory().numberNode(1L << 53))).isEqualTo("9007199254740992");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CanonicalJson.write(
                CanonicalJson.MAPPER.getNodeFactory().numberNode((1L << 53) + 1))).isInstanceOf(IllegalArgumentException.class);
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
                return CanonicalJson.MAPPER.getNodeFactory().numberNode((random.nextLong() >> 10) >> random.nextInt(54));
            default:
                return random.nextBoolean() ? CanonicalJson.MAPPER.getNodeFactory().booleanNode(random.nextBoolean())
                        : CanonicalJson.MAPPER.getNodeFactory().nullNode();
        }
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(3) == 0) {
                text.append((char) random.nextInt(0x20));
            } else {
                int at = random.nextInt(ALPHABET.length());
                at -= Character.isLowSurrogate(ALPHABET.charAt(at)) ? 1 : 0;
                text.appendCodePoint(ALPHABET.codePointAt(at));
            }
        }
        return text.toString();
    }

    /** Any JSON text of the tree, for the reference implementation to canonicalize. */
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

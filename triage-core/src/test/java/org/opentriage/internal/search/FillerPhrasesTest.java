package org.opentriage.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;

/**
 * A search phrase that filler words would shrink to one word ("had a low", "feeling low", "just a cough") needs
 * its filler words in the query too, so that it does not catch every query holding that one word; and among
 * protocols that only share a word with the query, the one with a phrase the query comes closest to filling
 * comes first, not the first by id. Fixture: {@code libraries/search-filler}.
 */
class FillerPhrasesTest {
    private static final List<Protocol> PROTOCOLS = ProtocolLibrary.load(
            Path.of("src", "test", "resources", "libraries", "search-filler")).protocols();
    private static final ProtocolSearch SEARCH = new ProtocolSearch(PROTOCOLS);

    private static List<String> rank(String query) {
        return SEARCH.rank(query, PROTOCOLS).stream().map(Protocol::id).toList();
    }

    @Test
    void aPhraseShrunkByFiller_needsItsFillerWords() {
        assertThat(rank("she had a low this morning")).startsWith("sugar");
        assertThat(rank("I have been feeling low")).startsWith("mood");
        // "had a low" is not a whole phrase of "low mood all week": "mood" wins on its own whole phrase.
        assertThat(rank("low mood all week")).containsExactly("mood");
        // "just a cough" is not matched by every query with "just" in it.
        assertThat(rank("just had a hypo")).containsExactly("sugar");
    }

    @Test
    void sharedWordsOnly_theProtocolWhosePhraseTheQueryComesClosestToFilling_first() {
        // "low" alone: half of "low mood" and of "had a low", a quarter of "low peak flow reading" ("breath" first by id).
        assertThat(rank("low")).containsExactly("mood", "sugar", "breath");
        assertThat(rank("wheezy, peak flow low")).startsWith("breath");
    }
}

package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The library's README lists every bundled protocol, generated from the protocols themselves. */
class LibraryIndexTest {
    private static final Path README = TestFiles.LIBRARY.resolve("README.md");
    private static final String START = "<!-- index:start";
    private static final String END = "<!-- index:end -->";

    @Test
    void readmeIndex_listsEveryProtocol_asGenerated() {
        String readme = TestFiles.text(README);
        String expected = index(ProtocolLibrary.bundled());
        int start = readme.indexOf('\n', readme.indexOf(START)) + 1;
        int end = readme.indexOf(END);

        assertThat(readme.substring(start, end))
                .as("the index in %s; replace it with:%n%s", README, expected)
                .isEqualTo(expected);
    }

    static String index(ProtocolLibrary library) {
        StringBuilder table = new StringBuilder("| id | title | population | file | status |\n|---|---|---|---|---|\n");
        for (String group : new String[] {"adult/", "pediatric/"}) {
            for (Protocol p : library.latest(Optional.empty(), ProtocolLibrary.Resolution.ANY_STATUS)) {
                String source = library.sourceOf(p).orElseThrow();
                String file = source.substring(source.indexOf(ProtocolLoader.BUNDLED_ROOT) + ProtocolLoader.BUNDLED_ROOT.length() + 1);
                if (file.startsWith(group)) {
                    table.append("| `").append(p.id()).append("` | ").append(p.title().english()).append(" | ")
                            .append(p.population().describe()).append(" | [").append(file).append("](").append(file)
                            .append(") | ").append(p.approval().status().word())
                            .append(p.approval().clinicallyValidated() ? "" : " — not clinically validated").append(" |\n");
                }
            }
        }
        return table.toString();
    }
}

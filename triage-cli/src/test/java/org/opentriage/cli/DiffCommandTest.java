package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code triage diff}: a question moved to a less urgent group shows as a moved question, then as a fall of
 * disposition with an example path, falls first; {@code --check} fails on it.
 */
class DiffCommandTest {
    private static final Path CHEST = Path.of("..", "protocols", "library", "adult", "chest-pain-adult.protocol.yaml");

    @Test
    void aQuestionMovedDown_isAMoveInTheText_andAFallInBehaviour_withAnExamplePath(@TempDir Path dir) throws IOException {
        String text = Files.readString(CHEST);
        int start = text.indexOf("      - id: racing-heart\n");
        int end = text.indexOf("      - id: chest-injury\n");
        String block = text.substring(start, end);
        String moved = (text.substring(0, start) + text.substring(end))
                .replace("  - disposition: within-4h\n    questions:\n", "  - disposition: within-4h\n    questions:\n" + block)
                .replaceFirst("\nversion: \"([0-9.]+)\"", "\nversion: \"9.9.9\"");
        Path old = Files.writeString(dir.resolve("old.protocol.yaml"), text);
        Path changed = Files.writeString(dir.resolve("new.protocol.yaml"), moved);

        Cli.Run diff = triage("diff", "--check", old.toString(), changed.toString());
        Cli.Run same = triage("diff", "--check", old.toString(), old.toString());

        assertThat(diff.exitCode()).as(diff.err()).isEqualTo(ExitCode.NOT_AS_EXPECTED);
        assertThat(diff.out()).contains("chest-pain-adult@0.2.0 → chest-pain-adult@9.9.9")
                .contains("question moved  racing-heart: group ed-now → group within-4h")
                .containsPattern("FALLS \\(1 kinds, [0-9]+ paths\\):\\n    ed-now → within-4h \\([0-9]+ paths\\), e\\.g\\. .*racing-heart=yes");
        assertThat(same.exitCode()).as(same.out()).isEqualTo(ExitCode.OK);
        assertThat(same.out()).contains("Clinical changes (0):", "no disposition changes on the paths compared");
    }
}

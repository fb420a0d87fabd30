package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo trail under examples/trails is what {@link DemoTrail} makes from its seed. With {@code -Ddemo.write=true}
 * the test writes it there instead (after a change to the generator or to the protocols it runs).
 */
class DemoTrailTest {
    @TempDir
    Path dir;

    @Test
    void theCommittedDemoTrail_isWhatTheGeneratorMakes() throws IOException {
        if (Boolean.getBoolean("demo.write")) {
            Files.createDirectories(DemoTrail.COMMITTED.getParent());
            DemoTrail.write(DemoTrail.COMMITTED);
        }
        Path made = dir.resolve("demo.jsonl.gz");
        DemoTrail.write(made);

        assertThat(unzipped(made)).as("regenerate it: see DemoTrail").isEqualTo(unzipped(DemoTrail.COMMITTED));
        Cli.Run run = triage("report", DemoTrail.COMMITTED.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("intact", DemoTrail.CALLS + " calls");
    }

    private static String unzipped(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

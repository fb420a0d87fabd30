package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo trail under examples/trails: it reports, and (when asked) it is what {@link DemoTrail} makes from its seed.
 * With {@code -Ddemo.write=true} the test writes it there first (after a change to the generator or to the protocols
 * it runs).
 */
class DemoTrailTest {
    @TempDir
    Path dir;

    /** The committed demo trail verifies and reports: every call of it counted. */
    @Test
    void theDemoTrail_isReported() {
        Cli.Run run = triage("report", "--json", DemoTrail.COMMITTED.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("\"status\" : \"intact\"", "\"calls\" : " + DemoTrail.CALLS + ",");
    }

    /**
     * The committed trail is what the generator makes from its seed (about 25 s, so only when asked:
     * {@code -Ddemo.check=true}); {@code -Ddemo.write=true} writes it first.
     */
    @Test
    void theCommittedDemoTrail_isWhatTheGeneratorMakes() throws IOException {
        assumeTrue(Boolean.getBoolean("demo.write") || Boolean.getBoolean("demo.check"),
                "-Ddemo.check=true to compare the committed demo trail with a new one, -Ddemo.write=true to rewrite it");
        if (Boolean.getBoolean("demo.write")) {
            Files.createDirectories(DemoTrail.COMMITTED.getParent());
            DemoTrail.write(DemoTrail.COMMITTED);
        }
        Path made = dir.resolve("demo.jsonl.gz");
        DemoTrail.write(made);

        assertThat(unzipped(made)).as("regenerate it: see DemoTrail").isEqualTo(unzipped(DemoTrail.COMMITTED));
    }

    private static String unzipped(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}

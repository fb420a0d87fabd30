package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code triage approve} and {@code triage run --production}: a production run refuses drafts, runs what a reviewer
 * and a second person approved, and refuses it again once its file changes.
 */
class ApproveCommandTest {
    private static final Path LIBRARY = Path.of("..", "protocols", "library");
    private static final String CALL = Cli.EXAMPLE_CALLS.resolve("chest-pain-adult-ed-now.call.yaml").toString();

    private static Path copyOfTheLibrary(Path dir) throws IOException {
        Path copy = dir.resolve("library");
        try (Stream<Path> files = Files.walk(LIBRARY)) {
            for (Path f : files.toList()) {
                Path target = copy.resolve(LIBRARY.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return copy;
    }

    private static Cli.Run production(Path library) {
        return triage("run", "--production", "--library", library.toString(), "--answers", CALL);
    }

    private static void approve(Path library, String reference) {
        Cli.Run review = triage("approve", reference, "--as", "content-reviewer:rn-lead-3", "--reviewed",
                "--library", library.toString(), "--date", "2026-12-06");
        Cli.Run approval = triage("approve", reference, "--as", "clinical-lead:dr-lee", "--library", library.toString(),
                "--date", "2026-12-07");
        assertThat(review.exitCode()).as(review.err()).isEqualTo(ExitCode.OK);
        assertThat(approval.exitCode()).as(approval.err()).isEqualTo(ExitCode.OK);
        assertThat(approval.out()).startsWith(reference + " approved by clinical-lead:dr-lee on 2026-12-07 for content sha256:");
    }

    @Test
    void production_refusesDrafts_runsWhatIsApproved_andRefusesItAgainOnceItsFileChanges(@TempDir Path dir) throws IOException {
        Path library = copyOfTheLibrary(dir);

        Cli.Run drafts = production(library);
        assertThat(drafts.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(drafts.err()).contains("is draft, not approved");

        approve(library, "general-assessment@0.2.3");
        approve(library, "chest-pain-adult@0.2.0");
        Cli.Run approved = production(library);
        assertThat(approved.exitCode()).as(approved.err()).isEqualTo(ExitCode.OK);
        assertThat(approved.out()).contains("As expected: ed-now");

        Path file = library.resolve("adult/chest-pain-adult.protocol.yaml");
        Files.writeString(file, Files.readString(file).replace("Call 911 now.", "Call 911 right now."));
        Cli.Run changed = production(library);
        assertThat(changed.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(changed.err()).contains("chest-pain-adult@0.2.0 was approved by clinical-lead:dr-lee on 2026-12-07",
                "but its content is now sha256:");
    }

    @Test
    void anApproval_byTheReviewer_orWithoutAVersion_isRefused(@TempDir Path dir) throws IOException {
        Path library = copyOfTheLibrary(dir);
        triage("approve", "chest-pain-adult@0.2.0", "--as", "clinical-lead:dr-lee", "--reviewed", "--library", library.toString());

        Cli.Run same = triage("approve", "chest-pain-adult@0.2.0", "--as", "clinical-lead:dr-lee", "--library", library.toString());
        Cli.Run noVersion = triage("approve", "chest-pain-adult", "--as", "clinical-lead:dr-ng", "--library", library.toString());

        assertThat(same.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(same.err()).contains("cannot also approve it: an approval needs a second person");
        assertThat(noVersion.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noVersion.err()).contains("name the version approved");
    }
}

package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentriage.triage.Call;
import org.opentriage.triage.Patient;
import org.opentriage.triage.ProtocolNotApprovedException;
import org.opentriage.triage.TriageEngine;

/**
 * The approval gate: reviews and approvals recorded apart from the protocol files, by content hash, two people; a
 * production engine runs only what is approved for its current content, pinned versions included.
 */
class ApprovalsTest {
    private static final ProtocolLibrary BUNDLED = ProtocolLibrary.bundled();
    private static final Protocol CHEST = BUNDLED.resolve("chest-pain-adult", ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
    private static final Patient PATIENT = Patient.of("p-approvals", Quantity.parse("54 y").orElseThrow());
    private static final LocalDate DAY = LocalDate.parse("2026-12-06");

    private static TriageEngine production(ProtocolLibrary library) {
        return TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.APPROVED_ONLY).generalAssessment(false).build();
    }

    @Test
    void aReviewThenAnApprovalByAnotherPerson_letsAProductionEngineRunIt(@TempDir Path dir) {
        Path file = dir.resolve(Approvals.FILE);
        Approvals.record(file, CHEST, Approval.Status.REVIEWED, "content-reviewer", "rn-lead-3", DAY);
        Approvals.record(file, CHEST, Approval.Status.APPROVED, "clinical-lead", "dr-lee", DAY);
        ProtocolLibrary library = BUNDLED.withApprovals(Approvals.read(file));

        Call call = production(library).startCall("rn-1", PATIENT, List.of("chest-pain-adult"));

        assertThat(call.protocols()).containsExactly(CHEST.ref());
        assertThat(library.approvals().status(CHEST)).isEqualTo(Approval.Status.APPROVED);
        assertThat(CHEST.contentHash()).as("recording an approval does not change what was approved")
                .isEqualTo(ProtocolLibrary.bundled().resolve(CHEST.ref(), ProtocolLibrary.Resolution.ANY_STATUS)
                        .orElseThrow().contentHash());
    }

    @Test
    void anApprovalWithoutAnEarlierReviewByAnotherPerson_approvesNothing_whenTheFileIsWrittenByHand(@TempDir Path dir)
            throws IOException {
        String entry = """
                  - protocol: %s
                    contentHash: %s
                    status: %s
                    role: clinical-lead
                    reviewer: %s
                    date: 2026-12-06
                """;
        Path alone = Files.writeString(dir.resolve("alone.yaml"), "format: opentriage/approvals/v1\nentries:\n"
                + entry.formatted(CHEST.ref(), CHEST.contentHash(), "approved", "dr-lee"));
        Path selfReviewed = Files.writeString(dir.resolve("self.yaml"), "format: opentriage/approvals/v1\nentries:\n"
                + entry.formatted(CHEST.ref(), CHEST.contentHash(), "reviewed", "dr-lee")
                + entry.formatted(CHEST.ref(), CHEST.contentHash(), "approved", "dr-lee"));
        Path reviewedAfter = Files.writeString(dir.resolve("after.yaml"), "format: opentriage/approvals/v1\nentries:\n"
                + entry.formatted(CHEST.ref(), CHEST.contentHash(), "approved", "dr-lee")
                + entry.formatted(CHEST.ref(), CHEST.contentHash(), "reviewed", "rn-lead-3"));

        for (Path file : List.of(alone, selfReviewed, reviewedAfter)) {
            Approvals approvals = Approvals.read(file);
            assertThat(approvals.isApproved(CHEST)).as(file.getFileName().toString()).isFalse();
            assertThatThrownBy(() -> production(BUNDLED.withApprovals(approvals))
                    .startCall("rn-1", PATIENT, List.of("chest-pain-adult")))
                    .isInstanceOf(ProtocolNotApprovedException.class).hasMessageContaining("two people");
        }
    }

    @Test
    void aDraft_isRefusedByAProductionEngine_evenPinned_sayingWhy() {
        TriageEngine engine = production(BUNDLED);

        assertThatThrownBy(() -> engine.startCall("rn-1", PATIENT, List.of("chest-pain-adult")))
                .isInstanceOf(ProtocolNotApprovedException.class).hasMessageContaining("is draft, not approved");
        assertThatThrownBy(() -> engine.startCall("rn-1", PATIENT, List.of(CHEST.ref())))
                .isInstanceOf(ProtocolNotApprovedException.class).hasMessageContaining(CHEST.ref() + " is draft");
    }

    @Test
    void anApprovalOfOtherContent_approvesNothing_andTheRefusalNamesBothHashes() {
        String old = "sha256:" + "0".repeat(64);
        Approvals approvals = Approvals.of(List.of(
                new Approvals.Entry(CHEST.ref(), old, Approval.Status.REVIEWED, "content-reviewer", "rn-lead-3", DAY),
                new Approvals.Entry(CHEST.ref(), old, Approval.Status.APPROVED, "clinical-lead", "dr-lee", DAY)));
        TriageEngine engine = production(BUNDLED.withApprovals(approvals));

        assertThatThrownBy(() -> engine.startCall("rn-1", PATIENT, List.of("chest-pain-adult")))
                .isInstanceOf(ProtocolNotApprovedException.class)
                .hasMessageContaining("was approved by clinical-lead:dr-lee").hasMessageContaining(old)
                .hasMessageContaining("its content is now " + CHEST.contentHash());
    }

    @Test
    void anApproval_needsAnEarlierReviewOfTheSameContent_byAnotherPerson(@TempDir Path dir) {
        Path file = dir.resolve(Approvals.FILE);

        assertThatThrownBy(() -> Approvals.record(file, CHEST, Approval.Status.APPROVED, "clinical-lead", "dr-lee", DAY))
                .hasMessageContaining("no review");
        Approvals.record(file, CHEST, Approval.Status.REVIEWED, "clinical-lead", "dr-lee", DAY);
        assertThatThrownBy(() -> Approvals.record(file, CHEST, Approval.Status.APPROVED, "clinical-lead", "dr-lee", DAY))
                .hasMessageContaining("second person");
        assertThatThrownBy(() -> Approvals.record(file, CHEST, Approval.Status.REVIEWED, "clinical-lead", "dr-lee", DAY))
                .hasMessageContaining("already reviewed");
        assertThat(Approvals.read(file).status(CHEST)).isEqualTo(Approval.Status.REVIEWED);
    }

    @Test
    void aProductionEngine_refusesToResumeACallOnContentNotApproved_andResumesItOnceApproved(@TempDir Path dir) {
        byte[] key = "approvals-test-snapshot-key-0001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        TriageEngine drafting = TriageEngine.builder(BUNDLED).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
                .generalAssessment(false).snapshotKey(key).build();
        String snapshot = drafting.startCall("rn-1", PATIENT, List.of("chest-pain-adult")).snapshot();

        TriageEngine refusing = TriageEngine.builder(BUNDLED).resolution(ProtocolLibrary.Resolution.APPROVED_ONLY)
                .generalAssessment(false).snapshotKey(key).build();
        assertThatThrownBy(() -> refusing.resume(snapshot)).isInstanceOf(ProtocolNotApprovedException.class)
                .hasMessageContaining("cannot be resumed by a production engine").hasMessageContaining(CHEST.ref() + " is draft");

        Path file = dir.resolve(Approvals.FILE);
        Approvals.record(file, CHEST, Approval.Status.REVIEWED, "content-reviewer", "rn-lead-3", DAY);
        Approvals.record(file, CHEST, Approval.Status.APPROVED, "clinical-lead", "dr-lee", DAY);
        TriageEngine approved = TriageEngine.builder(BUNDLED.withApprovals(Approvals.read(file)))
                .resolution(ProtocolLibrary.Resolution.APPROVED_ONLY).generalAssessment(false).snapshotKey(key).build();
        assertThat(approved.resume(snapshot).protocols()).containsExactly(CHEST.ref());
    }

    @Test
    void aMalformedFile_isRefusedNamingTheEntry(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve(Approvals.FILE), """
                format: opentriage/approvals/v1
                entries:
                  - protocol: chest-pain-adult@0.2.0
                    contentHash: sha256:%s
                    status: approved-ish
                    role: clinical-lead
                    reviewer: dr-lee
                    date: 2026-12-06
                """.formatted("a".repeat(64)));

        assertThatThrownBy(() -> Approvals.read(file)).hasMessageContaining("entry 1")
                .hasMessageContaining("status must be reviewed or approved");
    }

    @Test
    void aDirectoryLibrary_readsItsApprovalsFile_andTheLatestApprovedVersionIsTheOneRun(@TempDir Path dir) throws IOException {
        Path source = Path.of("src", "test", "resources", "libraries", "approved-and-newer-draft");
        try (var files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        ProtocolLibrary before = ProtocolLibrary.load(dir);
        Protocol newer = before.resolve("knee-pain@1.1.0", ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
        assertThat(before.resolve("knee-pain", ProtocolLibrary.Resolution.APPROVED_ONLY)).map(Protocol::ref)
                .contains("knee-pain@1.0.0");

        Approvals.record(dir.resolve(Approvals.FILE), newer, Approval.Status.REVIEWED, "content-reviewer", "rn-lead-3", DAY);
        Approvals.record(dir.resolve(Approvals.FILE), newer, Approval.Status.APPROVED, "clinical-lead", "dr-lee", DAY);

        assertThat(ProtocolLibrary.load(dir).resolve("knee-pain", ProtocolLibrary.Resolution.APPROVED_ONLY))
                .map(Protocol::ref).contains("knee-pain@1.1.0");
    }
}

package org.opentriage.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.opentriage.protocol.Approval;
import org.opentriage.protocol.Approvals;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;

/**
 * A production console ({@code triage console --production}): only protocols approved for their current content are
 * listed and run; a call on a draft is refused when it starts, saying why.
 */
class ConsoleProductionTest {
    @TempDir
    Path data;
    @TempDir
    Path approvalsDir;

    @Test
    void onlyApprovedProtocols_areListedAndRun_andACallOnADraftIsRefusedSayingWhy() {
        ProtocolLibrary bundled = ConsoleFixture.library();
        Path file = approvalsDir.resolve(Approvals.FILE);
        for (String id : new String[] {"chest-pain-adult", "general-assessment"}) {
            Protocol p = bundled.resolve(id, ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
            Approvals.record(file, p, Approval.Status.REVIEWED, "content-reviewer", "rn-lead-3", LocalDate.parse("2026-12-06"));
            Approvals.record(file, p, Approval.Status.APPROVED, "clinical-lead", "dr-lee", LocalDate.parse("2026-12-06"));
        }
        try (ConsoleFixture fixture = ConsoleFixture.production(data, bundled.withApprovals(Approvals.read(file))).withUsers()) {
            ApiClient rn = fixture.login("rn-1");

            ApiClient.Response listed = rn.get("/api/protocols?search=chest%20pain%20headache&age=54");
            assertThat(listed.json().findValuesAsText("id")).containsExactly("chest-pain-adult");
            assertThat(listed.json().get(0).get("status").asText()).isEqualTo("approved");

            CallScripts.start(rn, "p-prod-1", "54 y", "male", "chest-pain-adult");

            ObjectNode body = ApiClient.json();
            body.putObject("patient").put("reference", "p-prod-2").put("age", "54 y").put("sex", "male");
            body.putArray("protocols").add("headache-adult");
            ApiClient.Response draft = rn.post("/api/calls", body);
            assertThat(draft.status()).isEqualTo(422);
            assertThat(draft.raw().body()).contains("headache-adult").contains("not approved");
        }
    }
}

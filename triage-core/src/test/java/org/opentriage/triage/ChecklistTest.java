package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentriage.protocol.LoadReport;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.ProtocolLoader;
import org.opentriage.protocol.Quantity;

/**
 * A checklist lists the items of one finding in place of a compound yes/no question: none, some (each
 * recorded) or "don't know"; an item may call for a more urgent disposition than its group, and "don't know"
 * is never below the most urgent item.
 */
class ChecklistTest {
    private static final Path DIR = Path.of("src", "test", "resources", "libraries", "checklists");
    private static final ProtocolLibrary LIBRARY = ProtocolLibrary.load(DIR);
    private static final MemoryAuditSink SINK = new MemoryAuditSink();
    private static final TriageEngine ENGINE = TriageEngine.builder(LIBRARY).resolution(ProtocolLibrary.Resolution.ANY_STATUS)
            .auditSink(SINK).build();
    private static final Patient ADULT = Patient.of("p-1", Quantity.parse("40 y").orElseThrow());

    private static Call call() {
        return ENGINE.startCall("rn-1", ADULT, List.of("breathing-test"));
    }

    private static String disposition(Step step) {
        return ((Step.Done) step).outcome().recommended().id();
    }

    @Test
    void noneOfTheItems_rulesTheQuestionOut() {
        Call call = call();

        Step step = call.answer(Answer.items());

        assertThat(((Step.Ask) step).question().id()).isEqualTo("cough");
    }

    @Test
    void anItem_givesTheGroupsDisposition_andAnItemThatCallsForMoreGivesThat() {
        assertThat(disposition(call().answer(Answer.items("wheeze")))).isEqualTo("ed-now");
        assertThat(disposition(call().answer(Answer.items("wheeze", "blue-lips")))).isEqualTo("call-911");
    }

    @Test
    void dontKnow_isAsUrgentAsTheMostUrgentItem() {
        assertThat(disposition(call().answer(Answer.unknown()))).isEqualTo("call-911");
    }

    @Test
    void theItemsThatApply_areRecorded_andTheCallReplays() {
        Call call = call();
        call.answer(Answer.items("chest-pain", "wheeze"));
        call.close();

        assertThat(Trails.events(SINK, call.id())).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(AuditEvent.AnswerGiven.class,
                given -> assertThat(given.answer()).isEqualTo(Answer.items("wheeze", "chest-pain"))));
        assertThat(SINK.lines().stream().filter(l -> l.contains(call.id()))).anySatisfy(l -> assertThat(l)
                .contains("\"answer\":{\"items\":[\"chest-pain\",\"wheeze\"]}"));
        assertThat(ENGINE.replay(SINK.records()).stream().filter(r -> r.callId().equals(call.id())))
                .singleElement().satisfies(r -> assertThat(r.differences()).isEmpty());
    }

    @Test
    void anItemThatIsNotOnTheList_isRejected_andTheCallIsUnchanged() {
        Call call = call();
        Step before = call.next();

        assertThatThrownBy(() -> call.answer(Answer.items("wheeze", "rash"))).isInstanceOf(AnswerRejectedException.class)
                .hasMessageContaining("not an item: [rash]");
        assertThatThrownBy(() -> call.answer(Answer.yes())).isInstanceOf(AnswerRejectedException.class)
                .hasMessageContaining("none, or some of");
        assertThat(call.next()).isEqualTo(before);
    }

    @Test
    void anItemCallingForLessThanItsGroup_orCodedAsAnAnswerWord_isALoadError(@TempDir Path dir) throws Exception {
        String protocol = Files.readString(DIR.resolve("breathing-test.protocol.yaml"));
        Files.copy(DIR.resolve("dispositions.yaml"), dir.resolve("dispositions.yaml"));
        Files.writeString(dir.resolve("breathing-test.protocol.yaml"), protocol
                .replace("disposition: call-911}", "disposition: within-4h}")
                .replace("{code: wheeze,", "{code: none,"));

        LoadReport report = ProtocolLoader.checkDirectory(dir);

        assertThat(report.problems()).extracting(p -> p.code().code()).containsExactlyInAnyOrder("TRIAGE-0030", "TRIAGE-0013");
    }
}

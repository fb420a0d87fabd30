package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;

/**
 * Shared questions are defined once in the library's {@code questions.yaml}; in a call each is asked once,
 * and every other protocol that uses it takes that answer, recorded as reused with the bank's version.
 */
class SharedQuestionsTest {
    private static final Path SHARED = Path.of("src", "test", "resources", "libraries", "shared");
    private static final ProtocolLibrary LIBRARY = ProtocolLibrary.load(SHARED);
    private static final Patient ADULT = Patient.of("p-1", Quantity.parse("40 y").orElseThrow());

    private static TriageEngine engine(MemoryAuditSink sink) {
        return TriageEngine.builder(LIBRARY).resolution(ProtocolLibrary.Resolution.ANY_STATUS).auditSink(sink).build();
    }

    @Test
    void aTwoProtocolCall_asksEachSharedQuestionOnce_andTheSecondProtocolReusesTheAnswers() {
        MemoryAuditSink sink = new MemoryAuditSink();
        Call call = engine(sink).startCall("rn-1", ADULT, List.of("cough-test", "fever-test"));

        Outcome outcome = Calls.answerAll(call, Answer.no());

        List<AuditEvent> events = Trails.events(sink, call.id());
        assertThat(events.stream().filter(e -> e instanceof AuditEvent.QuestionAsked).map(e -> ((AuditEvent.QuestionAsked) e).question()))
                .containsExactly("struggling-to-breathe", "fluids-kept-down", "cough-own-question", "fever-own-question");
        assertThat(events).contains(new AuditEvent.AnswerGiven("fever-test", "struggling-to-breathe", Answer.no(), AnswerSource.REUSED,
                java.util.Optional.of("questions@0.1.0")));
        assertThat(outcome.protocols()).hasSize(2);
    }

    @Test
    void aYesToASharedRedFlag_decidesEveryProtocolThatUsesIt() {
        Call call = engine(new MemoryAuditSink()).startCall("rn-1", ADULT, List.of("cough-test", "fever-test"));

        Outcome outcome = ((Step.Done) call.answer(Answer.yes())).outcome();

        assertThat(outcome.protocols()).extracting(r -> r.disposition().id()).containsExactly("call-911", "call-911");
    }

    @Test
    void withdrawingTheAnswerToASharedQuestion_takesBackEveryReusedCopy() {
        Call call = engine(new MemoryAuditSink()).startCall("rn-1", ADULT, List.of("cough-test", "fever-test"));
        call.answer(Answer.no());
        call.answer(Answer.no());
        call.answer(Answer.no());
        assertThat(((Step.Ask) call.next()).question().id()).isEqualTo("fever-own-question");

        call.withdrawLastAnswer();
        Step step = call.withdrawLastAnswer();

        assertThat(((Step.Ask) step).question().id()).isEqualTo("fluids-kept-down");
        assertThat(((Step.Done) call.answer(Answer.yes())).outcome().protocols()).extracting(r -> r.disposition().id())
                .containsExactly("within-4h", "within-4h");
    }

    @Test
    void aCallWithReusedAnswers_resumesAndReplaysExactly() {
        MemoryAuditSink sink = new MemoryAuditSink();
        TriageEngine engine = engine(sink);
        Call call = engine.startCall("rn-1", ADULT, List.of("cough-test", "fever-test"));
        call.answer(Answer.no());
        call.answer(Answer.no());

        Call resumed = engine.withAuditSink(new MemoryAuditSink()).resume(call.snapshot());

        assertThat(resumed.next()).isEqualTo(call.next());
        Outcome outcome = Calls.answerAll(call, Answer.yes());
        assertThat(Calls.answerAll(resumed, Answer.yes())).isEqualTo(outcome);
        call.close();
        assertThat(engine.replay(sink.records())).singleElement().satisfies(r -> assertThat(r.differences()).isEmpty());
    }

    @Test
    void aProtocolsContentHash_coversTheSharedQuestionsItUses(@TempDir Path dir) throws IOException {
        copy(SHARED, dir);
        Path bank = dir.resolve("questions.yaml");
        Files.writeString(bank, Files.readString(bank).replace("able to say only a few words at a time", "gasping"));

        Protocol before = LIBRARY.resolve("cough-test", ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();
        Protocol after = ProtocolLibrary.load(dir).resolve("cough-test", ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();

        assertThat(after.contentHash()).isNotEqualTo(before.contentHash());
        assertThat(after.shared()).containsExactlyInAnyOrder("struggling-to-breathe", "fluids-kept-down");
        assertThat(after.references()).extracting(r -> r.id()).contains("nhs-breathing");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}

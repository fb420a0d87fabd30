package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.TriageGroup;
import org.opentriage.protocol.UnknownPolicy;

/** Every call script in examples/calls runs to its expected disposition, and its audit trail verifies and replays. */
class ExampleCallsTest {

    static List<Path> exampleCalls() {
        return Cli.exampleCalls();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleCalls")
    void exampleCall_givesTheDispositionItsNameAndExpectSay_andItsTrailVerifiesAndReplays(Path script, @TempDir Path dir) {
        String name = script.getFileName().toString();
        CallScript.Expect expect = CallScript.read(script).expect().orElseThrow();
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triage("run", "--answers", script.toString(), "--audit", trail.toString(), "--rn", "rn-test");
        Cli.Run verify = triage("audit", "verify", trail.toString());
        Cli.Run replay = triage("audit", "replay", trail.toString());

        assertThat(name).endsWith("-" + expect.disposition() + ".call.yaml");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).as("no warning, e.g. of answers never asked").isEmpty();
        assertThat(run.out()).contains("Final:").contains("[" + expect.disposition() + "]")
                .contains("As expected: " + expect.disposition()).contains("NOT clinically validated");
        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(ExitCode.OK);
        assertThat(verify.out()).startsWith("intact: " + Cli.lines(trail).size() + " records, 1 calls" + System.lineSeparator());
        assertThat(replay.exitCode()).as(replay.out()).isEqualTo(ExitCode.OK);
        assertThat(replay.out()).contains(": reproduced: " + expect.disposition());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleCalls")
    void exampleTrail_withOneByteChanged_failsVerification(Path script, @TempDir Path dir) throws IOException {
        Path trail = dir.resolve("call.jsonl");
        triage("run", "--answers", script.toString(), "--audit", trail.toString());
        byte[] bytes = Files.readAllBytes(trail);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(trail, bytes);

        Cli.Run verify = triage("audit", "verify", trail.toString());
        Cli.Run replay = triage("audit", "replay", trail.toString());

        assertThat(verify.exitCode()).isEqualTo(ExitCode.TRAIL_BROKEN);
        assertThat(verify.err()).startsWith("triage: " + trail + ": broken: line ");
        assertThat(replay.exitCode()).isEqualTo(ExitCode.TRAIL_BROKEN);
        assertThat(replay.out()).isEmpty();
    }

    @Test
    void examples_coverEveryDispositionEachStarterProtocolCanReach() {
        Set<String> missing = new TreeSet<>();
        // The example calls illustrate the three starter protocols; every protocol's own cases (*.cases.yaml,
        // run by 'triage test') cover each disposition it can reach.
        for (Protocol protocol : ProtocolLibrary.bundled().latest(java.util.Optional.empty(),
                ProtocolLibrary.Resolution.ANY_STATUS).stream()
                .filter(p -> Set.of("chest-pain-adult", "headache-adult", "fever-child").contains(p.id())).toList()) {
            Stream.concat(Stream.of(protocol.defaultDisposition().id()), protocol.triage().stream().flatMap(ExampleCallsTest::reachable))
                    .map(disposition -> protocol.id() + "-" + disposition + ".call.yaml")
                    .filter(file -> !Files.exists(Cli.EXAMPLE_CALLS.resolve(file)))
                    .forEach(missing::add);
        }

        assertThat(missing).isEmpty();
    }

    /** A group's disposition, and the one its "don't know" answers escalate to. */
    private static Stream<String> reachable(TriageGroup group) {
        return Stream.concat(Stream.of(group.disposition().id()), group.questions().stream()
                .filter(q -> q.onUnknown() instanceof UnknownPolicy.Escalate)
                .map(q -> ((UnknownPolicy.Escalate) q.onUnknown()).disposition().id()));
    }

    @Test
    void examples_includeACallOnTwoProtocols() {
        assertThat(exampleCalls()).anySatisfy(script -> assertThat(CallScript.read(script).protocols()).hasSize(2));
    }
}

package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;

import org.junit.jupiter.api.Test;

/** {@code triage compile PROTOCOL --drl}: the rules a protocol runs as. */
class CompileCommandTest {

    @Test
    void compileDrl_printsTheProtocolsRules() {
        Cli.Run run = triage("compile", "fever-child", "--drl");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("rule \"fever-child@0.4.0 ").contains("// fever-child@0.4.0 sha256:")
                .doesNotContain("rule \"chest-pain-adult");
    }

    @Test
    void compileAll_buildsTheRulesOfEveryProtocolVersion() {
        Cli.Run run = triage("compile", "--all");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).startsWith("Built the rules of "
                + org.opentriage.protocol.ProtocolLibrary.bundled().protocols().size() + " protocol versions: ");
    }

    @Test
    void compileAllWithAProtocol_isAUsageError() {
        assertThat(triage("compile", "--all", "fever-child").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void compileWithoutDrl_isAUsageError() {
        Cli.Run run = triage("compile", "fever-child");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--drl");
    }
}

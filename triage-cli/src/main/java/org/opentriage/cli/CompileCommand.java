package org.opentriage.cli;

import java.util.concurrent.Callable;

import org.opentriage.protocol.Protocol;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code triage compile PROTOCOL --drl}: the rules generated from a protocol, so a reviewer sees what runs. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Generates a bundled protocol's rules; with --drl, prints them in the Drools rule language. The "
                + "engine builds the same rules through Drools' executable model; the build checks that both conclude the same.")
final class CompileCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PROTOCOL", description = "A protocol id, or id@version.")
    String protocolId;

    @Option(names = "--drl", required = true, description = "Print the generated DRL.")
    boolean drl;

    @Override
    public Integer call() {
        Protocol protocol = Engines.protocol(protocolId);
        spec.commandLine().getOut().print(Engines.engine().drl(protocol.ref()));
        return ExitCode.OK;
    }
}

package org.opentriage.cli;

import java.util.Locale;
import java.util.concurrent.Callable;

import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.triage.TriageEngine;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code triage compile PROTOCOL --drl}: the rules generated from a protocol, so a reviewer sees what runs;
 * {@code triage compile --all}: every protocol's rules built, timed.
 */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Generates a bundled protocol's rules; with --drl, prints them in the Drools rule language. The "
                + "engine builds the same rules through Drools' executable model; the build checks that both conclude the same.")
final class CompileCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PROTOCOL", arity = "0..1", description = "A protocol id, or id@version.")
    String protocolId;

    @Option(names = "--drl", description = "Print the generated DRL of PROTOCOL.")
    boolean drl;

    @Option(names = "--all", description = "Load the whole bundled library and build the rules of every protocol "
            + "version, reporting the time each part took.")
    boolean all;

    @Override
    public Integer call() {
        if (all == (protocolId != null || drl) || (!all && (protocolId == null || !drl))) {
            throw new CommandFailure(ExitCode.USAGE, "give either PROTOCOL --drl (print its rules) or --all (build every protocol's rules)");
        }
        if (all) {
            long start = System.nanoTime();
            ProtocolLibrary library = Engines.library();
            long loaded = System.nanoTime();
            TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS).buildRulesAhead().build();
            long built = System.nanoTime();
            spec.commandLine().getOut().printf(Locale.ROOT, "Built the rules of %d protocol versions: library loaded and "
                    + "checked in %d ms, rules built in %d ms.%n", library.protocols().size(), (loaded - start) / 1_000_000,
                    (built - loaded) / 1_000_000);
            return ExitCode.OK;
        }
        Protocol protocol = Engines.protocol(protocolId);
        spec.commandLine().getOut().print(Engines.engine().drl(protocol.ref()));
        return ExitCode.OK;
    }
}

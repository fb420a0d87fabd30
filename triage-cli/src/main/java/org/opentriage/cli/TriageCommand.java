package org.opentriage.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code triage} command line: the entry point of {@code ./triage}. */
@Command(name = "triage",
        mixinStandardHelpOptions = true,
        versionProvider = TriageCommand.Version.class,
        description = "OpenTriage: decision support for nurse telephone triage. Protocols are NOT clinically validated.",
        subcommands = {ValidateCommand.class, ListCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success; validate found no errors",
                "1:validate found errors",
                "2:wrong command line",
                "3:the protocols could not be loaded",
                "70:internal error"})
public final class TriageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with output to the given writers; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new TriageCommand())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("triage: internal error: " + e);
                    return ExitCode.INTERNAL_ERROR;
                });
        commandLine.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("triage: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TriageCommand.class.getPackage().getImplementationVersion();
            return new String[] {"triage " + (version == null ? "(development build)" : version)};
        }
    }
}

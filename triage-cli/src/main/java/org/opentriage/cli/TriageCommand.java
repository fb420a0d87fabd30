package org.opentriage.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code triage} command line: the entry point of {@code ./triage} and of the distribution's {@code bin/triage}.
 *
 * @since 0.1.0
 */
@Command(name = "triage",
        mixinStandardHelpOptions = true,
        versionProvider = TriageCommand.Version.class,
        description = "OpenTriage: decision support for nurse telephone triage. Protocols are NOT clinically validated.",
        subcommands = {ValidateCommand.class, ListCommand.class, TestCommand.class, RunCommand.class, AuditCommand.class,
                CompileCommand.class, AcceptanceCommand.class, VerifyCommand.class, ConsoleCommand.class, ExportCommand.class,
                ApproveCommand.class, DiffCommand.class, ReviewCommand.class, CoverageCommand.class, ReportCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success; validate found no errors; run: the call closed (as expected); the trail is intact "
                        + "(and reproduced); coverage: always (a report)",
                "1:validate found errors (with --strict, also warnings)",
                "2:wrong command line (also a nurse id or patient reference that is not pseudonymous)",
                "3:the protocols could not be loaded",
                "4:a file cannot be used (missing, no protocol file to validate, malformed call script or acceptance "
                        + "story, audit file not empty, HMAC key short or open to others)",
                "5:run: the call ended before its outcome and was abandoned",
                "6:run: the outcome differs from the call script's expect; test: a case failed; acceptance --check: a "
                        + "figure fell past the ratchet; verify: an invariant was violated",
                "7:run: the engine failed the call closed; escalate to the on-call clinician",
                "8:audit, report: the trail is broken (changed, missing or reordered records, wrong HMAC, not UTF-8)",
                "9:audit replay: a call was not reproduced",
                "10:audit verify: the trail was interrupted (calls left open by a crash); audit recover closes it",
                "11:audit verify: the trail carries HMACs but no key was given: not authenticated",
                "12:console: the console cannot start (store, HMAC key or port); console add-user: the store cannot be opened",
                "70:internal error"})
public final class TriageCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final BufferedReader input;
    private final boolean echoInput;

    private TriageCommand(Reader input, boolean echoInput) {
        this.input = new BufferedReader(input);
        this.echoInput = echoInput;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the command line on standard input and output, and exits the JVM with the command's exit code.
     *
     * @param args the command and its options, as typed after {@code triage}
     */
    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the command line with output to the given writers and input from standard input.
     *
     * @param out  where the command's output goes
     * @param err  where its error messages go
     * @param args the command and its options
     * @return the exit code ({@link ExitCode})
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Console console = System.console();
        Charset charset = Optional.ofNullable(console).map(Console::charset).orElse(Charset.defaultCharset());
        // Typed answers are echoed by the terminal; piped or redirected ones are echoed so the transcript shows them.
        return run(new TriageCommand(new InputStreamReader(System.in, charset), console == null), out, err, args);
    }

    /**
     * Runs the command line reading answers from {@code in} (echoed to {@code out}).
     *
     * @param in   the answers, one a line
     * @param out  where the command's output goes
     * @param err  where its error messages go
     * @param args the command and its options
     * @return the exit code ({@link ExitCode})
     */
    public static int run(Reader in, PrintWriter out, PrintWriter err, String... args) {
        return run(new TriageCommand(in, true), out, err, args);
    }

    private static int run(TriageCommand command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(command)
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof CommandFailure failure) {
                        // Our own messages may list problems one a line: each line made visible, the breaks kept.
                        cmd.getErr().println("triage: " + failure.getMessage().lines().map(Visible::text)
                                .collect(java.util.stream.Collectors.joining(System.lineSeparator())));
                        return failure.exitCode();
                    }
                    cmd.getErr().println("triage: internal error: " + Visible.text(e.toString()));
                    return ExitCode.INTERNAL_ERROR;
                });
        commandLine.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("triage: " + Visible.text(e.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE;
        });
        int code;
        try {
            code = commandLine.execute(args);
        } catch (Throwable e) {  // an Error (out of memory, a stack overflow) too: named, with exit 70, never a trace
            err.println("triage: internal error: " + Visible.text(e.toString()));
            code = ExitCode.INTERNAL_ERROR;
        }
        out.flush();
        err.flush();
        return code;
    }

    /** Where {@code run} reads the nurse's answers, one a line. */
    BufferedReader input() {
        return input;
    }

    /** Whether {@code run} writes each answer it reads after its prompt (the terminal does not show it). */
    boolean echoesInput() {
        return echoInput;
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

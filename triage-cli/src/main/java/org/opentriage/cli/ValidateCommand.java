package org.opentriage.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.opentriage.protocol.LoadReport;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProtocolLoader;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code triage validate [PATH...]}: prints every problem of the protocols, one a line. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {
                "Checks protocol files and prints every problem as FILE:LINE:COLUMN: CODE SEVERITY: MESSAGE.",
                "Without PATH, checks the bundled protocols. Exit 0 when there are no errors, 1 when there are."})
final class ValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Protocol files or directories; each is checked within its library (the nearest "
                    + "directory above it holding dispositions.yaml).")
    List<Path> paths = List.of();

    @Override
    public Integer call() {
        LoadReport report = paths.isEmpty() ? ProtocolLoader.checkBundled() : ProtocolLoader.checkPaths(paths);
        var out = spec.commandLine().getOut();
        for (Problem problem : report.problems()) {
            out.println(Visible.text(problem.format()));
        }
        long errors = report.problems().stream().filter(Problem::isError).count();
        long warnings = report.problems().size() - errors;
        out.println(errors + " error(s), " + warnings + " warning(s)");
        return errors == 0 ? ExitCode.OK : ExitCode.PROBLEMS_FOUND;
    }
}

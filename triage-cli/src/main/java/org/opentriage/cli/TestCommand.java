package org.opentriage.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.triage.TriageEngine;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code triage test [PATH...]}: runs the protocols' case files ({@code *.cases.yaml}) and prints every
 * failure with protocol, case, expected and actual; the last line is {@code N passed, N failed}.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs protocol test cases (*.cases.yaml): each is a scripted call with its expected disposition "
                + "and triggering question. Without PATH, runs the bundled library's cases.",
                "Prints each failure, then 'N passed, N failed'. Exit 0 when all pass, 6 when any fails."})
final class TestCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Case files or directories; each runs against its library (the nearest directory above it "
                    + "holding dispositions.yaml), or the bundled library when there is none above it.")
    List<Path> paths = List.of();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int passed = 0;
        int failed = 0;
        Map<Path, List<Path>> byLibrary = paths.isEmpty() ? CaseFiles.bundled() : CaseFiles.byLibrary(paths);
        for (Map.Entry<Path, List<Path>> library : byLibrary.entrySet()) {
            ProtocolLibrary protocols = CaseFiles.library(library.getKey());
            TriageEngine engine = CaseFiles.engine(library.getKey(), protocols);
            for (Path file : library.getValue()) {
                for (CallScript.Case c : CallScript.readCases(file)) {
                    Optional<String> failure = CaseFiles.run(engine, protocols, c).failure();
                    if (failure.isEmpty()) {
                        passed++;
                    } else {
                        failed++;
                        out.println(Visible.text("FAIL " + c.script().protocols().get(0) + " \"" + c.name() + "\" ("
                                + file.getFileName() + "): " + failure.get()));
                    }
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? ExitCode.OK : ExitCode.NOT_AS_EXPECTED;
    }
}

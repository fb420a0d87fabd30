package org.opentriage.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.opentriage.protocol.Approval;
import org.opentriage.protocol.LoadReport;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.ProtocolLoader;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Unit;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code triage list [--age YEARS] [--search WORDS]}: the protocols, or the ones that fit a call;
 * {@code triage list --benchmark FILE [--details] [--check]}: how well search finds the protocol for phrases as
 * callers say them ({@link SearchBenchmark}).
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists protocols (latest version of each): id, version, title, population, status. "
                + "With --search, best match first.")
final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--age", paramLabel = "AGE",
            description = "Patient age: years (54, 0.5) or a quantity with unit d, wk, mo or y (\"3 mo\").",
            converter = AgeConverter.class)
    Quantity age;

    @Option(names = "--search", paramLabel = "WORDS", description = "What the caller says, e.g. \"my chest hurts\".")
    String search;

    @Option(names = "--library", paramLabel = "DIR", description = "A protocol library directory instead of the bundled one.")
    Path library;

    @Option(names = "--all-versions", description = "List every version, not only the latest.")
    boolean allVersions;

    @Option(names = "--benchmark", paramLabel = "FILE",
            description = "Search every phrase of a search phrase file (format opentriage/search-phrases/v1) and print "
                    + "how often the expected protocol comes first and in the top three.")
    Path benchmark;

    @Option(names = "--details", description = "With --benchmark: list every phrase whose protocol is not first.")
    boolean details;

    @Option(names = "--check", description = "With --benchmark: exit 6 (NOT_AS_EXPECTED) when a figure falls below the "
            + "file's ratchet.")
    boolean check;

    @Override
    public Integer call() {
        LoadReport report = library == null ? ProtocolLoader.checkBundled() : ProtocolLoader.checkDirectory(library);
        if (report.library().isEmpty()) {
            var err = spec.commandLine().getErr();
            err.println("triage: the protocols could not be loaded:");
            report.errors().stream().map(Problem::format).map(Visible::text).forEach(err::println);
            return ExitCode.LOAD_FAILED;
        }
        ProtocolLibrary protocols = report.library().get();
        if (benchmark != null) {
            return benchmark(protocols);
        }
        Optional<Quantity> patientAge = Optional.ofNullable(age);
        List<Protocol> found;
        if (search != null) {
            found = protocols.search(search, patientAge, ProtocolLibrary.Resolution.ANY_STATUS);
        } else if (allVersions) {
            found = protocols.protocols().stream()
                    .filter(p -> patientAge.map(a -> p.population().admitsAge(a)).orElse(true)).toList();
        } else {
            found = protocols.latest(patientAge, ProtocolLibrary.Resolution.ANY_STATUS);
        }
        var out = spec.commandLine().getOut();
        String format = "%-24s %-9s %-32s %-26s %s%n";
        out.printf(Locale.ROOT, format, "ID", "VERSION", "TITLE", "POPULATION", "STATUS");
        for (Protocol p : found) {
            out.printf(Locale.ROOT, format, p.id(), p.version(), p.title().english(), p.population().describe(), status(p));
        }
        if (found.isEmpty()) {
            out.println("(no protocol matches)");
        }
        return ExitCode.OK;
    }

    private int benchmark(ProtocolLibrary protocols) {
        if (search != null || age != null || allVersions) {
            throw new CommandFailure(ExitCode.USAGE, "--benchmark takes the ages and phrases from its file: "
                    + "leave out --search, --age and --all-versions");
        }
        SearchBenchmark.Suite suite = SearchBenchmark.read(benchmark);
        SearchBenchmark.Figures figures = SearchBenchmark.run(protocols, suite.phrases(), benchmark);
        var out = spec.commandLine().getOut();
        out.print(SearchBenchmark.report(figures, details));
        if (!check) {
            return ExitCode.OK;
        }
        List<String> below = new java.util.ArrayList<>();
        if (figures.share(figures.first()) < suite.first()) {
            below.add(String.format(Locale.ROOT, "first %.3f is below the ratchet %.3f", figures.share(figures.first()), suite.first()));
        }
        if (figures.share(figures.topThree()) < suite.topThree()) {
            below.add(String.format(Locale.ROOT, "top three %.3f is below the ratchet %.3f",
                    figures.share(figures.topThree()), suite.topThree()));
        }
        below.forEach(b -> out.println("REGRESSION: " + b));
        return below.isEmpty() ? ExitCode.OK : ExitCode.NOT_AS_EXPECTED;
    }

    static String status(Protocol p) {
        Approval approval = p.approval();
        return approval.status().word() + (approval.clinicallyValidated() ? "" : ", NOT clinically validated");
    }

    /** Reads an age in years ("54", "0.5") or with a time unit ("3 mo"). */
    static final class AgeConverter implements CommandLine.ITypeConverter<Quantity> {
        @Override
        public Quantity convert(String value) {
            Optional<Quantity> quantity = Quantity.parse(value);
            if (quantity.isPresent() && quantity.get().unit() == Unit.NONE) {
                quantity = Optional.of(new Quantity(quantity.get().value(), Unit.YEAR));
            }
            if (quantity.isEmpty() || quantity.get().dimension() != org.opentriage.protocol.Dimension.TIME
                    || quantity.get().value().compareTo(BigDecimal.ZERO) < 0) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not an age: give years (54) or a number with d, wk, mo or y (\"3 mo\")");
            }
            return quantity.get();
        }
    }
}

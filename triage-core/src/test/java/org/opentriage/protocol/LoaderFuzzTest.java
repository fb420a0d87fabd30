package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of the bundled protocols (lines deleted, duplicated, swapped, characters changed). For
 * every mutant: the loader returns a report and throws nothing; the report has a library exactly when it
 * has no error; loading through {@link ProtocolLibrary#load(DispositionScale, List)} gives that library
 * or throws only {@link ProtocolException}, carrying the same problems; and every problem names the file
 * and a position inside it (a line of the mutant, a column of that line or just after its end), in
 * order of position. A failing seed is named in the message, so the case can be replayed.
 */
class LoaderFuzzTest {
    /** Mutants in all, shared among the bundled protocols (at least 30 each). */
    private static final int MUTANTS = 3_000;
    private static final String NOISE = " :-[]{},#&*!|>'\"%@`?\t\n0aZ°é";

    @Test
    void mutatedProtocol_givesALibraryOrErrors_eachAtALineAndColumnOfTheFile() {
        DispositionScale scale = TestFiles.scale();
        var files = TestFiles.bundledProtocolFiles();
        int perFile = Math.max(30, MUTANTS / files.size());
        int withErrors = 0;
        for (var file : files) {
            String original = TestFiles.text(file);
            for (int i = 0; i < perFile; i++) {
                long seed = file.getFileName().toString().hashCode() * 1_000_003L + i;
                String mutant = mutate(original, new Random(seed));
                String name = file.getFileName() + "#" + seed;
                List<Source> sources = List.of(Source.of(name, mutant));
                LoadReport report;
                try {
                    report = ProtocolLoader.check(scale, sources);
                } catch (RuntimeException e) {
                    throw new AssertionError("loader threw on " + name + ":\n" + mutant, e);
                }
                assertThat(report.library().isPresent()).as("library present without errors, %s", name)
                        .isEqualTo(report.problems().stream().noneMatch(Problem::isError));
                assertLoadsOrThrowsTheSameProblems(scale, sources, report, name);
                assertLocatedInOrder(report.problems(), mutant, name);
                withErrors += report.hasErrors() ? 1 : 0;
            }
        }
        assertThat(withErrors).as("mutants with errors: the mutations must break files").isGreaterThan(files.size() * perFile / 2);
    }

    private static void assertLoadsOrThrowsTheSameProblems(DispositionScale scale, List<Source> sources, LoadReport report,
                                                          String name) {
        try {
            ProtocolLibrary library = ProtocolLibrary.load(scale, sources);
            assertThat(report.library()).as("%s loads although its report has no library", name).isPresent();
            assertThat(library.protocols()).as(name).isEqualTo(report.library().get().protocols());
        } catch (ProtocolException e) {
            assertThat(report.hasErrors()).as("%s throws although its report has no error", name).isTrue();
            assertThat(e.problems()).as(name).isEqualTo(report.problems());
        } catch (RuntimeException e) {
            throw new AssertionError("loading " + name + " threw " + e + " instead of a ProtocolException", e);
        }
    }

    /** Every problem is at a line of the text and a column of that line (or just after it), in order. */
    private static void assertLocatedInOrder(List<Problem> problems, String text, String name) {
        String[] lines = text.split("\n", -1);
        for (Problem p : problems) {
            if (p.line() < 1 || p.line() > lines.length) {
                fail("%s: problem outside the file's %d lines: %s", name, lines.length, p);
            }
            assertThat(p.file()).as("%s", p).isEqualTo(name);
            assertThat(p.column()).as("column of %s in line '%s'", p, lines[p.line() - 1])
                    .isBetween(1, lines[p.line() - 1].length() + 1);
            assertThat(p.message()).as("%s", p).isNotBlank();
        }
        assertThat(problems).as(name)
                .isSortedAccordingTo(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
    }

    static String mutate(String text, Random random) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int at = random.nextInt(lines.size());
            switch (random.nextInt(5)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, lines.get(random.nextInt(lines.size())));
                case 2 -> {
                    int other = random.nextInt(lines.size());
                    String swap = lines.get(at);
                    lines.set(at, lines.get(other));
                    lines.set(other, swap);
                }
                default -> {
                    String line = lines.get(at);
                    int column = line.isEmpty() ? 0 : random.nextInt(line.length());
                    char noise = NOISE.charAt(random.nextInt(NOISE.length()));
                    lines.set(at, line.substring(0, column) + noise + line.substring(Math.min(line.length(), column + random.nextInt(2))));
                }
            }
        }
        return String.join("\n", lines) + "\n";
    }
}

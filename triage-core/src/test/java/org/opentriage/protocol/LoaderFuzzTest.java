package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of the bundled protocols (lines deleted, duplicated, swapped, characters changed):
 * the loader never throws, and every outcome is either a protocol or located problems — never both,
 * never neither. A failing seed is printed, so the case can be replayed.
 */
class LoaderFuzzTest {
    /** Mutants in all, shared among the bundled protocols (at least 30 each). */
    private static final int MUTANTS = 3_000;
    private static final String NOISE = " :-[]{},#&*!|>'\"%@`?\t\n0aZ°é";

    @Test
    void mutatedProtocols_neverCrashTheLoader_andProblemsAreAlwaysLocated() {
        DispositionScale scale = TestFiles.scale();
        var files = TestFiles.bundledProtocolFiles();
        int perFile = Math.max(30, MUTANTS / files.size());
        for (var file : files) {
            String original = TestFiles.text(file);
            for (int i = 0; i < perFile; i++) {
                long seed = file.getFileName().toString().hashCode() * 1_000_003L + i;
                String mutant = mutate(original, new Random(seed));
                String name = file.getFileName() + "#" + seed;
                LoadReport report;
                try {
                    report = ProtocolLoader.check(scale, List.of(Source.of(name, mutant)));
                } catch (RuntimeException e) {
                    throw new AssertionError("loader threw on " + name + ":\n" + mutant, e);
                }
                assertThat(report.library().isPresent()).as(name).isNotEqualTo(report.hasErrors());
                assertThat(report.problems()).as(name).allSatisfy(p -> {
                    assertThat(p.file()).isEqualTo(name);
                    assertThat(p.line()).isBetween(0, (int) mutant.lines().count() + 1);
                    assertThat(p.message()).isNotBlank();
                });
            }
        }
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

package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The design-rule warnings ({@link ProtocolLibrary#designWarnings()}): each library fixture under
 * {@code src/test/resources/design-rules/} loads without problems and warns exactly where its files say, with
 * {@code # expect: TRIAGE-0101 17:9} lines as the loader's problem fixtures have ({@code 0:0 .} for the library
 * as a whole). In the fixture library, a protocol named for a defect triggers its code and a protocol named for
 * the rule kept must not; a fixture with a warning it does not declare fails as surely as one missing a warning.
 */
class DesignRulesTest {
    private static final Path FIXTURES = Path.of("src", "test", "resources", "design-rules");
    private static final Path LIBRARY = FIXTURES.resolve("library");
    private static final Pattern EXPECT = Pattern.compile("# expect: (TRIAGE-\\d{4}) (\\d+):(\\d+)(?: (\\S+))?");

    @TestFactory
    Stream<DynamicTest> libraryFixture_warnsExactlyWhereItsFilesSay() throws IOException {
        return libraryFixtures().stream().map(dir -> dynamicTest(dir.getFileName().toString(), dir.toUri(), () -> {
            LoadReport report = ProtocolLoader.checkDirectory(dir);
            assertThat(report.problems()).as("problems loading %s", dir).isEmpty();
            List<Expected> expected = expectations(dir);
            assertThat(expected).as("no file in %s declares a '# expect:' line", dir).isNotEmpty();

            List<Problem> warnings = report.orThrow().designWarnings();

            String all = warnings.stream().map(Problem::format).collect(Collectors.joining(System.lineSeparator()));
            assertThat(warnings.stream().map(Expected::of).toList()).as("warnings:%n%s", all)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(warnings).allSatisfy(w -> {
                assertThat(w.severity()).isEqualTo(Severity.WARNING);
                assertThat(w.code().isDesignRule()).isTrue();
                assertThat(w.protocol()).as("protocol of %s", w).isEqualTo(protocolOf(Path.of(w.file())));
            });
        }));
    }

    @Test
    void everyDesignRuleCode_hasAFixture() throws IOException {
        Set<ProblemCode> covered = EnumSet.noneOf(ProblemCode.class);
        for (Path dir : libraryFixtures()) {
            expectations(dir).forEach(e -> covered.add(e.code()));
        }
        assertThat(Arrays.stream(ProblemCode.values()).filter(ProblemCode::isDesignRule).filter(c -> !covered.contains(c)))
                .as("design-rule codes with no fixture under %s", FIXTURES)
                .isEmpty();
    }

    @Test
    void designRuleCodes_areWarningsFrom101On_theLoaderCodesAreNot() {
        assertThat(Arrays.stream(ProblemCode.values()).filter(ProblemCode::isDesignRule))
                .isNotEmpty()
                .allSatisfy(c -> {
                    assertThat(c.severity()).isEqualTo(Severity.WARNING);
                    assertThat(c.code()).isGreaterThanOrEqualTo("TRIAGE-0101");
                });
        assertThat(ProblemCode.UNREACHABLE_CARE_ADVICE.isDesignRule()).isFalse();
    }

    @Test
    void designWarnings_ofLooseSources_leaveOutTheRulesOfAWholeLibrary() {
        // A set of sources has no root: whether it has a general assessment or reads every fact is not its to say.
        ProtocolLibrary library = ProtocolLoader.check(TestFiles.scale(),
                List.of(TestFiles.read(FIXTURES.resolve("library-without-general-assessment").resolve("complaint.protocol.yaml"))))
                .orThrow();

        assertThat(library.designWarnings()).isEmpty();
    }

    @Test
    void checkPaths_withDesignRules_reportsTheWarningsOfTheNamedFilesOnly() {
        Path compound = LIBRARY.resolve("compound-questions.protocol.yaml");

        LoadReport strict = ProtocolLoader.checkPaths(List.of(compound), true);
        LoadReport plain = ProtocolLoader.checkPaths(List.of(compound), false);

        assertThat(strict.problems()).extracting(Problem::code).containsExactly(ProblemCode.COMPOUND_QUESTION,
                ProblemCode.COMPOUND_QUESTION, ProblemCode.COMPOUND_QUESTION);
        assertThat(strict.problems()).extracting(p -> Path.of(p.file()).toAbsolutePath().normalize())
                .containsOnly(compound.toAbsolutePath().normalize());
        assertThat(plain.problems()).isEmpty();
    }

    @Test
    void checkPaths_withDesignRules_ofTheLibraryRoot_reportsTheLibraryAndItsSharedQuestions() {
        LoadReport strict = ProtocolLoader.checkPaths(List.of(FIXTURES.resolve("library-without-general-assessment")), true);

        assertThat(strict.problems()).extracting(Problem::code).containsExactly(ProblemCode.NO_GENERAL_ASSESSMENT);
    }

    @Test
    void designWarnings_ofQuestionsAndAdvice_nameTheirNode() {
        List<Problem> warnings = ProtocolLibrary.load(LIBRARY).designWarnings();

        assertThat(warnings).filteredOn(w -> EnumSet.of(ProblemCode.COMPOUND_QUESTION, ProblemCode.RED_FLAGS_NOT_FIRST,
                        ProblemCode.COPY_OF_SHARED_QUESTION, ProblemCode.READING_NOT_A_FACT, ProblemCode.FIRST_ADVICE_NOT_ACTION,
                        ProblemCode.ADVICE_URGENCY).contains(w.code()))
                .isNotEmpty()
                .allSatisfy(w -> assertThat(w.nodeId()).as("node of %s", w).isPresent());
    }

    // ---- fixtures

    /** A warning as compared: where it is and its code, never its message. */
    private record Expected(Path file, ProblemCode code, int line, int column) {
        static Expected of(Problem p) {
            return new Expected(Path.of(p.file()).normalize(), p.code(), p.line(), p.column());
        }

        @Override
        public String toString() {
            return file + ":" + line + ":" + column + " " + code.code();
        }
    }

    private static List<Path> libraryFixtures() throws IOException {
        try (Stream<Path> entries = Files.list(FIXTURES)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** The {@code # expect:} lines of every file of a library fixture; {@code .} names the library's root. */
    private static List<Expected> expectations(Path dir) throws IOException {
        List<Expected> expected = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file).stream().filter(l -> l.strip().startsWith("# expect:")).toList()) {
                Matcher m = EXPECT.matcher(line.strip());
                if (!m.matches()) {
                    fail("%s: '%s' is not '# expect: TRIAGE-NNNN LINE:COLUMN [.]'", file, line);
                }
                Path about = m.group(4) == null ? file : file.resolveSibling(m.group(4));
                expected.add(new Expected(about.normalize(), code(m.group(1), file), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))));
            }
        }
        return expected;
    }

    private static ProblemCode code(String text, Path file) {
        return Arrays.stream(ProblemCode.values()).filter(c -> c.code().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " expects " + text + ", which is no ProblemCode"));
    }

    /** The {@code id@version} a warning about the file carries: a protocol file's; none for other files and the root. */
    private static Optional<String> protocolOf(Path file) {
        if (!ProtocolLoader.isProtocolFile(file)) {
            return Optional.empty();
        }
        String text = TestFiles.text(file);
        Matcher id = Pattern.compile("(?m)^id: (\\S+)$").matcher(text);
        Matcher version = Pattern.compile("(?m)^version: \"?([^\"\\s]+)\"?$").matcher(text);
        return id.find() && version.find() ? Optional.of(id.group(1) + "@" + version.group(1)) : Optional.empty();
    }
}

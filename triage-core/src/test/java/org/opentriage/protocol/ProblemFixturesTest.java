package org.opentriage.protocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
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
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every problem code has a fixture named after its defect, and the loader reports exactly the problems the
 * fixture declares, at their line and column.
 *
 * <p>A fixture is a protocol under {@code src/test/resources/problems/} whose comment lines
 * {@code # expect: TRIAGE-0010 17:9} state each problem (1-based line and column; {@code 0:0} for the whole
 * file). A JSON fixture, which cannot hold comments, states them in a sidecar {@code NAME.expect}. A
 * directory is a library fixture, loaded with {@link ProtocolLoader#checkDirectory}; an expectation there
 * may name the file it is about after the position ({@code # expect: TRIAGE-0061 0:0 dispositions.yaml}).
 * The problems reported, warnings included, must be exactly the expected ones: one defect gives one
 * problem, never a second one that follows from it. What cannot be committed as a small text file (a file over 1 MiB, bytes that are not
 * UTF-8, an empty file, a path that is no file) is written at run time as a {@link GeneratedCase}.
 */
class ProblemFixturesTest {

    /** Surefire runs with the module directory as working directory. */
    private static final Path FIXTURES = Path.of("src", "test", "resources", "problems");
    private static final Path LIBRARY_SCALE = Path.of("..", "protocols", "library", "dispositions.yaml");

    private static final String EXPECT_PREFIX = "# expect:";
    private static final Pattern EXPECT = Pattern.compile("# expect: (TRIAGE-\\d{4}) (\\d+):(\\d+)(?: (\\S+))?");
    private static final String SIDECAR_SUFFIX = ".expect";

    /** Codes that stop a file before its id and version are read, so its problems name no protocol. */
    private static final Set<ProblemCode> BEFORE_ID = EnumSet.of(ProblemCode.SYNTAX, ProblemCode.FILE_TOO_LARGE,
            ProblemCode.ALIAS_OR_TAG, ProblemCode.NESTING_TOO_DEEP, ProblemCode.UNREADABLE_TEXT,
            ProblemCode.UNREADABLE_FILE);
    private static final Pattern PROTOCOL_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** The bundled library's scale, against which single-file fixtures are checked. */
    private static DispositionScale scale;

    private static final List<GeneratedCase> GENERATED = List.of(
            new GeneratedCase("file-larger-than-1-mib", ProblemCode.FILE_TOO_LARGE, 0, 0, dir -> {
                Path file = dir.resolve("too-large.protocol.yaml");
                Files.writeString(file, oversizeText());
                return new Checked(ProtocolLoader.checkDirectory(withLibraryScale(dir)), file);
            }),
            new GeneratedCase("source-larger-than-1-mib", ProblemCode.FILE_TOO_LARGE, 0, 0, dir -> {
                Path file = dir.resolve("too-large.protocol.yaml");
                return new Checked(ProtocolLoader.check(scale, List.of(Source.of(file.toString(), oversizeText()))), file);
            }),
            new GeneratedCase("yaml-nesting-deeper-than-64-levels", ProblemCode.NESTING_TOO_DEEP, 2, 12 + 64, dir -> {
                // The root mapping is level 1, so the 64th bracket opens level 65.
                Path file = dir.resolve("too-deep.protocol.yaml");
                Files.writeString(file, "format: opentriage/protocol/v1\ndefinition: " + "[".repeat(64) + "]".repeat(64) + "\n");
                return checkFile(file);
            }),
            new GeneratedCase("json-nesting-deeper-than-64-levels", ProblemCode.NESTING_TOO_DEEP, 1, 15 + 64, dir -> {
                Path file = dir.resolve("too-deep.protocol.json");
                Files.writeString(file, "{\"definition\": " + "[".repeat(64) + "]".repeat(64) + "}\n");
                return checkFile(file);
            }),
            new GeneratedCase("caller-facing-text-without-a-required-language", ProblemCode.MISSING_LANGUAGE, 2, 8, dir -> {
                // Only `validate --require-lang` asks for a language: the check reads the file's texts, not the loader.
                Path file = dir.resolve("no-spanish.protocol.yaml");
                Files.writeString(file, "format: opentriage/protocol/v2\ntitle: {en: Fever}\ndefinition: {en: For a fever.}\n");
                return new Checked(new LoadReport(ProtocolLoader.checkLanguages(List.of(file), java.util.Set.of("es")).problems(),
                        java.util.Optional.empty()), file);
            }),
            new GeneratedCase("file-in-latin-1", ProblemCode.UNREADABLE_TEXT, 0, 0, dir -> {
                Path file = dir.resolve("latin-1.protocol.yaml");
                Files.write(file, "format: opentriage/protocol/v1\ntitle: {en: Fièvre}\n".getBytes(ISO_8859_1));
                return new Checked(ProtocolLoader.checkDirectory(withLibraryScale(dir)), file);
            }),
            new GeneratedCase("empty-yaml-file", ProblemCode.UNREADABLE_TEXT, 0, 0, dir -> {
                Path file = Files.createFile(dir.resolve("empty.protocol.yaml"));
                return checkFile(file);
            }),
            new GeneratedCase("empty-json-file", ProblemCode.UNREADABLE_TEXT, 0, 0, dir -> {
                Path file = Files.createFile(dir.resolve("empty.protocol.json"));
                return checkFile(file);
            }),
            new GeneratedCase("path-that-does-not-exist", ProblemCode.UNREADABLE_FILE, 0, 0, dir -> {
                Path file = dir.resolve("missing.protocol.yaml");
                return new Checked(ProtocolLoader.checkPaths(List.of(file)), file);
            }),
            new GeneratedCase("protocol-path-that-is-a-directory", ProblemCode.UNREADABLE_FILE, 0, 0, dir -> {
                // Works as root, unlike a file without read permission.
                Path file = Files.createDirectory(dir.resolve("not-a-file.protocol.yaml"));
                return new Checked(ProtocolLoader.checkDirectory(withLibraryScale(dir)), file);
            }));

    @BeforeAll
    static void readLibraryScale() throws IOException {
        scale = ProtocolLoader.readScale(Source.read(LIBRARY_SCALE));
    }

    @TestFactory
    Stream<DynamicTest> fixture_reportsItsExpectedProblemAtItsLine() throws IOException {
        List<Path> files = fixtureFiles();
        assertThat(files).as("protocol fixtures under %s", FIXTURES.toAbsolutePath().normalize()).isNotEmpty();
        return files.stream().map(file -> dynamicTest(file.getFileName().toString(), file.toUri(), () -> {
            List<Expected> expected = expectations(file);
            assertThat(expected).as("%s declares no '%s' line", file, EXPECT_PREFIX).isNotEmpty();
            LoadReport report = ProtocolLoader.check(scale, List.of(Source.read(file)));
            assertReports(report, expected, List.of(file), problemFile -> declaredProtocol(problemFile, expected));
        }));
    }

    @TestFactory
    Stream<DynamicTest> libraryFixture_reportsEachExpectedProblemInItsFile() throws IOException {
        return libraryFixtures().stream().map(dir -> dynamicTest(dir.getFileName().toString(), dir.toUri(), () -> {
            List<Path> files = filesIn(dir);
            List<Expected> expected = new ArrayList<>();
            for (Path file : files) {
                expected.addAll(expectations(file));
            }
            assertThat(expected).as("no file in %s declares a '%s' line", dir, EXPECT_PREFIX).isNotEmpty();
            List<Path> named = Stream.concat(files.stream(), expected.stream().map(Expected::file)).distinct().toList();
            LoadReport report = ProtocolLoader.checkDirectory(dir);
            assertReports(report, expected, named, problemFile -> declaredProtocol(problemFile, expected));
        }));
    }

    @TestFactory
    Stream<DynamicTest> generatedCase_reportsItsProblemForTheFile(@TempDir Path temp) {
        return GENERATED.stream().map(c -> dynamicTest(c.defect(), () -> {
            Checked checked = c.check().run(Files.createDirectory(temp.resolve(c.defect())));
            List<Expected> expected = List.of(new Expected(checked.file(), c.code(), c.line(), c.column()));
            assertReports(checked.report(), expected, List.of(checked.file()), problemFile -> Optional.empty());
        }));
    }

    @Test
    void everyProblemCode_hasAFixture() throws IOException {
        EnumSet<ProblemCode> covered = EnumSet.noneOf(ProblemCode.class);
        List<Path> declaring = new ArrayList<>(fixtureFiles());
        for (Path dir : libraryFixtures()) {
            declaring.addAll(filesIn(dir));
        }
        for (Path file : declaring) {
            expectations(file).forEach(e -> covered.add(e.code()));
        }
        GENERATED.forEach(c -> covered.add(c.code()));
        // Design-rule warnings come from a loaded library, not from the loader: DesignRulesTest covers them.
        assertThat(EnumSet.complementOf(covered).stream().filter(code -> !code.isDesignRule()))
                .as("problem codes with neither a fixture under %s nor a generated case", FIXTURES)
                .isEmpty();
    }

    // ---- assertions

    /**
     * The problems, warnings included, are exactly the expected ones; every problem names one of the
     * fixture's files and the protocol that file declares.
     */
    private static void assertReports(LoadReport report, List<Expected> expected, List<Path> files,
                                      Function<Path, Optional<String>> protocolOf) {
        String all = report.problems().isEmpty() ? "(none)"
                : report.problems().stream().map(Problem::format).collect(Collectors.joining(System.lineSeparator()));
        List<Expected> actual = report.problems().stream()
                .map(p -> new Expected(Path.of(p.file()), p.code(), p.line(), p.column()))
                .toList();
        assertThat(actual).as("problems reported:%n%s", all).containsExactlyInAnyOrderElementsOf(expected);
        for (Problem problem : report.problems()) {
            Path file = Path.of(problem.file());
            assertThat(file).as("file of %s", problem).isIn(files);
            assertThat(problem.protocol()).as("protocol of %s", problem).isEqualTo(protocolOf.apply(file));
        }
    }

    /**
     * The {@code id@version} a problem in {@code file} carries: the one the file declares, once the file could
     * be read as far as both; none when they are malformed or reading stopped before them.
     */
    private static Optional<String> declaredProtocol(Path file, List<Expected> expected) {
        boolean stoppedBeforeId = expected.stream()
                .anyMatch(e -> e.file().equals(file) && BEFORE_ID.contains(e.code()));
        if (stoppedBeforeId || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text = read(file);
        Optional<String> id = topLevelValue(text, "id").filter(i -> PROTOCOL_ID.matcher(i).matches());
        Optional<String> version = topLevelValue(text, "version").filter(v -> Version.parse(v).isPresent());
        return id.flatMap(i -> version.map(v -> i + "@" + v));
    }

    /** A top-level scalar as fixtures write it: {@code key: value} in YAML, {@code "key": "value"} in JSON. */
    private static Optional<String> topLevelValue(String text, String key) {
        Matcher m = Pattern.compile("(?m)^(?:" + key + ": \"?([^\"\\s]+)\"?|  \"" + key + "\": \"([^\"]*)\",?)$").matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }

    // ---- fixtures

    /** A problem as compared: where it is and its code, never its message. */
    private record Expected(Path file, ProblemCode code, int line, int column) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + " " + code.code();
        }
    }

    /** The {@code # expect:} lines of a fixture, from its sidecar when it has one. */
    private static List<Expected> expectations(Path file) {
        Path sidecar = file.resolveSibling(file.getFileName() + SIDECAR_SUFFIX);
        String text = read(Files.exists(sidecar) ? sidecar : file);
        List<Expected> expected = new ArrayList<>();
        for (String line : text.lines().filter(l -> l.startsWith(EXPECT_PREFIX)).toList()) {
            Matcher m = EXPECT.matcher(line);
            if (!m.matches()) {
                fail("%s: '%s' is not '%s TRIAGE-NNNN LINE:COLUMN [FILE]'", file, line, EXPECT_PREFIX);
            }
            Path about = m.group(4) == null ? file : file.resolveSibling(m.group(4));
            expected.add(new Expected(about, code(m.group(1), file), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))));
        }
        return expected;
    }

    private static ProblemCode code(String text, Path file) {
        return Arrays.stream(ProblemCode.values()).filter(c -> c.code().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " expects " + text + ", which is no ProblemCode"));
    }

    private static List<Path> fixtureFiles() throws IOException {
        try (Stream<Path> entries = Files.list(FIXTURES)) {
            return entries.filter(Files::isRegularFile).filter(ProblemFixturesTest::isProtocolFile).sorted().toList();
        }
    }

    private static List<Path> libraryFixtures() throws IOException {
        try (Stream<Path> entries = Files.list(FIXTURES)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** The YAML and JSON files of a library fixture (protocols and scale). */
    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".json"))
                    .sorted().toList();
        }
    }

    private static boolean isProtocolFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".protocol.yaml") || name.endsWith(".protocol.json");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    // ---- generated cases

    /** A defect written into a temporary directory at run time, with the one problem it must report. */
    private record GeneratedCase(String defect, ProblemCode code, int line, int column, Check check) {
    }

    @FunctionalInterface
    private interface Check {
        Checked run(Path dir) throws IOException;
    }

    /** What a generated case loaded, and the file its problem is about. */
    private record Checked(LoadReport report, Path file) {
    }

    private static Checked checkFile(Path file) throws IOException {
        return new Checked(ProtocolLoader.check(scale, List.of(Source.read(file))), file);
    }

    /** Makes {@code dir} a library by giving it the bundled library's disposition scale. */
    private static Path withLibraryScale(Path dir) throws IOException {
        Files.copy(LIBRARY_SCALE, dir.resolve(ProtocolLoader.SCALE_FILE));
        return dir;
    }

    private static String oversizeText() {
        return "# " + "x".repeat(Source.MAX_BYTES) + "\n";
    }
}

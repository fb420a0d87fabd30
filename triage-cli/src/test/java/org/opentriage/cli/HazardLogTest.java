package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The hazard log names the tests that verify each mitigation as {@code `ClassName#methodName`}; every name must be a
 * test method of that class in the repository's test sources, so that renaming or deleting a test that a mitigation
 * relies on fails the build until the log is brought up to date. The sources are read as text: a method counts when
 * it is annotated as a JUnit test ({@code @Test}, {@code @ParameterizedTest}, {@code @RepeatedTest},
 * {@code @TestFactory}, {@code @TestTemplate}) outside comments and string literals.
 */
class HazardLogTest {
    private static final Path REPOSITORY = Path.of("..");
    private static final Path HAZARD_LOG = REPOSITORY.resolve(Path.of("docs", "safety", "hazard-log.md"));

    /** A test reference: a class name and a method name, joined by {@code #}, alone in backticks. */
    private static final Pattern REFERENCE = Pattern.compile("`([A-Z][A-Za-z0-9_]*)#([A-Za-z_][A-Za-z0-9_]*)`");
    private static final Pattern HAZARD_HEADING = Pattern.compile("(?m)^### (H-\\d{2})\\b");
    private static final Pattern TEST_ANNOTATION = Pattern.compile(
            "@(?:org\\.junit\\.jupiter\\.(?:api|params)\\.)?(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b");
    private static final Pattern IDENTIFIER_BEFORE_PAREN = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*)\\s*$");

    @Test
    void everyTestTheHazardLogNames_isATestMethodInTheTestSources() {
        String log = read(HAZARD_LOG);
        Map<String, Map<String, Set<String>>> tests = testMethodsByClass(REPOSITORY);

        List<Reference> references = references(log);
        assertThat(references).as("test references (`ClassName#methodName`) in %s", HAZARD_LOG).isNotEmpty();
        List<String> missing = new ArrayList<>();
        for (Reference r : references) {
            String where = REPOSITORY.relativize(HAZARD_LOG) + ":" + r.line() + ": `" + r + "`: ";
            Map<String, Set<String>> files = tests.get(r.className());
            if (files == null) {
                missing.add(where + "no test class " + r.className() + " in any module's src/test/java");
            } else if (files.values().stream().noneMatch(methods -> methods.contains(r.methodName()))) {
                missing.add(where + String.join(", ", files.keySet()) + " has no test method " + r.methodName());
            }
        }
        assertThat(missing).as("test references of the hazard log that no longer name a test").isEmpty();
    }

    @Test
    void everyHazard_hasAnIdOfItsOwn_andNamesAtLeastOneTest() {
        String log = read(HAZARD_LOG);
        Matcher heading = HAZARD_HEADING.matcher(log);
        Map<String, String> sections = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        int start = -1;
        String id = null;
        while (heading.find()) {
            if (id != null && sections.put(id, log.substring(start, heading.start())) != null) {
                duplicates.add(id);
            }
            id = heading.group(1);
            start = heading.start();
        }
        if (id != null) {
            int end = log.indexOf("\n## ", start);
            if (sections.put(id, log.substring(start, end < 0 ? log.length() : end)) != null) {
                duplicates.add(id);
            }
        }

        assertThat(sections).as("hazards (### H-NN) in %s", HAZARD_LOG).isNotEmpty();
        assertThat(duplicates).as("hazard ids used twice").isEmpty();
        assertThat(sections).allSatisfy((hazard, text) ->
                assertThat(references(text)).as("the tests %s names", hazard).isNotEmpty());
    }

    @Test
    void testMethods_areThoseAnnotatedAsTests_outsideCommentsAndStrings() {
        String source = """
                class Sample {
                    @Test
                    void plain() {}
                    @ParameterizedTest(name = "{0} (x)")
                    @MethodSource("cases")
                    void parameterized(String x) {}
                    @org.junit.jupiter.api.TestFactory Stream<DynamicTest> factory() { return null; }
                    void helper() { String s = "@Test void inString() {}"; }
                    // @Test void commentedOut() {}
                    /* @Test void blockCommented() {} */
                    static Stream<String> cases() { return Stream.of("//", "/*"); }
                    @Test void afterStrings() {}
                }
                """;

        assertThat(testMethods(source)).containsExactlyInAnyOrder("plain", "parameterized", "factory", "afterStrings");
        assertThat(references("see `CallTest#wrongAnswer_isRejected` and `not a reference`, `Call#next()`"))
                .extracting(Reference::toString).containsExactly("CallTest#wrongAnswer_isRejected");
    }

    record Reference(String className, String methodName, int line) {
        @Override
        public String toString() {
            return className + "#" + methodName;
        }
    }

    static List<Reference> references(String text) {
        List<Reference> found = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            found.add(new Reference(m.group(1), m.group(2), line));
        }
        return found;
    }

    /** Class name (the file's name) to the files of that name, each with its test methods. */
    static Map<String, Map<String, Set<String>>> testMethodsByClass(Path repository) {
        Map<String, Map<String, Set<String>>> byClass = new TreeMap<>();
        try (Stream<Path> modules = Files.list(repository)) {
            List<Path> testSourceRoots = modules.map(m -> m.resolve(Path.of("src", "test", "java"))).filter(Files::isDirectory).toList();
            for (Path testSources : testSourceRoots) {
                try (Stream<Path> files = Files.walk(testSources)) {
                    for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".java")).toList()) {
                        String className = file.getFileName().toString().replaceFirst("\\.java$", "");
                        byClass.computeIfAbsent(className, k -> new TreeMap<>())
                                .put(repository.relativize(file).toString(), testMethods(read(file)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byClass;
    }

    /** The names of the methods of a Java source that carry a JUnit test annotation. */
    static Set<String> testMethods(String source) {
        String code = withoutCommentsAndStrings(source);
        Set<String> methods = new TreeSet<>();
        Matcher annotation = TEST_ANNOTATION.matcher(code);
        while (annotation.find()) {
            int at = skipArguments(code, annotation.end());
            // Further annotations, modifiers and the return type come before the name and its '('.
            while (true) {
                at = skipSpace(code, at);
                if (at < code.length() && code.charAt(at) == '@') {
                    at++;
                    while (at < code.length() && (Character.isJavaIdentifierPart(code.charAt(at)) || code.charAt(at) == '.')) {
                        at++;
                    }
                    at = skipArguments(code, at);
                } else {
                    break;
                }
            }
            int paren = code.indexOf('(', at);
            if (paren < 0) {
                break;
            }
            Matcher name = IDENTIFIER_BEFORE_PAREN.matcher(code.substring(at, paren));
            if (name.find()) {
                methods.add(name.group(1));
            }
        }
        return methods;
    }

    private static int skipSpace(String code, int at) {
        while (at < code.length() && Character.isWhitespace(code.charAt(at))) {
            at++;
        }
        return at;
    }

    /** After an annotation's name: past its arguments in balanced brackets, if it has any. */
    private static int skipArguments(String code, int at) {
        int next = skipSpace(code, at);
        if (next >= code.length() || code.charAt(next) != '(') {
            return at;
        }
        int depth = 0;
        for (int i = next; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return code.length();
    }

    /** The source with comments removed and string, text block and character literals emptied. */
    static String withoutCommentsAndStrings(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                code.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                i = end < 0 ? source.length() : end + 3;
                code.append("\"\"");
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
                code.append(c).append(c);
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

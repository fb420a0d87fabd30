package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The loader refuses hostile or careless input with located problems: alias bombs, explicit types,
 * unknown keys in otherwise valid protocols, and conditions that try to be code.
 */
class LoaderSafetyTest {
    private static final String CHEST_PAIN = "adult/chest-pain-adult.protocol.yaml";

    @Test
    void billionLaughs_isRejectedAtTheFirstAlias_withinASecond() {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            yaml.append("]\n");
        }
        LoadReport report = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> TestFiles.check(Source.of("lol.protocol.yaml", yaml.toString())));

        assertThat(report.hasErrors()).isTrue();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.ALIAS_OR_TAG);
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.column()).isEqualTo(4);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "x: !!java.net.URL [\"http://example.org\"]|1|4",
            "x: !!python/object:os.system [ls]|1|4",
            "x: !custom value|1|4"})
    void explicitTag_isRejectedWhereItStands(String yaml, int line, int column) {
        LoadReport report = TestFiles.check(Source.of("tag.protocol.yaml", yaml));

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.ALIAS_OR_TAG);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.column()).isEqualTo(column);
        });
    }

    @Test
    void deepNesting_isRejectedBeforeTheTreeIsBuilt() {
        String yaml = "[".repeat(100_000) + "]".repeat(100_000);
        LoadReport report = TestFiles.check(Source.of("deep.protocol.yaml", yaml));
        LoadReport json = TestFiles.check(Source.of("deep.protocol.json", yaml));

        assertThat(TestFiles.codes(report)).containsExactly("TRIAGE-0004");
        assertThat(TestFiles.codes(json)).containsExactly("TRIAGE-0004");
    }

    @Test
    void bundledProtocolWithOneUnknownKey_isRejectedNamingThatKeysLine() {
        String original = TestFiles.text(TestFiles.LIBRARY.resolve(CHEST_PAIN));
        List<String> lines = original.lines().toList();
        int firstQuestion = indexOfLineStartingWith(lines, "      - id: ");
        String indent = " ".repeat(8);
        StringBuilder edited = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            edited.append(lines.get(i)).append('\n');
            if (i == firstQuestion) {
                edited.append(indent).append("severity: high\n");
            }
        }

        LoadReport report = TestFiles.check(Source.of("edited.protocol.yaml", edited.toString()));

        assertThat(report.library()).isEmpty();
        assertThat(report.errors()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.UNKNOWN_KEY);
            assertThat(p.file()).isEqualTo("edited.protocol.yaml");
            assertThat(p.line()).isEqualTo(firstQuestion + 2);
            assertThat(p.column()).isEqualTo(indent.length() + 1);
            assertThat(p.message()).contains("severity");
            assertThat(p.protocol()).contains("chest-pain-adult@0.2.0");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "System.exit(0)#0",
            "age >= 18 y && sex = female#12",
            "age >= 18 y || pregnant#12",
            "!pregnant#0",
            "sex == female#4",
            "$p : Patient(age > 18)#0",
            "eval(true)#0",
            "java.lang.Runtime.getRuntime().exec(\"x\")#0",
            "pregnant; retract($p)#8",
            "pregnant and \"x\"#13"})
    void conditionWritingCode_isRejectedAtTheOffendingColumn(String condition, int offset) {
        String protocol = minimalProtocol("    askIf: '" + condition.replace("'", "''") + "'\n");

        LoadReport report = TestFiles.check(Source.of("injected.protocol.yaml", protocol));

        assertThat(report.library()).isEmpty();
        assertThat(report.errors()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.CODE_IN_CONDITION);
            assertThat(p.line()).isEqualTo(QUESTION_LINE + 3);
            assertThat(p.column()).isEqualTo("    askIf: '".length() + 1 + offset);
            assertThat(p.nodeId()).contains("q1");
        });
    }

    private static int indexOfLineStartingWith(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with '" + prefix + "'");
    }

    /** The line of the first question's {@code - id:} in {@link #minimalProtocol}. */
    static final int QUESTION_LINE = 14;

    /** A valid protocol whose only question gets {@code extraQuestionLines} after its text. */
    static String minimalProtocol(String extraQuestionLines) {
        return """
                format: opentriage/protocol/v1
                id: minimal
                version: 1.0.0
                title: {en: Minimal}
                population: {age: {from: 18 y}}
                approval: {status: draft, clinicallyValidated: false}
                definition: {en: A protocol for tests.}
                searchWords: {en: [minimal]}
                references:
                  - {id: ref, title: Reference, publisher: Test, url: "https://example.org/", accessed: 2026-11-27}
                triage:
                - disposition: ed-now
                  questions:
                  - id: q1
                    type: yesno
                    text: {en: Is it bad?}
                """ + extraQuestionLines + """
                defaultDisposition: home-care
                careAdvice:
                - {disposition: ed-now, advice: [{en: Go now.}]}
                - {disposition: home-care, advice: [{en: Rest.}]}
                callBackIf: [{en: Call back if worse.}]
                """;
    }
}

package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;
import static org.opentriage.cli.Cli.triageWithInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code triage run} with the patient input nurses give: the pregnancy answering the protocols' "is she pregnant?",
 * durations in years, a sex not given (asked once, never assumed) and numbers without a unit (never given one
 * silently).
 */
class PatientInputTest {
    private static final String NL = System.lineSeparator();
    private static final Path HOME_CARE = Cli.EXAMPLE_CALLS.resolve("chest-pain-adult-home-care.call.yaml");
    /** A pregnant woman with a low on insulin: every answer but the pregnancy's, which decides the call. */
    private static final String LOW_IN_PREGNANCY = """
            patient: {age: 30 y, sex: female}
            protocol: low-blood-sugar-adult
            answers:
              emergency-signs-adult: none
              new-confusion-adult: no
              worst-pain-adult: no
              sounds-very-sick: no
              feels-seriously-ill: no
              no-fluids-kept-down-adult: no
              cannot-get-out-of-bed-adult: no
              diabetes-medicine: insulin
              treated: yes
              glucose-checked: yes
              blood-glucose: 4.6 mmol/L
              cannot-swallow: no
              not-improving: no
              stroke-signs-persist: no
              chest-pain: no
              took-too-much: no
              injured: no
              needed-help: no
              repeated-lows: no
            expect: {disposition: call-provider-now, trigger: pregnant-low}
            """;

    // ---- pregnancy

    @Test
    void pregnant_answersTheProtocolsPregnancyQuestion_fromThePatientRecord(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("low.call.yaml"), LOW_IN_PREGNANCY);
        Path trail = dir.resolve("call.jsonl");

        Cli.Run pregnant = triage("run", "--answers", script.toString(), "--pregnant", "--audit", trail.toString());
        Cli.Run notKnown = triage("run", "--answers", script.toString());

        assertThat(pregnant.exitCode()).as(pregnant.err()).isEqualTo(ExitCode.OK);
        assertThat(pregnant.out()).doesNotContainPattern("\\[low-blood-sugar-adult@[0-9.]+ pregnant-low\\]")
                .contains("As expected: call-provider-now, trigger pregnant-low");
        assertThat(String.join("\n", Cli.lines(trail))).contains("\"question\":\"pregnant-low\"", "\"source\":\"prefilled\"");
        assertThat(notKnown.exitCode()).isEqualTo(ExitCode.CALL_INCOMPLETE);
        assertThat(notKnown.err()).contains("has no answer to question pregnant-low");
    }

    @Test
    void pregnantInTheScript_andNotPregnantAsAFact_areTheSameField_theCommandLineWinning(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("low.call.yaml"), LOW_IN_PREGNANCY.replace("sex: female}", "sex: female, pregnant: true}"));

        Cli.Run run = triage("run", "--answers", script.toString(), "--fact", "pregnant=no");

        assertThat(run.exitCode()).isEqualTo(ExitCode.CALL_INCOMPLETE);
        assertThat(run.out()).contains("Patient unidentified: 30 y, female, not pregnant");
        assertThat(run.err()).doesNotContain("pregnant-low");   // answered no from the record, the call goes on
    }

    @Test
    void pregnancyWeeks_withoutAUnit_areWeeks() {
        Cli.Run run = triage("run", "pregnancy-concern-adult", "--age", "30", "--sex", "female", "--fact", "pregnancy-weeks=20");

        assertThat(run.out()).contains("Patient unidentified: 30 y, female; facts: pregnancy-weeks 20 wk");
    }

    // ---- durations

    @Test
    void interactive_durationInYears_isTaken(@TempDir Path dir) {
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triageWithInput(Cli.GENERAL + "2 years\ny\n", "run", "cough-adult", "--age", "40", "--audit", trail.toString());

        assertThat(run.out()).contains("(a number in h or d or wk or mo, also min or y;")
                .contains("> 2 years" + NL + "  Not accepted: answer '2 y' to 'cough-duration' rejected: outside the expected range")
                .contains("Confirm 2 y? (y/n)" + NL + "> y" + NL + NL + "[cough-adult@0.2.1 ");
        assertThat(String.join("\n", Cli.lines(trail))).contains("\"unit\":\"y\",\"value\":\"2\"");
    }

    // ---- sex not given

    @Test
    void interactive_sexNotGiven_isAskedOnceBeforeTheCall_whereAProtocolDependsOnIt() {
        Cli.Run run = triageWithInput("x\nf\n", "run", "urination-pain-adult", "--age", "30");

        assertThat(run.out()).startsWith("The patient's sex changes what urination-pain-adult asks: female, male or not known? (f/m/?)"
                + NL + "> x" + NL + "  Please answer f (female), m (male) or ? (not known)" + NL + "> f" + NL)
                .contains("Patient unidentified: 30 y, female" + NL);
    }

    @Test
    void interactive_sexNotKnown_isNeverTakenForEither_theQuestionsForBothAreAsked() {
        Cli.Run notKnown = triageWithInput("?\n" + Cli.GENERAL, "run", "chest-pain-adult", "--age", "40");
        Cli.Run male = triageWithInput(Cli.GENERAL, "run", "chest-pain-adult", "--age", "40", "--sex", "male");

        assertThat(notKnown.out()).contains("  Sex not known: the questions for either sex will be asked.",
                "Patient unidentified: 40 y, sex not known" + NL);
        assertThat(male.out()).doesNotContain("The patient's sex");
    }

    @Test
    void interactive_sexNotGiven_isNotAsked_whereNoProtocolDependsOnIt() {
        Cli.Run run = triageWithInput(Cli.GENERAL, "run", "cough-adult", "--age", "40");

        assertThat(run.out()).doesNotContain("The patient's sex").contains("Patient unidentified: 40 y, sex not known");
    }

    @Test
    void interactive_inputEndingAtTheSexQuestion_startsNoCall(@TempDir Path dir) {
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triageWithInput("", "run", "chest-pain-adult", "--age", "40", "--audit", trail.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CALL_INCOMPLETE);
        assertThat(run.err()).contains("no call was started: the input ended");
        assertThat(trail).doesNotExist();
    }

    @Test
    void commandLineErrors_areReportedBeforeTheSexIsAsked() {
        Cli.Run run = triage("run", "chest-pain-adult", "--age", "10");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).doesNotContain("The patient's sex");
        assertThat(run.err()).contains("cannot start the call: protocol chest-pain-adult@0.2.0 is for 18 y and over");
    }

    @Test
    void script_withoutSex_forAProtocolThatDependsOnIt_isBadInputNamingTheKey(@TempDir Path dir) throws IOException {
        String female = Files.readString(HOME_CARE);
        assertThat(female).contains("sex: female, ");
        Path script = Files.writeString(dir.resolve("nosex.call.yaml"), female.replace("sex: female, ", ""));
        Path unknown = Files.writeString(dir.resolve("unknown.call.yaml"), female.replace("sex: female", "sex: unknown"));

        Cli.Run missing = triage("run", "--answers", script.toString());
        Cli.Run given = triage("run", "--answers", script.toString(), "--sex", "female");
        Cli.Run notKnown = triage("run", "--answers", unknown.toString());

        assertThat(missing.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err()).contains(script + ": patient.sex: missing; protocol chest-pain-adult depends on the patient's "
                + "sex: give female, male or unknown (or --sex)");
        assertThat(given.exitCode()).as(given.err()).isEqualTo(ExitCode.OK);
        assertThat(notKnown.exitCode()).as(notKnown.err()).isEqualTo(ExitCode.OK);
        assertThat(notKnown.out()).contains("[chest-pain-adult@0.2.0 pregnant-or-postpartum]");
    }

    // ---- numbers without a unit

    @Test
    void commandLineFact_bareTemperature_isRefusedSayingWhichUnitItIsPlausibleIn() {
        Cli.Run fahrenheit = triage("run", "fever-child", "--age", "2", "--fact", "temperature=102.2");
        Cli.Run neither = triage("run", "fever-child", "--age", "2", "--fact", "temperature=60");

        assertThat(fahrenheit.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(fahrenheit.err()).contains("fact 'temperature': give the unit of 102.2, one of [°C, °F]; "
                + "102.2 is plausible only in °F: write 102.2 °F");
        assertThat(neither.err()).contains("60 is plausible in none of them");
    }

    @Test
    void scriptFact_bareTemperature_isBadInputSayingWhichUnitItIsPlausibleIn(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("bare.call.yaml"), Files.readString(
                Cli.EXAMPLE_CALLS.resolve("fever-child-within-4h.call.yaml")).replace("temperature: 38.9 °C", "temperature: 38.9"));

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(script + ":4:78: TRIAGE-0013 error: patient.facts.temperature: fact 'temperature': give the unit of 38.9, one of "
                + "[°C, °F]; 38.9 is plausible only in °C: write 38.9 °C");
    }

    @Test
    void readingAtThePrompt_bareTemperature_isReadInTheOnePlausibleUnitOnceConfirmed() {
        Cli.Run run = triageWithInput("+temp 102.2\ny\n" + Cli.GENERAL + "armpit\n", "run", "fever-child", "--age", "2");

        assertThat(run.out()).contains("> +temp 102.2" + NL + "  Not taken yet: fact 'temperature': give the unit of 102.2, one of "
                        + "[°C, °F]" + NL + "  Read 102.2 as 102.2 °F? (y/n)" + NL + "> y" + NL + "  Noted: temperature 102.2 °F")
                .doesNotContain("[fever-child@0.4.0 temperature]");
    }

    @Test
    void readingAtThePrompt_readingDeclined_asksWhichUnit() {
        Cli.Run run = triageWithInput("+temp 39\nn\nC\n", "run", "fever-child", "--age", "2");

        assertThat(run.out()).contains("  Read 39 as 39 °C? (y/n)" + NL + "> n" + NL + "  Which unit: °C or °F?" + NL + "> C" + NL
                + "  Noted: temperature 39 °C");
    }
}

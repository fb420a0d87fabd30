package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;
import static org.opentriage.cli.Cli.triageWithInput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code triage run}: interactive and scripted calls, their outcome, audit trail and exit codes. */
class RunCommandTest {
    private static final String CHEST_PAIN_911 = Cli.GENERAL + String.join("\n", "y", "last-hour", "moderate", "n", "n", "n", "y") + "\n";
    private static final Path ED_NOW = Cli.EXAMPLE_CALLS.resolve("chest-pain-adult-ed-now.call.yaml");

    @Test
    void interactive_pipedAnswers_printQuestionsAndOutcomeAndCloseTheCall(@TempDir Path dir) {
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triageWithInput(CHEST_PAIN_911, "run", "chest-pain-adult", "--age", "54", "--sex", "male",
                "--audit", trail.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out())
                .contains("[chest-pain-adult@0.2.0 pain-now]", "right now? (y/n/?)", "> y")
                .contains("  last-hour      Less than 1 hour ago")
                .contains("[chest-pain-adult@0.2.0 pressure-or-spreading] RED FLAG", "Why it matters: This is the typical")
                .contains("Recommended: Call 911 now (Now, by ambulance) [call-911]")
                .contains("chest-pain-adult@0.2.0: call-911, positive answer to pressure-or-spreading")
                .contains("Care advice", "- Call 911 now.", "Call back if", "NOT clinically validated")
                .contains("closed: call-911");
        assertThat(Cli.lines(trail).get(Cli.lines(trail).size() - 1)).contains("\"type\":\"CallClosed\"");
    }

    @Test
    void inSpanish_theCallerFacingTextsAreSpanish_rationalesStayEnglish_andTheTrailRecordsTheLanguage(@TempDir Path dir) {
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triageWithInput(CHEST_PAIN_911, "run", "chest-pain-adult", "--age", "54", "--sex", "male",
                "--lang", "es", "--audit", trail.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out())
                .contains("Protocol chest-pain-adult@0.2.0: Dolor de pecho (adulto)")
                .contains("[chest-pain-adult@0.2.0 pressure-or-spreading] RED FLAG", "Why it matters: This is the typical")
                .contains("Recommended: Llame al 911 ahora")
                .doesNotContain("[en] ");
        assertThat(Cli.lines(trail)).anySatisfy(line -> assertThat(line).contains("\"type\":\"CallStarted\"")
                .contains("\"language\":\"es\""));
    }

    @Test
    void aLanguageNoProtocolIsWrittenIn_isRefusedAsAUsageError() {
        Cli.Run run = triageWithInput(CHEST_PAIN_911, "run", "chest-pain-adult", "--age", "54", "--sex", "male",
                "--lang", "fr");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--lang fr", "languages: en, es");
    }

    @Test
    void interactive_rejectedAnswer_isExplainedAndAskedAgain() {
        Cli.Run run = triageWithInput(Cli.GENERAL + "maybe\n" + CHEST_PAIN_911.substring(Cli.GENERAL.length()), "run", "chest-pain-adult",
                "--age", "54", "--sex", "male");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("> maybe" + System.lineSeparator()
                + "  Not accepted: answer 'maybe' to 'pain-now' rejected: the question takes yesno" + System.lineSeparator()
                + "  Answer again (y/n/?)" + System.lineSeparator() + "> y");
    }

    @Test
    void interactive_numberOutsideTheExpectedRange_isAcceptedOnceConfirmed(@TempDir Path dir) {
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triageWithInput(Cli.GENERAL + "armpit\n41.6 C\ny\n", "run", "fever-child", "--age", "2", "--audit", trail.toString());

        assertThat(run.out()).contains("Confirm 41.6 °C? (y/n)", "[fever-child@0.4.0 fever-medicine]");
        assertThat(String.join("\n", Cli.lines(trail))).contains("\"answer\":{\"confirmed\":true,\"unit\":\"°C\",\"value\":\"41.6\"}");
    }

    @Test
    void interactive_inputEndingBeforeTheOutcome_abandonsTheCall_withAnIntactTrail(@TempDir Path dir) {
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triageWithInput("y\nlast-hour\n", "run", "chest-pain-adult", "--age", "54", "--sex", "male", "--audit",
                trail.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CALL_INCOMPLETE);
        assertThat(run.err()).contains("abandoned: the input ended before the outcome");
        assertThat(Cli.lines(trail).get(Cli.lines(trail).size() - 1)).contains("\"type\":\"CallAbandoned\"");
        assertThat(triage("audit", "verify", trail.toString()).exitCode()).isEqualTo(ExitCode.OK);
        assertThat(triage("audit", "replay", trail.toString()).out()).contains("reproduced: no disposition");
    }

    @Test
    void script_questionItDoesNotAnswer_abandonsTheCallNamingTheQuestion(@TempDir Path dir) throws IOException {
        Path script = copyExample(dir, "clot-risk: yes", "");

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CALL_INCOMPLETE);
        assertThat(run.err()).contains("has no answer to question clot-risk of chest-pain-adult");
    }

    @Test
    void script_answerTheQuestionRejects_abandonsTheCallNamingIt(@TempDir Path dir) throws IOException {
        Path script = copyExample(dir, "clot-risk: yes", "clot-risk: 12 kg");

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CALL_INCOMPLETE);
        assertThat(run.err()).contains("answers.clot-risk: answer '12 kg' to 'clot-risk' rejected");
    }

    @Test
    void script_confirmedNumberOutsideTheExpectedRange_isAccepted(@TempDir Path dir) throws IOException {
        String script = Files.readString(Cli.EXAMPLE_CALLS.resolve("fever-child-within-24h.call.yaml"))
                .replace("temperature: 38.6 °C", "temperature: {value: 41.6 °C, confirmed: yes}")
                .replace("expect: {disposition: within-24h, trigger: urine-symptoms}", "");
        Path confirmed = Files.writeString(dir.resolve("confirmed.call.yaml"), script);
        Path unconfirmed = Files.writeString(dir.resolve("unconfirmed.call.yaml"),
                script.replace("{value: 41.6 °C, confirmed: yes}", "41.6 °C"));

        Cli.Run run = triage("run", "--answers", confirmed.toString());
        Cli.Run refused = triage("run", "--answers", unconfirmed.toString());

        assertThat(run.out()).contains("> 41.6 °C", "fever-child@0.4.0: within-4h, positive answer to very-high-fever");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.CALL_INCOMPLETE);
        assertThat(refused.err()).contains("answers.temperature: ", "outside the expected range 35 °C to 41 °C; confirm it");
    }

    @Test
    void script_answerKeyedByProtocolAndQuestion_answersThatProtocolsQuestion(@TempDir Path dir) throws IOException {
        Path twoProtocols = Cli.EXAMPLE_CALLS.resolve("chest-pain-adult+headache-adult-within-4h.call.yaml");
        Path script = Files.writeString(dir.resolve("qualified.call.yaml"), Files.readString(twoProtocols)
                .replace("  fever-with-cough: yes", "  chest-pain-adult/fever-with-cough: yes"));

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void script_outcomeOtherThanExpected_exitsNotAsExpected(@TempDir Path dir) throws IOException {
        Path script = copyExample(dir, "expect: {disposition: ed-now, trigger: clot-risk}",
                "expect: {disposition: call-911, trigger: clot-risk}");

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_AS_EXPECTED);
        assertThat(run.err()).contains("not as expected: disposition ed-now (expected call-911)");
    }

    @Test
    void script_answerNeverAskedFor_isAWarning(@TempDir Path dir) throws IOException {
        Path script = copyExample(dir, "clot-risk: yes", "clot-risk: yes\n  racing-heart: no");

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).contains("warning: " + script + ": answers never asked for: racing-heart");
    }

    @Test
    void script_overrideWithApprover_changesTheFinalDisposition(@TempDir Path dir) throws IOException {
        Path script = copyExample(dir, "expect: {disposition: ed-now, trigger: clot-risk}",
                "override: {to: within-4h, reason: provider-advice, note: \"Dr Lee will see her in clinic\", approver: dr-lee}\n"
                        + "expect: {disposition: within-4h, trigger: clot-risk}");

        Cli.Run run = triage("run", "--answers", script.toString(), "--rn", "rn-5");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("Recommended: Go to the emergency department now")
                .contains("Final:       See a clinician within 4 hours")
                .contains("Override by rn-5 from ed-now to within-4h (provider-advice), approved by dr-lee: Dr Lee");
    }

    @Test
    void script_downgradeWithoutApprover_isRefusedAndTheCallAbandoned(@TempDir Path dir) throws IOException {
        Path script = copyExample(dir, "expect: {disposition: ed-now, trigger: clot-risk}",
                "override: {to: within-4h, reason: patient-preference}");

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CALL_INCOMPLETE);
        assertThat(run.err()).contains("override was refused: a downgrade from ed-now to within-4h needs an approver");
    }

    @Test
    void commandLinePatientOptions_winOverTheScript() {
        // The script's patient is female; as a man, the pregnancy question is not asked.
        Cli.Run run = triage("run", "chest-pain-adult", "--answers",
                Cli.EXAMPLE_CALLS.resolve("chest-pain-adult-home-care.call.yaml").toString(), "--sex", "male");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).doesNotContain("pregnant-or-postpartum]");
        assertThat(run.err()).contains("answers never asked for: pregnant-or-postpartum");
    }

    @Test
    void commandLineProtocolOtherThanTheScripts_isAUsageError() {
        Cli.Run run = triage("run", "headache-adult", "--answers", ED_NOW.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("names protocols [headache-adult] but", "names [chest-pain-adult]");
    }

    @Test
    void script_withAnUnknownKey_isBadInputNamingFileLineColumnAndKey(@TempDir Path dir) throws IOException {
        Path script = copyExample(dir, "patient: {age: 34 y,", "patient: {age: 34 y, weight: 60 kg,");

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(script + ":4:22: TRIAGE-0010 error: patient.weight: unknown key");
    }

    @Test
    void script_withTheAcceptanceSuitesRecordKeys_runsAsWithoutThem(@TempDir Path dir) throws IOException {
        Path script = copyExample(dir, "protocol: chest-pain-adult", "protocol: chest-pain-adult\nrn: RN player 2\n"
                + "searched: \"sharp chest pain\"");

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("As expected: ed-now");
    }

    @Test
    void script_withProtocolNone_isBadInputSayingThereIsNoCallToRun(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("none.call.yaml"), """
                rn: RN player 2
                searched: "ingrown toenail"
                protocol: none
                patient: {age: 30 y, sex: male}
                """);

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(script + ": protocol: none: ", "there is no call to run");
    }

    @Test
    void script_withProtocolNoneAndAnswers_isRefusedAtTheAnswers(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("none.call.yaml"), """
                protocol: none
                patient: {age: 30 y, sex: male}
                answers: {pain-now: yes}
                """);

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(script + ":3:1: TRIAGE-0013 error: answers: not with 'protocol: none'");
    }

    @Test
    void auditFileThatAlreadyHoldsATrail_isRefusedAndLeftAlone(@TempDir Path dir) throws IOException {
        Path trail = Files.writeString(dir.resolve("call.jsonl"), "{}\n");

        Cli.Run run = triage("run", "--answers", ED_NOW.toString(), "--audit", trail.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("already holds an audit trail");
        assertThat(Files.readString(trail)).isEqualTo("{}\n");
    }

    @Test
    void unknownProtocol_isAUsageErrorListingTheProtocols() {
        Cli.Run run = triage("run", "chest-pain", "--age", "54");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("no protocol 'chest-pain'", "chest-pain-adult", "fever-child", "headache-adult");
    }

    @Test
    void badFacts_areUsageErrorsNamingThem() {
        assertThat(triage("run", "fever-child", "--age", "2", "--fact", "tempo=39 C").err()).contains("unknown fact 'tempo'");
        assertThat(triage("run", "fever-child", "--age", "2", "--fact", "temperature=yes").err())
                .contains("fact 'temperature' is a temperature, not 'yes'");
        assertThat(triage("run", "fever-child", "--age", "2", "--fact", "temperature=39").err())
                .contains("fact 'temperature': give the unit of 39, one of [°C, °F]");
        assertThat(triage("run", "fever-child", "--age", "2", "--fact", "oxygen-saturation=910").err())
                .contains("outside 40 % to 100 %");
        assertThat(triage("run", "chest-pain-adult", "--age", "30", "--sex", "male", "--pregnant").exitCode())
                .isEqualTo(ExitCode.USAGE);
        assertThat(triage("run", "chest-pain-adult").err()).contains("the patient's age is missing");
    }

    @Test
    void aReadingTypedAtThePrompt_isTakenByTheCall_andAFactNoProtocolUsesIsShownAsNotUsed() {
        Cli.Run run = triageWithInput("+spo2 89\n+weight 70 kg\nnone\n?\n" + "n\n".repeat(40), "run", "cough-adult", "--age", "54");

        // The cough protocol never asks for the oxygen level; the general assessment reads it and decides the call.
        assertThat(run.out()).contains("  Noted: oxygen-saturation 89 %", "  Noted: weight 70 kg")
                .contains("general-assessment@0.2.3: ed-now, positive answer to spo2-below-92")
                .contains("Recommended: Go to the emergency department now")
                .contains("Given but not used by these protocols: weight" + System.lineSeparator());
        assertThat(triageWithInput("+spo2 abc\n", "run", "cough-adult", "--age", "54").out())
                .contains("  Not taken: fact 'oxygen-saturation' is a percent, not 'abc'");
    }

    @Test
    void factsFromTheCommandLine_answerTheirQuestionsWithoutAsking() {
        Cli.Run run = triageWithInput(Cli.GENERAL + "armpit\n", "run", "fever-child", "--age", "2", "--fact", "temperature=38.2 C");

        assertThat(run.out()).doesNotContain("fever-child@0.4.0 temperature]").contains("[fever-child@0.4.0 fever-medicine]");
    }

    @Test
    void hmacKey_signsTheTrail_andVerificationWithAnotherKeyFails(@TempDir Path dir) {
        Path key = Cli.keyFile(dir.resolve("key"), "a-32-byte-secret-for-this-test!!\n");
        Path otherKey = Cli.keyFile(dir.resolve("other"), "another-secret-that-is-not-it!!!\n");
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triage("run", "--answers", ED_NOW.toString(), "--audit", trail.toString(), "--hmac-key-file", key.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(triage("audit", "verify", trail.toString(), "--hmac-key-file", key.toString()).exitCode()).isEqualTo(ExitCode.OK);
        Cli.Run wrongKey = triage("audit", "verify", trail.toString(), "--hmac-key-file", otherKey.toString());
        assertThat(wrongKey.exitCode()).isEqualTo(ExitCode.TRAIL_BROKEN);
        assertThat(wrongKey.err()).contains("line 1: ", "HMAC does not match");
    }

    @Test
    void hmacKeyShorterThan16Bytes_isBadInput(@TempDir Path dir) {
        Path key = Cli.keyFile(dir.resolve("key"), "short\n");

        Cli.Run run = triage("audit", "verify", "whatever.jsonl", "--hmac-key-file", key.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("an HMAC key needs at least 16 bytes, the file has 5");
    }

    // ---- pseudonymous references

    @Test
    void patientReferenceWithANameAndDateOfBirth_isAUsageErrorSayingWhy_withoutPrintingIt() {
        Cli.Run run = triage("run", "chest-pain-adult", "--age", "54", "--patient", "Jane Doe 1961-04-02");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("cannot start the call: patient reference refused: it looks like a date", "(from --patient)");
        assertThat(run.out() + run.err()).doesNotContain("Jane", "1961");
    }

    @Test
    void nurseIdWithASpace_isAUsageErrorNamingRn() {
        Cli.Run run = triage("run", "--answers", ED_NOW.toString(), "--rn", "Mary Smith");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("nurse id refused: it has white space", "(from --rn)").doesNotContain("Mary");
    }

    @Test
    void loginNameWithASpace_asTheDefaultNurseId_isAUsageErrorAskingForRn() {
        String login = System.getProperty("user.name");
        System.setProperty("user.name", "Mary Smith");
        try {
            Cli.Run defaulted = triage("run", "--answers", ED_NOW.toString());
            Cli.Run given = triage("run", "--answers", ED_NOW.toString(), "--rn", "rn-7");

            assertThat(defaulted.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(defaulted.err()).contains("nurse id refused: it has white space",
                    "without --rn the nurse id is the login name, which cannot be used as one: give --rn ID");
            assertThat(given.exitCode()).as(given.err()).isEqualTo(ExitCode.OK);
        } finally {
            System.setProperty("user.name", login);
        }
    }

    @Test
    void scriptPatientReferenceThatLooksLikeADate_isBadInputNamingTheScript(@TempDir Path dir) throws IOException {
        Path script = copyExample(dir, "reference: demo-cp-ed", "reference: doe-1990-01-31");

        Cli.Run run = triage("run", "--answers", script.toString());
        Cli.Run replaced = triage("run", "--answers", script.toString(), "--patient", "p-31");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(script + ": patient.reference: patient reference refused: it looks like a date")
                .doesNotContain("1990");
        assertThat(replaced.exitCode()).as(replaced.err()).isEqualTo(ExitCode.OK);
    }

    // ---- numbers without a unit

    @Test
    void interactive_bareTemperatureAbove45_isReadAsFahrenheitOnceConfirmed(@TempDir Path dir) {
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triageWithInput(Cli.GENERAL + "armpit\n102.2\ny\n", "run", "fever-child", "--age", "2", "--audit", trail.toString());

        assertThat(run.out()).contains("> 102.2" + System.lineSeparator()
                + "  Not accepted: answer '102.2' to 'temperature' rejected: a number alone is ambiguous here; give its "
                + "unit, one of [°C, °F]" + System.lineSeparator()
                + "  Read 102.2 as 102.2 °F? (y/n)" + System.lineSeparator() + "> y")
                .contains("[fever-child@0.4.0 fever-medicine]");
        assertThat(String.join("\n", Cli.lines(trail))).contains("\"unit\":\"°F\",\"value\":\"102.2\"");
    }

    @Test
    void interactive_bareTemperatureUpTo45_isReadAsCelsiusOnceConfirmed(@TempDir Path dir) {
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triageWithInput(Cli.GENERAL + "armpit\n38.5\ny\n", "run", "fever-child", "--age", "2", "--audit", trail.toString());

        assertThat(run.out()).contains("Read 38.5 as 38.5 °C? (y/n)", "[fever-child@0.4.0 fever-medicine]");
        assertThat(String.join("\n", Cli.lines(trail))).contains("\"unit\":\"°C\",\"value\":\"38.5\"");
    }

    @Test
    void interactive_bareNumber_readingDeclined_asksWhichUnit(@TempDir Path dir) {
        Path trail = dir.resolve("call.jsonl");

        Cli.Run run = triageWithInput(Cli.GENERAL + "armpit\n39\nn\nF\n102.2 F\n", "run", "fever-child", "--age", "2",
                "--audit", trail.toString());

        assertThat(run.out()).contains("Read 39 as 39 °C? (y/n)" + System.lineSeparator() + "> n" + System.lineSeparator()
                + "  Which unit: °C or °F?" + System.lineSeparator() + "> F" + System.lineSeparator()
                + "  Not accepted: answer '39 °F' to 'temperature' rejected: outside the plausible range")
                .contains("[fever-child@0.4.0 fever-medicine]");
        assertThat(String.join("\n", Cli.lines(trail))).doesNotContain("\"value\":\"39\"");
    }

    @Test
    void interactive_bareNumberPlausibleInNoUnit_asksWhichUnitWithoutOfferingAReading() {
        Cli.Run run = triageWithInput(Cli.GENERAL + "armpit\n60\nnonsense\n38.5 C\n", "run", "fever-child", "--age", "2");

        assertThat(run.out()).doesNotContain("Read 60").contains("  Which unit: °C or °F?" + System.lineSeparator()
                + "> nonsense" + System.lineSeparator() + "  Answer again (a number in °C or °F; ? if not known)")
                .contains("[fever-child@0.4.0 fever-medicine]");
    }

    @Test
    void script_bareNumberToAQuestionWithSeveralUnits_abandonsTheCallNamingTheAnswer(@TempDir Path dir) throws IOException {
        Path script = Files.writeString(dir.resolve("bare.call.yaml"), Files.readString(
                Cli.EXAMPLE_CALLS.resolve("fever-child-within-24h.call.yaml")).replace("temperature: 38.6 °C", "temperature: 38.6"));

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CALL_INCOMPLETE);
        assertThat(run.err()).contains(script + ": answers.temperature: answer '38.6' to 'temperature' rejected: "
                + "a number alone is ambiguous here; give its unit, one of [°C, °F]; 38.6 is plausible only in °C: write 38.6 °C");
    }

    // ---- control characters

    @Test
    void interactive_answerWithAnAnsiEscapeSequence_isEchoedAndQuotedVisibly() {
        Cli.Run run = triageWithInput(Cli.GENERAL + "\u001b[2J\u001b[31my\n" + CHEST_PAIN_911.substring(Cli.GENERAL.length()), "run", "chest-pain-adult",
                "--age", "54", "--sex", "male");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).doesNotContain("\u001b")
                .contains("> \\u001b[2J\\u001b[31my" + System.lineSeparator()
                        + "  Not accepted: answer '\\u001b[2j\\u001b[31my' to 'pain-now' rejected");
    }

    @Test
    void script_answerWithAnAnsiEscapeSequence_isPrintedVisibly_andSoIsItsRejection(@TempDir Path dir) throws IOException {
        Path script = copyExample(dir, "clot-risk: yes", "clot-risk: \"\\e[31myes\"");

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CALL_INCOMPLETE);
        assertThat(run.out()).doesNotContain("\u001b").contains("> \\u001b[31myes");
        assertThat(run.err()).doesNotContain("\u001b").contains("answers.clot-risk: answer '\\u001b[31myes' to 'clot-risk' rejected");
    }

    @Test
    void script_overrideNoteWithBidiOverrides_isPrintedVisibly(@TempDir Path dir) throws IOException {
        Path script = copyExample(dir, "expect: {disposition: ed-now, trigger: clot-risk}",
                "override: {to: call-911, reason: nurse-judgment, note: \"\\u202Ereversed\\u202C\"}");

        Cli.Run run = triage("run", "--answers", script.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).doesNotContain("\u202e").contains("(nurse-judgment): \\u202ereversed\\u202c");
    }

    /** The ed-now example with one piece of text replaced, written to {@code dir}. */
    private static Path copyExample(Path dir, String text, String replacement) throws IOException {
        String script = Files.readString(ED_NOW);
        assertThat(script).contains(text);
        return Files.writeString(dir.resolve("edited.call.yaml"), script.replace(text, replacement));
    }

    @Test
    void auditTrailOnAFullDisk_failsTheCallClosed_andPrintsTheQuestionsNotYetRuledOut() {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full (Linux)");

        Cli.Run run = triage("run", "chest-pain-adult", "--age", "54", "--sex", "male", "--audit", full.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.CALL_FAILED);
        assertThat(run.out()).contains("NOT YET RULED OUT")
                .contains("- [call-911] RED FLAG")
                .contains("(chest-pain-adult@0.2.0 collapse-or-confusion)");
        assertThat(run.out().indexOf("[call-911] RED FLAG")).isLessThan(run.out().indexOf("[ed-now] RED FLAG"));
        assertThat(run.err()).contains("failed closed");
    }
}

package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code triage acceptance}: the blind acceptance suite replayed on the bundled library, and a fixture suite on a
 * fixture library ({@code src/test/resources/acceptance/library}: copies of three protocols as they were when the
 * fixture calls were answered, with the shared files they use). The fixture suite
 * ({@code src/test/resources/acceptance/suite}) holds invented stories: a chest-pain story answered yes on its red
 * flag (appropriate), a self-care story that comes out home care (appropriate), an emergent story whose call comes
 * out home care (a dangerous miss), a self-care story whose call comes out within 24 hours (over-triage), a fever
 * story that comes out within 24 hours (appropriate), a story with no protocol, a story not yet played, a call that
 * no longer answers a question of its protocol and a call on a protocol the library does not have.
 */
class AcceptanceCommandTest {
    private static final Path FIXTURES = Path.of("src", "test", "resources", "acceptance");
    private static final Path SUITE = FIXTURES.resolve("suite");
    private static final Path MALFORMED = FIXTURES.resolve("malformed");
    private static final Path LIBRARY = FIXTURES.resolve("library");

    @Test
    void repositorySuite_holdsItsRatchet() {
        Cli.Run run = triage("acceptance", "--check");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("Acceptance suite " + Path.of("..", "acceptance").toAbsolutePath().normalize());
    }

    @Test
    void fixtureSuite_countsEachStoryPlayedByItsGoldAndResult() throws IOException {
        JsonNode figures = json(SUITE, "--json");

        assertThat(figures.get("library").asText()).isEqualTo(LIBRARY.toString());
        assertThat(figures.get("stories").asInt()).isEqualTo(9);
        assertThat(figures.get("played").asInt()).isEqualTo(8);
        assertThat(figures.get("replayed").asInt()).isEqualTo(5);
        assertThat(share(figures.get("appropriate"))).isEqualTo("3 of 8, 37.5");
        assertThat(figures.get("underTriage").asInt()).isEqualTo(1);
        assertThat(figures.get("overTriage").asInt()).isEqualTo(1);
        assertThat(row(figures, "emergent")).isEqualTo("played 3, 1 of 3, 33.3, under 1, over 0, no protocol 0, not replayable 1");
        assertThat(row(figures, "clinician")).isEqualTo("played 2, 1 of 2, 50.0, under 0, over 0, no protocol 0, not replayable 1");
        assertThat(row(figures, "self-care")).isEqualTo("played 3, 1 of 3, 33.3, under 0, over 1, no protocol 1, not replayable 0");
        assertThat(figures.get("meanQuestions").decimalValue()).isPositive();
    }

    @Test
    void emergentStory_answeredYesOnTheRedFlag_isAppropriate() throws IOException {
        JsonNode story = detail(json(SUITE, "--json", "--details"), "adult-crushing-chest-pressure");

        assertThat(story.get("result").asText()).isEqualTo("appropriate");
        assertThat(story.get("level").asText()).isEqualTo("call-911");
        assertThat(story.get("category").asText()).isEqualTo("emergent");
        assertThat(story.get("trigger").asText()).isEqualTo("chest-pain-adult/pressure-or-spreading");
        assertThat(story.get("protocols").toString()).contains("chest-pain-adult@", "general-assessment@");
    }

    @Test
    void clinicianAndSelfCareStories_endingInTheirGoldsCategory_areAppropriate() throws IOException {
        JsonNode figures = json(SUITE, "--json", "--details");

        assertThat(detail(figures, "child-fever-and-stinging-wee").get("category").asText()).isEqualTo("clinician");
        assertThat(detail(figures, "child-fever-and-stinging-wee").get("result").asText()).isEqualTo("appropriate");
        assertThat(detail(figures, "adult-sore-chest-after-moving-house").get("level").asText()).isEqualTo("home-care");
        assertThat(detail(figures, "adult-sore-chest-after-moving-house").get("result").asText()).isEqualTo("appropriate");
    }

    @Test
    void emergentStory_thatCameOutHomeCare_isUnderTriageAndListedAsADangerousMiss() throws IOException {
        JsonNode figures = json(SUITE, "--json", "--details");
        Cli.Run text = acceptance(SUITE);

        assertThat(detail(figures, "adult-jaw-ache-and-sweats").get("result").asText()).isEqualTo("under-triage");
        assertThat(figures.get("dangerousMisses").toString()).isEqualTo("[{\"id\":\"adult-jaw-ache-and-sweats\",\"level\":\"home-care\"}]");
        assertThat(text.out()).contains("Emergent stories that came out non-emergent (dangerous misses): 1"
                + System.lineSeparator() + "  adult-jaw-ache-and-sweats: home-care");
    }

    @Test
    void selfCareStory_sentToAClinician_isOverTriageAndCountedAsSentOn() throws IOException {
        JsonNode figures = json(SUITE, "--json", "--details");

        assertThat(detail(figures, "adult-itchy-rash-new-washing-powder").get("result").asText()).isEqualTo("over-triage");
        assertThat(share(figures.get("selfCareToClinician"))).isEqualTo("1 of 3, 33.3");
        assertThat(figures.get("selfCareSentToClinician").toString()).contains("adult-itchy-rash-new-washing-powder", "within-24h");
    }

    @Test
    void protocolNone_countsAsNoProtocol_andAsNotAppropriate() throws IOException {
        JsonNode figures = json(SUITE, "--json", "--details");

        assertThat(figures.get("noProtocol").toString()).isEqualTo("[\"adult-hiccups-for-an-hour\"]");
        assertThat(detail(figures, "adult-hiccups-for-an-hour").get("result").asText()).isEqualTo("no protocol");
        assertThat(detail(figures, "adult-hiccups-for-an-hour").has("level")).isFalse();
        JsonNode selfCare = figures.get("byGold").get("self-care");
        assertThat(selfCare.get("noProtocol").asInt()).isEqualTo(1);
        assertThat(selfCare.get("appropriate").get("count").asInt() + selfCare.get("underTriage").asInt()
                + selfCare.get("overTriage").asInt() + selfCare.get("noProtocol").asInt() + selfCare.get("notReplayable").asInt())
                .as("each story played counts once").isEqualTo(selfCare.get("played").asInt());
    }

    @Test
    void storyWithoutACall_isListedAsNotPlayed_andLeftOutOfThePercentages() throws IOException {
        JsonNode figures = json(SUITE, "--json");
        Cli.Run text = acceptance(SUITE);

        assertThat(figures.get("notPlayed").toString()).isEqualTo("[\"child-runny-nose\"]");
        assertThat(figures.get("played").asInt()).isEqualTo(figures.get("stories").asInt() - 1);
        assertThat(figures.get("byGold").get("self-care").get("played").asInt()).isEqualTo(3);
        assertThat(text.out()).contains("Not yet played (no calls/ID.call.yaml): child-runny-nose");
    }

    @Test
    void callsThatNoLongerFitTheLibrary_areNotReplayable_withTheReason_andCountedSeparately() throws IOException {
        JsonNode figures = json(SUITE, "--json");
        Cli.Run text = acceptance(SUITE);

        assertThat(figures.get("notReplayable").findValuesAsText("id"))
                .containsExactly("adult-cough-for-four-weeks", "adult-sudden-worst-headache");
        assertThat(figures.get("notReplayable").findValuesAsText("reason"))
                .anySatisfy(r -> assertThat(r).startsWith("no protocol 'cough-long-adult' in the library in " + LIBRARY))
                .anySatisfy(r -> assertThat(r).contains("has no answer to question usual-pattern of headache-adult"));
        assertThat(text.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(text.out()).contains("NOT REPLAYABLE: 2 (", "an RN player who did not write the story plays it again");
    }

    @Test
    void library_thatDoesNotLoad_isLoadFailedWithItsProblems_andNothingIsReplayed(@TempDir Path dir) throws IOException {
        Path library = copy(LIBRARY, dir.resolve("library"));
        Path protocol = library.resolve("adult").resolve("headache-adult.protocol.yaml");
        Files.writeString(protocol, Files.readString(protocol).replace("format: opentriage/protocol/v2", "format: opentriage/protocol/v9"));

        Cli.Run run = triage("acceptance", SUITE.toString(), "--library", library.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.LOAD_FAILED);
        assertThat(run.err()).contains("the protocols in " + library + " could not be loaded", "headache-adult.protocol.yaml:");
        assertThat(run.out()).doesNotContain("Appropriate");
    }

    @Test
    void details_listEveryStoryWithGoldResultLevelCategoryTriggerAndProtocols() {
        Cli.Run run = acceptance(SUITE, "--details");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).containsPattern("(?m)^id +gold +result +level +category +trigger +protocols$")
                .containsPattern("(?m)^adult-crushing-chest-pressure +emergent +appropriate +call-911 +emergent "
                        + "+chest-pain-adult/pressure-or-spreading +chest-pain-adult@[0-9.]+, general-assessment@[0-9.]+$")
                .containsPattern("(?m)^child-runny-nose +self-care +not played +- +- +- +-$");
    }

    @Test
    void malformedFiles_areEachReportedWithFileLineColumnAndCode_andNothingIsReplayed() {
        Cli.Run run = acceptance(MALFORMED);
        Path stories = MALFORMED.resolve("stories");
        Path calls = MALFORMED.resolve("calls");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.out()).isEmpty();
        assertLinesStartWith(run.err(),
                calls.resolve("adult-call-with-expect.call.yaml") + ":6:1: TRIAGE-0010 error: expect: not in a call of the "
                        + "acceptance suite",
                calls.resolve("adult-no-such-story.call.yaml") + ":0:0: TRIAGE-0023 error: a call for no story",
                stories.resolve("adult-bad-gold.story.yaml") + ":7:7: TRIAGE-0013 error: gold: expected emergent, clinician "
                        + "or self-care, not 'urgent'",
                stories.resolve("adult-level-of-another-category.story.yaml") + ":8:12: TRIAGE-0013 error: goldLevel: "
                        + "within-24h is clinician care, but the gold is emergent",
                stories.resolve("adult-missing-why.story.yaml") + ":2:1: TRIAGE-0012 error: why: missing",
                stories.resolve("adult-unknown-key.story.yaml") + ":12:1: TRIAGE-0010 error: notes: unknown key",
                stories.resolve("adult-wrong-name.story.yaml") + ":3:5: TRIAGE-0013 error: id: 'adult-other-name' is not the "
                        + "file's name",
                stories.resolve("notes.txt") + ":0:0: TRIAGE-0013 error: not a story file",
                "triage: 8 problem(s) in the acceptance suite " + MALFORMED + "; nothing was replayed");
    }

    @Test
    void story_withEveryProblemAtOnce_reportsEachOfThem(@TempDir Path dir) throws IOException {
        Path suite = emptySuite(dir);
        Path story = Files.writeString(suite.resolve("stories").resolve("child-many-problems.story.yaml"), """
                format: opentriage/story/v2
                id: child-many-problems
                patient: {age: 3 y, sex: unknown}
                caller: My son has a cold.
                gold: self-care
                goldLevel: home-care
                why: A cold.
                guidance: []
                colour: blue
                """);

        Cli.Run run = acceptance(suite);

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(located(run, story)).containsExactly("1:1: TRIAGE-0012", "1:9: TRIAGE-0015", "3:26: TRIAGE-0013",
                "8:11: TRIAGE-0014", "9:1: TRIAGE-0010");
        assertThat(run.err()).contains("writer: missing", "patient.sex: expected female or male, not 'unknown'");
    }

    @Test
    void check_figureFallenPastTheRatchet_exits6NamingEachFigure(@TempDir Path dir) throws IOException {
        Path suite = copy(SUITE, dir.resolve("suite"));
        Files.writeString(suite.resolve("ratchet.yaml"), """
                format: opentriage/acceptance-ratchet/v1
                appropriatePercent: 40
                emergentAppropriatePercent: 33.3
                maxUnderTriage: 0
                maxSelfCareToClinicianPercent: 33.4
                maxNotReplayable: 2
                """);

        Cli.Run run = acceptance(suite, "--check");

        assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_AS_EXPECTED);
        assertThat(run.err()).contains("fell past " + suite.resolve("ratchet.yaml") + ": appropriate (category equals gold) "
                + "37.5 % (3 of 8) is below 40.0 %; under-triage (less urgent than gold) 1 is above 0");
        assertThat(run.out()).containsPattern("emergent stories appropriate +33.3 % \\(1 of 3\\) +at least 33.3 % +held")
                .containsPattern("under-triage \\(less urgent than gold\\) +1 +at most 0 +FELL PAST");
    }

    @Test
    void check_suiteAtItsRatchet_exits0() {
        Cli.Run run = acceptance(SUITE, "--check");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).doesNotContain("FELL PAST");
    }

    @Test
    void check_withoutARatchet_isBadInput(@TempDir Path dir) throws IOException {
        Path suite = copy(SUITE, dir.resolve("suite"));
        Files.delete(suite.resolve("ratchet.yaml"));

        Cli.Run run = acceptance(suite, "--check");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("ratchet.yaml: no such file", "--update-ratchet");
    }

    @Test
    void updateRatchet_tightensTheFiguresThatImproved_andKeepsTheOthers(@TempDir Path dir) throws IOException {
        Path suite = copy(SUITE, dir.resolve("suite"));
        Files.writeString(suite.resolve("ratchet.yaml"), """
                format: opentriage/acceptance-ratchet/v1
                appropriatePercent: 20
                emergentAppropriatePercent: 50
                maxUnderTriage: 3
                maxSelfCareToClinicianPercent: 100
                maxNotReplayable: 2
                """);

        Cli.Run run = acceptance(suite, "--update-ratchet");
        Cli.Run check = acceptance(suite, "--check");

        assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_AS_EXPECTED);
        assertThat(run.err()).contains("emergent stories appropriate 33.3 % (1 of 3) is below 50.0 %", "--force loosens");
        assertThat(thresholds(suite)).containsExactly("appropriatePercent: 37.5", "emergentAppropriatePercent: 50.0",
                "maxUnderTriage: 1", "maxSelfCareToClinicianPercent: 33.4", "maxNotReplayable: 2");
        assertThat(run.out()).containsPattern("at least 37.5 % \\(was 20.0 %\\) +held");
        assertThat(check.exitCode()).isEqualTo(ExitCode.NOT_AS_EXPECTED);
    }

    @Test
    void updateRatchet_withForce_movesEveryFigureToTheSuite_andCheckThenHolds(@TempDir Path dir) throws IOException {
        Path suite = copy(SUITE, dir.resolve("suite"));
        Files.writeString(suite.resolve("ratchet.yaml"), Files.readString(suite.resolve("ratchet.yaml"))
                .replace("emergentAppropriatePercent: 33.3", "emergentAppropriatePercent: 90"));

        Cli.Run run = acceptance(suite, "--update-ratchet", "--force");
        Cli.Run check = acceptance(suite, "--check");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(thresholds(suite)).contains("emergentAppropriatePercent: 33.3");
        assertThat(check.exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void updateRatchet_onASuiteWithoutOne_writesTheCurrentFigures(@TempDir Path dir) throws IOException {
        Path suite = copy(SUITE, dir.resolve("suite"));
        Files.delete(suite.resolve("ratchet.yaml"));

        Cli.Run run = acceptance(suite, "--update-ratchet");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(thresholds(suite)).containsExactly("appropriatePercent: 37.5", "emergentAppropriatePercent: 33.3",
                "maxUnderTriage: 1", "maxSelfCareToClinicianPercent: 33.4", "maxNotReplayable: 2");
    }

    @Test
    void emptySuite_withAZeroRatchet_holdsIt(@TempDir Path dir) throws IOException {
        Path suite = emptySuite(dir);
        Files.writeString(suite.resolve("ratchet.yaml"), """
                format: opentriage/acceptance-ratchet/v1
                appropriatePercent: 0
                emergentAppropriatePercent: 0
                maxUnderTriage: 0
                maxSelfCareToClinicianPercent: 0
                maxNotReplayable: 0
                """);

        Cli.Run run = acceptance(suite, "--check");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).containsPattern("stories +0");
    }

    @Test
    void ratchet_withAnUnknownKey_isBadInputAtItsLine(@TempDir Path dir) throws IOException {
        Path suite = emptySuite(dir);
        Files.writeString(suite.resolve("ratchet.yaml"), """
                format: opentriage/acceptance-ratchet/v1
                appropriatePercent: 0
                emergentAppropriatePercent: 0
                maxUnderTriage: 0
                maxOverTriage: 0
                maxSelfCareToClinicianPercent: 0
                maxNotReplayable: 0
                """);

        Cli.Run run = acceptance(suite, "--check");

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains(suite.resolve("ratchet.yaml") + ":5:1: TRIAGE-0010 error: maxOverTriage: unknown key");
    }

    @Test
    void directoryThatIsNotASuite_isBadInput(@TempDir Path dir) {
        Cli.Run run = acceptance(dir);

        assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("not an acceptance suite: no stories/ directory");
    }

    @Test
    void forceWithoutUpdateRatchet_isAUsageError() {
        Cli.Run run = acceptance(SUITE, "--check", "--force");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    }

    /**
     * {@code triage acceptance SUITE OPTIONS... --library} the fixture library: the fixture calls were answered on
     * these protocols, which stay as they were whatever the bundled library becomes.
     */
    private static Cli.Run acceptance(Path suite, String... options) {
        List<String> args = new ArrayList<>(List.of("acceptance", suite.toString()));
        args.addAll(List.of(options));
        args.addAll(List.of("--library", LIBRARY.toString()));
        return triage(args.toArray(String[]::new));
    }

    private static JsonNode json(Path suite, String... options) throws IOException {
        Cli.Run run = acceptance(suite, options);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        return new ObjectMapper().readTree(run.out());
    }

    private static JsonNode detail(JsonNode figures, String id) {
        for (JsonNode story : figures.get("details")) {
            if (story.get("id").asText().equals(id)) {
                return story;
            }
        }
        throw new AssertionError("no story " + id + " in " + figures.get("details"));
    }

    /** {@code 3 of 8, 37.5}. */
    private static String share(JsonNode share) {
        return share.get("count").asInt() + " of " + share.get("of").asInt() + ", " + share.get("percent").decimalValue();
    }

    private static String row(JsonNode figures, String gold) {
        JsonNode row = figures.get("byGold").get(gold);
        return "played " + row.get("played").asInt() + ", " + share(row.get("appropriate")) + ", under "
                + row.get("underTriage").asInt() + ", over " + row.get("overTriage").asInt() + ", no protocol "
                + row.get("noProtocol").asInt() + ", not replayable " + row.get("notReplayable").asInt();
    }

    /** Each line of {@code text} starts with its prefix, and there are no others. */
    private static void assertLinesStartWith(String text, String... prefixes) {
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(prefixes.length);
        for (int i = 0; i < prefixes.length; i++) {
            assertThat(lines.get(i)).startsWith(prefixes[i]);
        }
    }

    /** The location and code of each problem printed for {@code file}: {@code 3:39: TRIAGE-0013}. */
    private static List<String> located(Cli.Run run, Path file) {
        return run.err().lines().filter(l -> l.startsWith(file + ":"))
                .map(l -> l.substring(file.toString().length() + 1, l.indexOf(" error: "))).toList();
    }

    /** The thresholds a ratchet file records, without its comments. */
    private static List<String> thresholds(Path suite) throws IOException {
        return Files.readAllLines(suite.resolve("ratchet.yaml")).stream().filter(l -> !l.startsWith("#") && !l.startsWith("format"))
                .map(l -> l.replaceAll(" *#.*", "")).toList();
    }

    private static Path emptySuite(Path dir) throws IOException {
        Path suite = dir.resolve("suite");
        Files.createDirectories(suite.resolve("stories"));
        Files.createDirectories(suite.resolve("calls"));
        return suite;
    }

    private static Path copy(Path from, Path to) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(files::add);
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            try {
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return to;
    }
}

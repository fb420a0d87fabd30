package org.opentriage.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The protocol library: the bundled set, versions side by side, resolution and search. */
class ProtocolLibraryTest {
    /** A library with knee-pain 1.0.0 approved and 1.1.0 draft, and knee-swelling only as a draft. */
    private static final Path APPROVED_AND_NEWER_DRAFT = Path.of("src", "test", "resources", "libraries", "approved-and-newer-draft");

    @Test
    void bundledLibrary_loadsCleanFromTheClassPath_everyProtocolADraftNotClinicallyValidated() {
        LoadReport report = ProtocolLoader.checkBundled();

        assertThat(report.problems()).isEmpty();
        ProtocolLibrary library = report.orThrow();
        assertThat(library.ids()).contains("chest-pain-adult", "headache-adult", "fever-child");
        assertThat(library.protocols()).allSatisfy(p -> {
            assertThat(p.approval().status()).isEqualTo(Approval.Status.DRAFT);
            assertThat(p.approval().clinicallyValidated()).isFalse();
            assertThat(library.sourceOf(p)).hasValueSatisfying(s -> assertThat(s).startsWith(ProtocolLoader.BUNDLED_ROOT + "/"));
        });
    }

    @Test
    void bundledSubset_readsOnlyTheNamedProtocolsAndThoseTheySuggest_equalToTheirCopiesInTheWholeLibrary() {
        ProtocolLibrary whole = ProtocolLibrary.bundled();

        LoadReport report = ProtocolLoader.checkBundled(java.util.Set.of("chest-pain-adult", "fever-child"));

        assertThat(report.problems()).isEmpty();
        ProtocolLibrary some = report.orThrow();
        // The general assessment runs in every call: it comes with any protocol. Chest pain suggests the cough and
        // rash topics, fever in a child the rash topic: every protocol of those topics comes too, for any patient.
        assertThat(some.ids()).containsExactlyInAnyOrder("chest-pain-adult", "fever-child", "general-assessment",
                "cough-adult", "cough-child", "rash-adult", "rash-child");
        assertThat(some.questionBank()).isEqualTo(whole.questionBank());
        assertThat(some.protocols()).allSatisfy(p -> assertThat(whole.protocols()).contains(p));
        assertThat(some.modifiers()).isEqualTo(whole.modifiers());
        assertThat(some.scale()).isEqualTo(whole.scale());
    }

    @Test
    void bundledSubset_resolvesEverySuggestionOfItsProtocolsAsTheWholeLibraryDoes() {
        ProtocolLibrary whole = ProtocolLibrary.bundled();
        List<Quantity> ages = List.of(Quantity.parse("2 mo").orElseThrow(), Quantity.parse("8 y").orElseThrow(),
                Quantity.parse("30 y").orElseThrow(), Quantity.parse("80 y").orElseThrow());
        List<Protocol> suggesting = whole.protocols().stream().filter(p -> !p.suggestions().isEmpty()).toList();
        assertThat(suggesting).isNotEmpty();

        for (Protocol protocol : suggesting) {
            ProtocolLibrary some = ProtocolLoader.checkBundled(java.util.Set.of(protocol.id())).orThrow();
            assertThat(some.ids()).as("the library read for %s", protocol.id()).hasSizeLessThan(whole.ids().size());
            for (Suggestions suggestions : protocol.suggestions().values()) {
                for (String name : suggestions.all()) {
                    for (Quantity age : ages) {
                        for (Optional<Sex> sex : List.of(Optional.of(Sex.FEMALE), Optional.of(Sex.MALE), Optional.<Sex>empty())) {
                            assertThat(some.suggested(name, age, sex, ProtocolLibrary.Resolution.ANY_STATUS))
                                    .as("%s suggests %s for %s, %s", protocol.id(), name, age, sex)
                                    .isEqualTo(whole.suggested(name, age, sex, ProtocolLibrary.Resolution.ANY_STATUS));
                        }
                    }
                }
            }
        }
    }

    @Test
    void bundledSubset_withAnIdThatHasNoFileOfItsName_loadsTheWholeLibrary() {
        LoadReport report = ProtocolLoader.checkBundled(java.util.Set.of("chest-pain-adult", "no-such-protocol"));

        assertThat(report.orThrow().ids()).isEqualTo(ProtocolLibrary.bundled().ids());
    }

    @Test
    void directorySubset_readsOnlyTheNamedProtocolsAndThoseTheySuggest_asTheBundledSubsetDoes() {
        ProtocolLibrary whole = ProtocolLibrary.load(TestFiles.LIBRARY);

        LoadReport report = ProtocolLoader.checkDirectory(TestFiles.LIBRARY, java.util.Set.of("chest-pain-adult", "fever-child"));

        assertThat(report.problems()).isEmpty();
        ProtocolLibrary some = report.orThrow();
        assertThat(some.ids()).containsExactlyInAnyOrder("chest-pain-adult", "fever-child", "general-assessment",
                "cough-adult", "cough-child", "rash-adult", "rash-child");
        assertThat(some.protocols()).allSatisfy(p -> assertThat(whole.protocols()).contains(p));
        assertThat(some.modifiers()).isEqualTo(whole.modifiers());
        assertThat(some.questionBank()).isEqualTo(whole.questionBank());
    }

    @Test
    void directorySubset_withAnIdThatHasNoFileOfItsName_loadsTheWholeLibrary() {
        LoadReport report = ProtocolLoader.checkDirectory(TestFiles.LIBRARY, java.util.Set.of("chest-pain-adult", "no-such-protocol"));

        assertThat(report.orThrow().ids()).isEqualTo(ProtocolLibrary.load(TestFiles.LIBRARY).ids());
    }

    @Test
    void bundledLibrary_equalsTheSourceDirectory() {
        ProtocolLibrary fromClassPath = ProtocolLibrary.bundled();
        ProtocolLibrary fromDirectory = ProtocolLibrary.load(TestFiles.LIBRARY);

        assertThat(fromClassPath.protocols()).isEqualTo(fromDirectory.protocols());
        assertThat(fromClassPath.scale()).isEqualTo(fromDirectory.scale());
    }

    @Test
    void versions_sitSideBySide_andResolveByStatusOrPin(@TempDir Path dir) throws IOException {
        writeLibrary(dir, version("1.0.0", "approved"), version("1.1.0", "draft"), version("2.0.0-rc.1", "reviewed"),
                version("0.9.0", "approved"));

        ProtocolLibrary library = ProtocolLibrary.load(dir);

        assertThat(library.versions("minimal")).extracting(p -> p.version().toString())
                .containsExactly("0.9.0", "1.0.0", "1.1.0", "2.0.0-rc.1");
        assertThat(library.resolve("minimal", ProtocolLibrary.Resolution.APPROVED_ONLY))
                .hasValueSatisfying(p -> assertThat(p.version()).isEqualTo(Version.of("1.0.0")));
        assertThat(library.resolve("minimal", ProtocolLibrary.Resolution.ANY_STATUS))
                .hasValueSatisfying(p -> assertThat(p.version()).isEqualTo(Version.of("2.0.0-rc.1")));
        assertThat(library.resolve("minimal@1.1.0", ProtocolLibrary.Resolution.APPROVED_ONLY))
                .hasValueSatisfying(p -> assertThat(p.approval().status()).isEqualTo(Approval.Status.DRAFT));
        assertThat(library.resolve("minimal@3.0.0", ProtocolLibrary.Resolution.ANY_STATUS)).isEmpty();
        assertThat(library.resolve("other", ProtocolLibrary.Resolution.ANY_STATUS)).isEmpty();
    }

    @Test
    void directoryWithOneBadFile_loadsNothing_andReportsEveryProblem(@TempDir Path dir) throws IOException {
        writeLibrary(dir, version("1.0.0", "draft"),
                version("1.1.0", "draft").replace("type: yesno", "type: yes-no").replace("home-care\n", "home-kare\n"));

        LoadReport report = ProtocolLoader.checkDirectory(dir);

        assertThat(report.library()).isEmpty();
        assertThat(report.errors()).extracting(p -> p.code().code()).containsExactlyInAnyOrder("TRIAGE-0013", "TRIAGE-0021");
        assertThatThrownBy(() -> ProtocolLibrary.load(dir)).isInstanceOf(ProtocolException.class)
                .satisfies(e -> assertThat(((ProtocolException) e).problems()).filteredOn(Problem::isError).hasSize(2));
    }

    @ParameterizedTest
    @CsvSource({
            "my chest hurts, 54, chest-pain-adult",
            "tight chest and sweating, 61, chest-pain-adult",
            "bad headache, 35, headache-adult",
            "my head hurts, 70, headache-adult",
            "fever, 2, fever-child",
            "baby has a high temperature, 0.2, fever-child"})
    void search_findsTheRightProtocolFirst_forLayPhrasing(String words, double years, String expected) {
        ProtocolLibrary library = ProtocolLibrary.bundled();
        Optional<Quantity> age = Optional.of(new Quantity(java.math.BigDecimal.valueOf(years), Unit.YEAR));

        List<Protocol> found = library.search(words, age, ProtocolLibrary.Resolution.ANY_STATUS);

        assertThat(found).isNotEmpty();
        assertThat(found.get(0).id()).isEqualTo(expected);
    }

    @Test
    void search_filtersByAge_soAChildNeverGetsAnAdultProtocol() {
        ProtocolLibrary library = ProtocolLibrary.bundled();
        Optional<Quantity> child = Optional.of(Quantity.of("8", Unit.YEAR));

        assertThat(library.search("headache chest pain fever", child, ProtocolLibrary.Resolution.ANY_STATUS))
                .extracting(Protocol::id).doesNotContain("chest-pain-adult", "headache-adult");
        assertThat(library.search("fever", Optional.of(Quantity.of("40", Unit.YEAR)), ProtocolLibrary.Resolution.ANY_STATUS))
                .extracting(Protocol::id).doesNotContain("fever-child");
    }

    @Test
    void approvedOnly_resolvesListsAndSearchesTheApprovedVersion_neverANewerDraft() {
        ProtocolLibrary library = ProtocolLibrary.load(APPROVED_AND_NEWER_DRAFT);
        Optional<Quantity> adult = Optional.of(Quantity.of("40", Unit.YEAR));
        // The drafts are there: any status finds them.
        assertThat(library.resolve("knee-pain", ProtocolLibrary.Resolution.ANY_STATUS))
                .hasValueSatisfying(p -> assertThat(p.ref()).isEqualTo("knee-pain@1.1.0"));
        assertThat(library.search("knee pain", adult, ProtocolLibrary.Resolution.ANY_STATUS)).extracting(Protocol::ref)
                .containsExactlyInAnyOrder("knee-pain@1.1.0", "knee-swelling@0.1.0");

        assertThat(library.resolve("knee-pain", ProtocolLibrary.Resolution.APPROVED_ONLY))
                .hasValueSatisfying(p -> assertThat(p.ref()).isEqualTo("knee-pain@1.0.0"));
        assertThat(library.resolve("knee-swelling", ProtocolLibrary.Resolution.APPROVED_ONLY)).isEmpty();
        assertThat(library.search("knee pain", adult, ProtocolLibrary.Resolution.APPROVED_ONLY)).extracting(Protocol::ref)
                .containsExactly("knee-pain@1.0.0");
        assertThat(library.latest(Optional.empty(), ProtocolLibrary.Resolution.APPROVED_ONLY)).extracting(Protocol::ref)
                .containsExactly("knee-pain@1.0.0");
    }

    private static String version(String version, String status) {
        String approval = status.equals("draft") ? "{status: draft, clinicallyValidated: false}"
                : "{status: " + status + ", clinicallyValidated: false, reviewer: r.one, approver: a.lead, date: 2026-11-01}";
        return LoaderSafetyTest.minimalProtocol("")
                .replace("version: 1.0.0", "version: " + version)
                .replace("approval: {status: draft, clinicallyValidated: false}", "approval: " + approval);
    }

    private static void writeLibrary(Path dir, String... protocols) throws IOException {
        Files.copy(TestFiles.SCALE_FILE, dir.resolve(ProtocolLoader.SCALE_FILE));
        for (int i = 0; i < protocols.length; i++) {
            Files.writeString(dir.resolve("minimal-" + i + ".protocol.yaml"), protocols[i]);
        }
    }
}

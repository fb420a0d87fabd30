package org.opentriage.protocol;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.opentriage.internal.lint.DesignRules;
import org.opentriage.internal.load.LibrarySources;
import org.opentriage.internal.load.SourceMap;
import org.opentriage.internal.search.ProtocolSearch;
import org.opentriage.internal.search.SuggestionTargets;

/**
 * An immutable, validated set of protocols with their disposition scale. Several versions of a protocol
 * may sit side by side; {@link #resolve(String, Resolution)} picks one.
 *
 * <p>Thread-safe and immutable: load once, share.
 * {@snippet class=org.opentriage.snippets.ApiSnippetsTest region=library}
 *
 * @since 0.1.0
 */
public final class ProtocolLibrary {

    /**
     * Which versions an unpinned id may resolve to.
     *
     * @since 0.1.0
     */
    public enum Resolution {
        /**
         * Only approved versions (the right choice in production): approved in the library's {@link Approvals} for
         * their current content hash, or, for a protocol no approval record names, approved in its own file. An
         * engine with this resolution refuses any other protocol, pinned versions included, saying why.
         */
        APPROVED_ONLY,
        /** Any status, drafts included (development, review, and the bundled draft library). */
        ANY_STATUS
    }

    private final DispositionScale scale;
    private final RiskModifiers modifiers;
    private final Optional<QuestionBank> bank;
    private final Map<String, NavigableMap<Version, Protocol>> byId;
    private final LibrarySources sources;
    private final List<Problem> warnings;
    private final ProtocolSearch search;
    private final Approvals approvals;

    /** Made by {@link ProtocolLoader} from checked parts, with where their files and parts stand. */
    ProtocolLibrary(DispositionScale scale, RiskModifiers modifiers, Optional<QuestionBank> bank, List<Protocol> protocols,
                    LibrarySources sources, List<Problem> warnings) {
        this.scale = requireNonNull(scale, "scale");
        this.modifiers = requireNonNull(modifiers, "modifiers");
        this.bank = requireNonNull(bank, "bank");
        Map<String, NavigableMap<Version, Protocol>> index = new TreeMap<>();
        for (Protocol p : protocols) {
            if (index.computeIfAbsent(p.id(), k -> new TreeMap<>()).putIfAbsent(p.version(), p) != null) {
                throw new IllegalArgumentException(p.ref() + " appears twice");
            }
        }
        index.replaceAll((id, versions) -> Collections.unmodifiableNavigableMap(versions));
        this.byId = Collections.unmodifiableMap(index);
        this.sources = requireNonNull(sources, "sources");
        this.warnings = List.copyOf(warnings);
        this.search = new ProtocolSearch(protocols);
        this.approvals = Approvals.none();
    }

    private ProtocolLibrary(ProtocolLibrary library, Approvals approvals) {
        this.scale = library.scale;
        this.modifiers = library.modifiers;
        this.bank = library.bank;
        this.byId = library.byId;
        this.sources = library.sources;
        this.warnings = library.warnings;
        this.search = library.search;
        this.approvals = requireNonNull(approvals, "approvals");
    }

    /**
     * The same library with these review and approval records ({@link Approvals}): what
     * {@link Resolution#APPROVED_ONLY} admits then follows them. {@link #load(Path)} reads a directory's
     * {@value Approvals#FILE} itself.
     *
     * @param value the records
     * @return the library with them
     */
    public ProtocolLibrary withApprovals(Approvals value) {
        return new ProtocolLibrary(this, value);
    }

    /** {@return the library's review and approval records (none unless given or read with the library)} */
    public Approvals approvals() {
        return approvals;
    }

    /**
     * Whether a production engine ({@link Resolution#APPROVED_ONLY}) may run the protocol.
     *
     * @param protocol a protocol version of this library
     * @return whether it is approved for its current content
     */
    public boolean isApproved(Protocol protocol) {
        return approvals.isApproved(protocol);
    }

    /**
     * Loads the bundled library from the class path; fails with every problem found.
     *
     * @return the bundled library
     */
    public static ProtocolLibrary bundled() {
        return ProtocolLoader.checkBundled().orThrow();
    }

    /**
     * Loads the library in a directory, with its review and approval records ({@value Approvals#FILE}) when it has
     * them; fails with every problem found.
     *
     * @param directory a library directory: dispositions.yaml and protocol files in it or below
     * @return the library
     */
    public static ProtocolLibrary load(Path directory) {
        return ProtocolLoader.checkDirectory(directory).orThrow()
                .withApprovals(Approvals.read(directory.resolve(Approvals.FILE)));
    }

    /**
     * Loads named sources against a scale; fails with every problem found.
     *
     * @param scale the disposition scale the protocols use
     * @param sources the protocol files, each with the name problems report
     * @return the library
     */
    public static ProtocolLibrary load(DispositionScale scale, List<Source> sources) {
        return ProtocolLoader.check(scale, sources).orThrow();
    }

    /** {@return the disposition scale, most urgent first} */
    public DispositionScale scale() {
        return scale;
    }

    /** {@return the shared questions ({@code questions.yaml}), when the library has them} */
    public Optional<QuestionBank> questionBank() {
        return bank;
    }

    /** {@return the shared risk modifiers (none when the library has no modifiers file)} */
    public RiskModifiers modifiers() {
        return modifiers;
    }

    /** {@return every protocol version, by id then version} */
    public List<Protocol> protocols() {
        List<Protocol> all = new ArrayList<>();
        byId.values().forEach(versions -> all.addAll(versions.values()));
        return all;
    }

    /** {@return the protocol ids} */
    public Set<String> ids() {
        return byId.keySet();
    }

    /**
     * {@return every version of a protocol, oldest first}
     *
     * @param id a protocol id, without version
     */
    public List<Protocol> versions(String id) {
        requireNonNull(id, "id");
        return List.copyOf(byId.getOrDefault(id, Collections.emptyNavigableMap()).values());
    }

    /**
     * Resolves {@code id@version} (a {@link ProtocolRef}, pinned: exactly that version, whatever its status,
     * so recorded calls replay) or {@code id} (the latest version the resolution allows).
     *
     * @param reference {@code id@version} or {@code id}
     * @param resolution which statuses an unpinned id may resolve to
     * @return the protocol, or empty when there is none
     */
    public Optional<Protocol> resolve(String reference, Resolution resolution) {
        requireNonNull(reference, "reference");
        requireNonNull(resolution, "resolution");
        if (reference.contains("@")) {
            return ProtocolRef.parse(reference).flatMap(pinned -> Optional.ofNullable(
                    byId.getOrDefault(pinned.id(), Collections.emptyNavigableMap()).get(pinned.version())));
        }
        return latest(reference, resolution);
    }

    private Optional<Protocol> latest(String id, Resolution resolution) {
        NavigableMap<Version, Protocol> versions = byId.getOrDefault(id, Collections.emptyNavigableMap());
        return versions.descendingMap().values().stream()
                .filter(p -> resolution == Resolution.ANY_STATUS || approvals.isApproved(p))
                .findFirst();
    }

    /**
     * Finds protocols for what a nurse typed ("my chest hurts"), best match first, among the latest
     * version of each protocol the resolution allows, keeping those whose population admits the age.
     *
     * @param query the words typed
     * @param age the patient's age, when known
     * @param resolution which statuses may be found
     * @return the protocols found, best first
     */
    public List<Protocol> search(String query, Optional<Quantity> age, Resolution resolution) {
        requireNonNull(query, "query");
        requireNonNull(age, "age");
        List<Protocol> candidates = byId.keySet().stream().map(id -> latest(id, resolution))
                .flatMap(Optional::stream)
                .filter(p -> !p.general())
                .filter(p -> age.map(a -> p.population().admitsAge(a)).orElse(true))
                .toList();
        return search.rank(query, candidates);
    }

    /**
     * The protocol a suggested name ({@code suggests} in a protocol file) stands for with this patient: among the
     * latest version of each protocol the resolution allows, the one of that topic (or else of that id) whose
     * population admits the patient's age and sex (when known); empty when there is none.
     *
     * @param name a topic or protocol id
     * @param age the patient's age
     * @param sex the patient's sex, when known
     * @param resolution which statuses may be suggested
     * @return the protocol, or empty
     */
    public Optional<Protocol> suggested(String name, Quantity age, Optional<Sex> sex, Resolution resolution) {
        requireNonNull(name, "name");
        requireNonNull(age, "age");
        requireNonNull(sex, "sex");
        requireNonNull(resolution, "resolution");
        List<Protocol> candidates = byId.keySet().stream().map(id -> latest(id, resolution)).flatMap(Optional::stream).toList();
        return SuggestionTargets.of(name, candidates).stream().filter(p -> p.population().admits(age, sex)).findFirst();
    }

    /**
     * The general assessment ({@code kind: general}) that every call runs before the protocols the nurse picks:
     * the latest version the resolution admits, when the library has one.
     *
     * @param resolution which statuses may run
     * @return the general assessment, or empty
     */
    public Optional<Protocol> generalAssessment(Resolution resolution) {
        requireNonNull(resolution, "resolution");
        return byId.keySet().stream().map(id -> latest(id, resolution)).flatMap(Optional::stream).filter(Protocol::general)
                .findFirst();
    }

    /**
     * {@return the latest version of each protocol the resolution allows, for a patient of that age if given}
     *
     * @param age the patient's age, or empty for every protocol
     * @param resolution which statuses count
     */
    public List<Protocol> latest(Optional<Quantity> age, Resolution resolution) {
        return byId.keySet().stream().map(id -> latest(id, resolution)).flatMap(Optional::stream)
                .filter(p -> age.map(a -> p.population().admitsAge(a)).orElse(true))
                .sorted(Comparator.comparing(Protocol::id))
                .toList();
    }

    /**
     * {@return the file a protocol was read from}
     *
     * @param protocol a protocol of this library
     */
    public Optional<String> sourceOf(Protocol protocol) {
        return Optional.ofNullable(sources.protocols().get(protocol.ref())).map(SourceMap::file);
    }

    /**
     * Warnings found while loading (the load had no errors).
     *
     * @return the warnings, located
     */
    public List<Problem> warnings() {
        return warnings;
    }

    /**
     * Checks the library against the clinical design rules a machine can check (compound questions, red flags
     * first, shared questions and readings, advice that fits its disposition) and returns what it finds as
     * warnings with codes from {@code TRIAGE-0101} on ({@link ProblemCode#isDesignRule()}), each located in its
     * file, in file order. Heuristic: a warning asks a reviewer to look, it never stops a protocol from loading.
     * Checks that concern the whole library (a general assessment, patient facts that nothing reads) run only
     * for a library loaded from a directory or the bundled one. Runs anew at each call; thread-safe.
     *
     * @return the design-rule warnings (TRIAGE-0101 and up), located
     */
    public List<Problem> designWarnings() {
        return DesignRules.check(this, sources);
    }

    @Override
    public String toString() {
        return "ProtocolLibrary[" + byId.size() + " protocols, scale " + scale.version() + "]";
    }
}

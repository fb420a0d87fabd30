package org.opentriage.internal.load;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.opentriage.protocol.DispositionScale;
import org.opentriage.protocol.LanguageReport;
import org.opentriage.protocol.LoadReport;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolException;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.QuestionBank;
import org.opentriage.protocol.RiskModifiers;
import org.opentriage.protocol.Source;

/**
 * Assembles protocol libraries for {@link org.opentriage.protocol.ProtocolLoader}: finds and reads the
 * files of a library (a directory, the bundled one on the class path, or loose files), checks the scale,
 * the protocols together ({@link ProtocolSet}) and the risk modifiers, and reports every problem at once.
 * The library itself is made by the {@link Factory} the loader hands over, since only the API package may
 * construct one.
 *
 * <p>Thread-safe: holds only the factory.
 */
public final class LibraryLoader {
    /** Where the bundled library lies on the class path. */
    public static final String BUNDLED_ROOT = "org/opentriage/protocols";
    /** The file name of the disposition scale at the root of a library. */
    public static final String SCALE_FILE = "dispositions.yaml";
    /** The file name of the shared risk modifiers at the root of a library (optional). */
    public static final String MODIFIERS_FILE = "modifiers.yaml";
    /** The file of the general assessment, which every call runs, at the root of a library (optional). */
    public static final String GENERAL_ASSESSMENT_FILE = "general-assessment.protocol.yaml";
    /** The file name of the shared questions at the root of a library (optional). */
    public static final String QUESTIONS_FILE = "questions.yaml";

    /**
     * Makes a library of checked parts; {@code sources} says where their files and parts stand, {@code warnings} are
     * what the library reports as its warnings.
     */
    @FunctionalInterface
    public interface Factory {
        ProtocolLibrary library(DispositionScale scale, RiskModifiers modifiers, Optional<QuestionBank> bank,
                                List<Protocol> protocols, LibrarySources sources, List<Problem> warnings);
    }

    private final Factory factory;

    public LibraryLoader(Factory factory) {
        this.factory = requireNonNull(factory, "factory");
    }

    /** Reads a disposition scale; fails with its problems. */
    public static DispositionScale readScale(Source source) {
        requireNonNull(source, "source");
        Problems problems = new Problems(source.name());
        Optional<DispositionScale> scale = ScaleReader.read(source, problems);
        return scale.orElseThrow(() -> new ProtocolException(problems.toList()));
    }

    /** Whether the file is named as a protocol file: {@code *.protocol.yaml}, {@code *.protocol.yml} or {@code *.protocol.json}. */
    /** {@link org.opentriage.protocol.ProtocolLoader#checkLanguages}. */
    public LanguageReport checkLanguages(List<Path> paths, Set<String> languages) {
        requireNonNull(languages, "languages");
        List<LanguageCheck.Result> results = new ArrayList<>();
        List<Problem> unreadable = new ArrayList<>();
        if (paths.isEmpty()) {
            URL scale = LibraryLoader.class.getClassLoader().getResource(BUNDLED_ROOT + "/" + SCALE_FILE);
            if (scale == null) {
                throw new IllegalStateException("the bundled protocols (org.opentriage:protocols) are not on the class path");
            }
            try {
                URI uri = scale.toURI();
                if (uri.getScheme().equals("jar")) {
                    try (FileSystem jar = openJar(uri)) {
                        checkLanguages(parent(jar.provider().getPath(uri)), BUNDLED_ROOT, languages, results, unreadable);
                    }
                } else {
                    checkLanguages(parent(Path.of(uri)), BUNDLED_ROOT, languages, results, unreadable);
                }
            } catch (URISyntaxException | IOException e) {
                throw new IllegalStateException("cannot read the bundled protocols: " + e.getMessage(), e);
            }
        } else {
            for (Path path : paths) {
                checkLanguages(path, null, languages, results, unreadable);
            }
        }
        List<Problem> problems = new ArrayList<>(unreadable);
        results.forEach(r -> problems.addAll(r.problems()));
        LanguageCheck.Coverage total = LanguageCheck.sum(results.stream().map(LanguageCheck.Result::coverage).toList());
        return new LanguageReport(problems, total.texts(), total.byLanguage());
    }

    /** The protocol files under {@code root} and, in a directory, the library files (scale, questions, modifiers). */
    private static void checkLanguages(Path root, @Nullable String displayRoot, Set<String> languages,
                                       List<LanguageCheck.Result> results, List<Problem> unreadable) {
        List<Path> files;
        if (Files.isDirectory(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(f -> isProtocolFile(f) || isLibraryFile(f)).sorted().toList();
            } catch (IOException e) {
                unreadable.add(new Problem(ProblemCode.UNREADABLE_FILE, Optional.empty(), root.toString(), 0, 0,
                        Optional.empty(), "cannot read the directory: " + e.getMessage()));
                return;
            }
        } else {
            files = List.of(root);
        }
        for (Path file : files) {
            String name = displayRoot == null ? file.toString() : display(displayRoot, root, file);
            read(file, name).ifPresentOrElse(source -> results.add(LanguageCheck.check(source, languages)),
                    () -> unreadable.add(unreadable(file)));
        }
    }

    private static boolean isLibraryFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        return name.equals(SCALE_FILE) || name.equals(MODIFIERS_FILE) || name.equals(QUESTIONS_FILE);
    }

    public static boolean isProtocolFile(Path file) {
        if (file.getFileName() == null) {
            return false;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".protocol.yaml") || name.endsWith(".protocol.yml") || name.endsWith(".protocol.json");
    }

    /**
     * Checks protocol sources against a scale; redirects may also name {@code externalIds}, and suggestions the
     * {@code external} protocols. The library, when there are no errors, has no risk modifiers.
     */
    public LoadReport check(DispositionScale scale, Optional<QuestionBank> bank, List<Source> sources, Set<String> externalIds,
                            Collection<Protocol> external) {
        ProtocolSet set = ProtocolSet.check(scale, bank, sources, externalIds, external, s -> true);
        if (set.errors()) {
            return new LoadReport(set.problems(), Optional.empty());
        }
        return new LoadReport(set.problems(), Optional.of(factory.library(scale, RiskModifiers.none(), bank,
                set.protocols(), new LibrarySources(Optional.empty(), set.sourceMaps(), Optional.empty()), set.problems())));
    }

    /** Checks the library in a directory (its scale at the root). */
    public LoadReport checkDirectory(Path root) {
        requireNonNull(root, "root");
        return checkLibrary(root, root.toString(), p -> true, Optional.empty());
    }

    /**
     * Checks the library in a directory with only the protocol files of these ids and of the protocols they suggest,
     * or the whole library when an id has no file of its name or a suggestion names a protocol not read.
     */
    public LoadReport checkDirectory(Path root, Set<String> protocolIds) {
        requireNonNull(root, "root");
        requireNonNull(protocolIds, "protocolIds");
        return subsetOrWhole(checkLibrary(root, root.toString(), p -> true, Optional.of(Set.copyOf(protocolIds))), protocolIds,
                () -> checkDirectory(root));
    }

    /** Checks the whole bundled library. */
    public LoadReport checkBundled() {
        return checkBundled(Optional.empty());
    }

    /**
     * Checks the bundled library with only the protocol files of these ids and of the protocols they suggest, or
     * the whole library when an id has no file of its name or a suggestion names a protocol not read.
     */
    public LoadReport checkBundled(Set<String> protocolIds) {
        requireNonNull(protocolIds, "protocolIds");
        return subsetOrWhole(checkBundled(Optional.of(Set.copyOf(protocolIds))), protocolIds, this::checkBundled);
    }

    /** The library read with only some protocols when it holds every one asked for; else the whole library, read now. */
    private static LoadReport subsetOrWhole(LoadReport some, Set<String> protocolIds, Supplier<LoadReport> whole) {
        boolean allFound = some.library().map(l -> l.ids().containsAll(protocolIds)).orElse(false);
        return allFound ? some : whole.get();
    }

    /**
     * Checks the bundled library; with {@code only}, just the protocol files of those ids (the library
     * then holds only those, and the others' ids still count for redirects and modifiers).
     */
    private LoadReport checkBundled(Optional<Set<String>> only) {
        URL scale = LibraryLoader.class.getClassLoader().getResource(BUNDLED_ROOT + "/" + SCALE_FILE);
        if (scale == null) {
            return noScale(BUNDLED_ROOT, "the bundled protocols (org.opentriage:protocols) are not on the class path");
        }
        try {
            URI uri = scale.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = openJar(uri)) {
                    return checkLibrary(parent(jar.provider().getPath(uri)), BUNDLED_ROOT, p -> true, only);
                }
            }
            return checkLibrary(parent(Path.of(uri)), BUNDLED_ROOT, p -> true, only);
        } catch (URISyntaxException | IOException e) {
            return noScale(BUNDLED_ROOT, "cannot read the bundled protocols: " + e.getMessage());
        }
    }

    private static FileSystem openJar(URI uri) throws IOException {
        try {
            FileSystems.getFileSystem(uri);
            // Already open elsewhere: read through a private copy so closing ours cannot disturb the owner.
            String jarPath = uri.getSchemeSpecificPart().substring(0, uri.getSchemeSpecificPart().indexOf("!/"));
            return FileSystems.newFileSystem(Path.of(URI.create(jarPath)));
        } catch (FileSystemNotFoundException e) {
            return FileSystems.newFileSystem(uri, Map.of());
        }
    }

    /**
     * Checks the protocol files at the given paths (files or directories), each within its library — the
     * nearest directory above it holding the scale — and files outside any library against the bundled
     * scale and library. Only problems of the named files are reported; the report has no library. With
     * {@code designRules}, a library (or set of loose files) that loads without errors is also checked against the
     * design rules, and their warnings about the named files are reported too: about the shared questions when
     * {@code questions.yaml} is named, about the library as a whole when its root is.
     */
    public LoadReport checkPaths(List<Path> paths, boolean designRules) {
        Map<Optional<Path>, List<Path>> byLibrary = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                problems.add(new Problem(ProblemCode.UNREADABLE_FILE, Optional.empty(), path.toString(), 0, 0,
                        Optional.empty(), "no such file or directory"));
                continue;
            }
            Path absolute = path.toAbsolutePath().normalize();
            byLibrary.computeIfAbsent(libraryRoot(absolute), k -> new ArrayList<>()).add(path);
        }
        for (Map.Entry<Optional<Path>, List<Path>> entry : byLibrary.entrySet()) {
            Set<Path> requested = new HashSet<>();
            for (Path p : entry.getValue()) {
                requested.add(p.toAbsolutePath().normalize());
            }
            Predicate<Path> wanted = file -> requested.stream()
                    .anyMatch(r -> file.toAbsolutePath().normalize().startsWith(r));
            LoadReport checked;
            if (entry.getKey().isPresent()) {
                Path root = entry.getKey().get();
                checked = checkLibrary(root, root.toString(), wanted, Optional.empty());
            } else {
                checked = checkLoose(entry.getValue());
            }
            problems.addAll(checked.problems());
            if (designRules) {
                checked.library().ifPresent(library -> library.designWarnings().stream()
                        .filter(warning -> wanted.test(Path.of(warning.file()))).forEach(problems::add));
            }
        }
        return new LoadReport(problems, Optional.empty());
    }

    private static Optional<Path> libraryRoot(Path path) {
        for (Path dir = Files.isDirectory(path) ? path : path.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SCALE_FILE))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /**
     * Files outside any library: the bundled scale and shared questions, and redirects may name bundled protocols. The
     * library of the files, when they have no errors, holds only them.
     */
    private LoadReport checkLoose(List<Path> paths) {
        LoadReport bundled = checkBundled();
        if (bundled.library().isEmpty()) {
            return bundled;
        }
        ProtocolLibrary library = bundled.library().get();
        List<Source> sources = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path path : paths) {
            for (Path file : protocolFiles(path, problems)) {
                read(file, file.toString()).ifPresentOrElse(sources::add, () -> problems.add(unreadable(file)));
            }
        }
        LoadReport loose = check(library.scale(), library.questionBank(), sources, library.ids(), library.protocols());
        problems.addAll(loose.problems());
        return new LoadReport(problems, problems.stream().anyMatch(Problem::isError) ? Optional.empty() : loose.library());
    }

    /** Checks a library; with {@code only}, just the protocol files of those ids (the others' ids still count). */
    private LoadReport checkLibrary(Path root, String displayRoot, Predicate<Path> report, Optional<Set<String>> only) {
        Path scaleFile = root.resolve(SCALE_FILE);
        String scaleName = display(displayRoot, root, scaleFile);
        if (!Files.isRegularFile(scaleFile)) {
            return noScale(scaleName, "no disposition scale: " + SCALE_FILE + " is missing at the root of the library");
        }
        List<Problem> problems = new ArrayList<>();
        Optional<Source> scaleSource = read(scaleFile, scaleName);
        if (scaleSource.isEmpty()) {
            return new LoadReport(List.of(unreadable(scaleFile, scaleName)), Optional.empty());
        }
        Problems scaleProblems = new Problems(scaleName);
        Optional<DispositionScale> scale = ScaleReader.read(scaleSource.get(), scaleProblems);
        problems.addAll(scaleProblems.toList());
        if (scale.isEmpty()) {
            return new LoadReport(problems, Optional.empty());
        }
        Optional<ProtocolReader.Bank> readBank = Optional.empty();
        boolean bankFailed = false;
        List<SuggestionChecks.Located> bankSuggested = List.of();
        Problems bankProblems = null;
        Path questionsFile = root.resolve(QUESTIONS_FILE);
        if (Files.isRegularFile(questionsFile)) {
            String questionsName = display(displayRoot, root, questionsFile);
            Optional<Source> questionsSource = read(questionsFile, questionsName);
            bankProblems = new Problems(questionsName);
            Problems read = bankProblems;
            Optional<ProtocolReader.Bank> bankRead = questionsSource.map(s -> ProtocolReader.readBank(s, scale.get(), read));
            readBank = bankRead.filter(b -> b.bank().isPresent());
            bankSuggested = bankRead.map(ProtocolReader.Bank::suggested).orElse(List.of());
            if (questionsSource.isEmpty()) {
                problems.add(unreadable(questionsFile, questionsName));
            }
            bankFailed = readBank.isEmpty();
        }
        Optional<QuestionBank> bank = readBank.flatMap(ProtocolReader.Bank::bank);
        List<Path> files = protocolFiles(root, problems);
        Map<Path, Source> readFiles = new LinkedHashMap<>();
        List<String> sharedNames = bankSuggested.stream().map(SuggestionChecks.Located::name).toList();
        Optional<Set<String>> wanted = only.map(ids -> withSuggested(ids, files, root, displayRoot, readFiles, sharedNames));
        List<Source> sources = new ArrayList<>();
        Set<String> reportedNames = new HashSet<>();
        Set<String> unreadIds = new HashSet<>();
        for (Path file : files) {
            String name = display(displayRoot, root, file);
            String id = stem(file.getFileName().toString());
            if (wanted.isPresent() && !wanted.get().contains(id) && !isGeneralAssessment(root, file)) {
                unreadIds.add(id);
                continue;
            }
            if (report.test(file)) {
                reportedNames.add(name);
            }
            Optional.ofNullable(readFiles.get(file)).or(() -> read(file, name))
                    .ifPresentOrElse(sources::add, () -> problems.add(unreadable(file, name)));
        }
        ProtocolSet protocols = ProtocolSet.check(scale.get(), bank, bankFailed, sources, unreadIds, List.of(), reportedNames::contains);
        if (bankProblems != null) {
            if (!protocols.errors()) {
                SuggestionChecks.checkBank(bankSuggested, bankProblems, protocols.protocols());
            }
            problems.addAll(bankProblems.toList());
        }
        problems.addAll(protocols.problems());
        Optional<RiskModifiers> modifiers = Optional.of(RiskModifiers.none());
        Path modifiersFile = root.resolve(MODIFIERS_FILE);
        if (Files.isRegularFile(modifiersFile)) {
            String modifiersName = display(displayRoot, root, modifiersFile);
            Optional<Source> modifiersSource = read(modifiersFile, modifiersName);
            Problems modifierProblems = new Problems(modifiersName);
            Set<String> ids = new HashSet<>(protocolIds(sources, protocols));
            ids.addAll(unreadIds);
            modifiers = modifiersSource.flatMap(s -> ModifiersReader.read(s, scale.get(), ids, modifierProblems));
            if (modifiersSource.isEmpty()) {
                problems.add(unreadable(modifiersFile, modifiersName));
            }
            problems.addAll(modifierProblems.toList());
        }
        boolean errors = problems.stream().anyMatch(Problem::isError);
        if (errors || protocols.errors() || modifiers.isEmpty() || bankFailed) {
            return new LoadReport(problems, Optional.empty());
        }
        // Only a whole library has a root for its own problems (a library of some protocols cannot say what the rest read).
        LibrarySources located = new LibrarySources(only.isEmpty() ? Optional.of(displayRoot) : Optional.empty(), protocols.sourceMaps(),
                readBank.flatMap(ProtocolReader.Bank::sourceMap));
        return new LoadReport(problems, Optional.of(factory.library(scale.get(), modifiers.get(), bank, protocols.protocols(),
                located, protocols.problems())));
    }

    private static boolean isGeneralAssessment(Path root, Path file) {
        return root.equals(file.getParent()) && String.valueOf(file.getFileName()).equals(GENERAL_ASSESSMENT_FILE);
    }

    /** The folder of the bundled library's scale file (a file in a folder, so it has one). */
    private static Path parent(Path file) {
        Path parent = file.getParent();
        if (parent == null) {
            throw new IllegalStateException("the bundled protocols are not in a folder: " + file);
        }
        return parent;
    }

    /**
     * The ids of the files a library read in part must read: those asked for, the general assessment, and every
     * file a protocol among them may stand for when it suggests a name (the file of that id, and those of that topic:
     * a protocol's id begins with its topic), until no more are added. {@code readFiles} keeps the files read on the
     * way. A name that still names nothing read fails the load, and the whole library is read instead.
     */
    private static Set<String> withSuggested(Set<String> ids, List<Path> files, Path root, String displayRoot,
                                             Map<Path, Source> readFiles, List<String> sharedNames) {
        Set<String> wanted = new HashSet<>(ids);
        java.util.Deque<String> names = new java.util.ArrayDeque<>(sharedNames);
        java.util.function.Consumer<Path> take = file -> read(file, display(displayRoot, root, file)).ifPresent(source -> {
            readFiles.put(file, source);
            names.addAll(SuggestionChecks.namesIn(source));
        });
        files.stream().filter(f -> wanted.contains(stem(f.getFileName().toString())) || isGeneralAssessment(root, f)).forEach(take);
        Set<String> followed = new HashSet<>();
        while (!names.isEmpty()) {
            String name = names.pop();
            if (!followed.add(name)) {
                continue;
            }
            for (Path file : files) {
                String id = stem(file.getFileName().toString());
                if ((id.equals(name) || id.startsWith(name + "-")) && wanted.add(id)) {
                    take.accept(file);
                }
            }
        }
        return wanted;
    }

    /** The ids of the protocols in the set (read, or from the file names when the set has errors). */
    private static Set<String> protocolIds(List<Source> sources, ProtocolSet protocols) {
        Set<String> ids = new HashSet<>();
        if (!protocols.errors()) {
            protocols.protocols().forEach(p -> ids.add(p.id()));
            return ids;
        }
        for (Source source : sources) {
            ids.add(stem(source.name().substring(source.name().lastIndexOf('/') + 1)));
        }
        return ids;
    }

    /** The id a protocol file's name gives: {@code chest-pain-adult} for {@code chest-pain-adult.protocol.yaml}. */
    private static String stem(String fileName) {
        return fileName.substring(0, fileName.indexOf('.'));
    }

    private static String display(String displayRoot, Path root, Path file) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        return displayRoot.endsWith("/") ? displayRoot + relative : displayRoot + "/" + relative;
    }

    private static List<Path> protocolFiles(Path root, List<Problem> problems) {
        if (Files.isRegularFile(root)) {
            return List.of(root);
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk.filter(LibraryLoader::isProtocolFile).sorted(Comparator.comparing(Path::toString)).toList();
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    problems.add(new Problem(ProblemCode.UNREADABLE_FILE, Optional.empty(), file.toString(), 0, 0,
                            Optional.empty(), "named like a protocol file but is not a regular file"));
                }
            }
            return files.stream().filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            problems.add(new Problem(ProblemCode.UNREADABLE_FILE, Optional.empty(), root.toString(), 0, 0,
                    Optional.empty(), "cannot list the directory: " + e.getMessage()));
            return List.of();
        }
    }

    private static Optional<Source> read(Path file, String name) {
        try {
            Source source = Source.read(file);
            return Optional.of(new Source(name, source.text()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Problem unreadable(Path file) {
        return unreadable(file, file.toString());
    }

    private static Problem unreadable(Path file, String name) {
        ProblemCode code = ProblemCode.UNREADABLE_FILE;
        String message;
        try {
            Source.read(file);
            message = "cannot read the file";
        } catch (Source.TooLargeException e) {
            code = ProblemCode.FILE_TOO_LARGE;
            message = Objects.requireNonNullElse(e.getMessage(), "the file is too large");
        } catch (Source.NotUtf8Exception e) {
            code = ProblemCode.UNREADABLE_TEXT;
            message = Objects.requireNonNullElse(e.getMessage(), "the file is not UTF-8 text");
        } catch (IOException e) {
            message = "cannot read the file: " + e;
        }
        return new Problem(code, Optional.empty(), name, 0, 0, Optional.empty(), message);
    }

    private static LoadReport noScale(String name, String message) {
        return new LoadReport(List.of(new Problem(ProblemCode.NO_DISPOSITION_SCALE, Optional.empty(), name, 0, 0,
                Optional.empty(), message)), Optional.empty());
    }
}

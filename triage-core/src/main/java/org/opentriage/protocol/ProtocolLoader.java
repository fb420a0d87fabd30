package org.opentriage.protocol;

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.opentriage.internal.load.ModifiersReader;
import org.opentriage.internal.load.Problems;
import org.opentriage.internal.load.ProtocolReader;
import org.opentriage.internal.load.ScaleReader;

/**
 * Loads protocol sets: the bundled library from the class path, a directory, or named sources. Every
 * problem of every file is reported at once; a set with any error yields no library.
 *
 * <p>A directory (and the bundled library) holds the disposition scale as {@code dispositions.yaml} at
 * its root and protocols as {@code *.protocol.yaml} or {@code *.protocol.json} anywhere below it.
 *
 * <p>Thread-safe: all methods are static and share no state.
 */
public final class ProtocolLoader {
    /** Where the bundled library lies on the class path. */
    public static final String BUNDLED_ROOT = "org/opentriage/protocols";
    /** The file name of the disposition scale at the root of a library. */
    public static final String SCALE_FILE = "dispositions.yaml";
    /** The file name of the shared risk modifiers at the root of a library (optional). */
    public static final String MODIFIERS_FILE = "modifiers.yaml";

    private ProtocolLoader() {
    }

    /** Reads a disposition scale; fails with its problems. */
    public static DispositionScale readScale(Source source) {
        requireNonNull(source, "source");
        Problems problems = new Problems(source.name());
        Optional<DispositionScale> scale = ScaleReader.read(source, problems);
        return scale.orElseThrow(() -> new ProtocolException(problems.toList()));
    }

    /** Checks protocol sources against a scale; redirects must name protocols among the sources. */
    public static LoadReport check(DispositionScale scale, List<Source> sources) {
        return check(scale, sources, Set.of(), s -> true);
    }

    /**
     * Checks protocol sources against a scale, where redirects may also name {@code otherProtocolIds}
     * (the rest of the library a file belongs to, when checking one file on its own).
     */
    public static LoadReport check(DispositionScale scale, List<Source> sources, Set<String> otherProtocolIds) {
        return check(scale, sources, Set.copyOf(otherProtocolIds), s -> true);
    }

    /** Checks the library in a directory (its scale at the root). */
    public static LoadReport checkDirectory(Path root) {
        requireNonNull(root, "root");
        return checkLibrary(root, root.toString(), p -> true, Optional.empty());
    }

    /** Checks the bundled library (the {@code protocols} artifact on the class path). */
    public static LoadReport checkBundled() {
        return checkBundled(Optional.empty());
    }

    /**
     * Checks the bundled library's scale and risk modifiers and only the protocols with these ids (read
     * from their files, {@code ID.protocol.yaml}); the library holds only those. For a process that runs
     * calls on protocols it knows, it skips reading the rest of the library: redirects and modifiers may
     * still name any protocol of the library. {@link #checkBundled()} checks the whole library, as the
     * build does. An id with no file of its name falls back to loading the whole library.
     */
    public static LoadReport checkBundled(Set<String> protocolIds) {
        requireNonNull(protocolIds, "protocolIds");
        LoadReport some = checkBundled(Optional.of(Set.copyOf(protocolIds)));
        boolean allFound = some.library().map(l -> l.ids().containsAll(protocolIds)).orElse(false);
        return allFound ? some : checkBundled();
    }

    private static LoadReport checkBundled(Optional<Set<String>> only) {
        URL scale = ProtocolLoader.class.getClassLoader().getResource(BUNDLED_ROOT + "/" + SCALE_FILE);
        if (scale == null) {
            return noScale(BUNDLED_ROOT, "the bundled protocols (org.opentriage:protocols) are not on the class path");
        }
        try {
            URI uri = scale.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = openJar(uri)) {
                    return checkLibrary(jar.provider().getPath(uri).getParent(), BUNDLED_ROOT, p -> true, only);
                }
            }
            return checkLibrary(Path.of(uri).getParent(), BUNDLED_ROOT, p -> true, only);
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
     * Checks the protocol files at the given paths (files or directories), as {@code triage validate} does.
     * Each file is checked within its library — the nearest directory above it holding
     * {@code dispositions.yaml} — so redirects resolve; files outside any library are checked against the
     * bundled scale and library. Only problems of the named files are reported.
     */
    public static LoadReport checkPaths(List<Path> paths) {
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
            java.util.function.Predicate<Path> wanted = file -> requested.stream()
                    .anyMatch(r -> file.toAbsolutePath().normalize().startsWith(r));
            if (entry.getKey().isPresent()) {
                Path root = entry.getKey().get();
                problems.addAll(checkLibrary(root, root.toString(), wanted, Optional.empty()).problems());
            } else {
                problems.addAll(checkLoose(entry.getValue()).problems());
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

    /** Files outside any library: the bundled scale, and redirects may name bundled protocols. */
    private static LoadReport checkLoose(List<Path> paths) {
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
        LoadReport report = check(library.scale(), sources, library.ids(), s -> true);
        problems.addAll(report.problems());
        return new LoadReport(problems, Optional.empty());
    }

    /** Checks a library; with {@code only}, just the protocol files of those ids (the others' ids still count). */
    private static LoadReport checkLibrary(Path root, String displayRoot, java.util.function.Predicate<Path> report,
                                           Optional<Set<String>> only) {
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
        List<Source> sources = new ArrayList<>();
        Set<String> reportedNames = new HashSet<>();
        Set<String> unreadIds = new HashSet<>();
        for (Path file : protocolFiles(root, problems)) {
            String name = display(displayRoot, root, file);
            String id = stem(file.getFileName().toString());
            if (only.isPresent() && !only.get().contains(id)) {
                unreadIds.add(id);
                continue;
            }
            if (report.test(file)) {
                reportedNames.add(name);
            }
            read(file, name).ifPresentOrElse(sources::add, () -> problems.add(unreadable(file, name)));
        }
        LoadReport protocols = check(scale.get(), sources, unreadIds, reportedNames::contains);
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
        if (errors || modifiers.isEmpty()) {
            return new LoadReport(problems, Optional.empty());
        }
        RiskModifiers loaded = modifiers.get();
        return new LoadReport(problems, protocols.library().map(library -> library.withModifiers(loaded)));
    }

    /** The ids of the protocols in the set (from the library, or from the file names when it failed to load). */
    private static Set<String> protocolIds(List<Source> sources, LoadReport protocols) {
        if (protocols.library().isPresent()) {
            return protocols.library().get().ids();
        }
        Set<String> ids = new HashSet<>();
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
            List<Path> files = walk.filter(ProtocolLoader::isProtocolFile).sorted(Comparator.comparing(Path::toString)).toList();
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

    /** Whether the file is named as a protocol file: {@code *.protocol.yaml}, {@code *.protocol.yml} or {@code *.protocol.json}. */
    public static boolean isProtocolFile(Path file) {
        if (file.getFileName() == null) {
            return false;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".protocol.yaml") || name.endsWith(".protocol.yml") || name.endsWith(".protocol.json");
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
            message = e.getMessage();
        } catch (Source.NotUtf8Exception e) {
            code = ProblemCode.UNREADABLE_TEXT;
            message = e.getMessage();
        } catch (IOException e) {
            message = "cannot read the file: " + e;
        }
        return new Problem(code, Optional.empty(), name, 0, 0, Optional.empty(), message);
    }

    private static LoadReport noScale(String name, String message) {
        return new LoadReport(List.of(new Problem(ProblemCode.NO_DISPOSITION_SCALE, Optional.empty(), name, 0, 0,
                Optional.empty(), message)), Optional.empty());
    }

    /**
     * Checks sources against a scale. {@code externalIds} are protocol ids outside the sources that
     * redirects may also name; {@code reported} selects the files whose problems are reported.
     */
    private static LoadReport check(DispositionScale scale, List<Source> sources, Set<String> externalIds,
                                    java.util.function.Predicate<String> reported) {
        requireNonNull(scale, "scale");
        // Each file is read on its own (in parallel: a library is dozens of files); the order is kept.
        List<ProtocolReader.Result> results = sources.parallelStream().map(source -> {
            if (source.text().length() > Source.MAX_BYTES) {
                Problems tooLarge = new Problems(source.name());
                tooLarge.addForFile(ProblemCode.FILE_TOO_LARGE, "the file has " + source.text().length()
                        + " characters; the limit is " + Source.MAX_BYTES);
                return new ProtocolReader.Result(Optional.empty(), tooLarge, new org.opentriage.internal.load.Node.Mark(0, 0),
                        Optional.empty(), Optional.empty(), List.of());
            }
            return ProtocolReader.read(source, scale);
        }).toList();
        Set<String> ids = new HashSet<>(externalIds);
        Map<ProtocolRef, ProtocolReader.Result> firstByRef = new HashMap<>();
        for (ProtocolReader.Result result : results) {
            result.id().ifPresent(ids::add);
            result.ref().ifPresent(ref -> {
                ProtocolReader.Result first = firstByRef.putIfAbsent(ref, result);
                if (first != null) {
                    result.problems().addDuplicate(result.idMark(), ref, first.problems().file());
                }
            });
        }
        for (ProtocolReader.Result result : results) {
            for (ProtocolReader.LocatedRedirect redirect : result.redirects()) {
                if (!ids.contains(redirect.redirect().protocolId())) {
                    result.problems().addUnknownRedirect(redirect, ids);
                }
            }
        }
        List<Problem> problems = new ArrayList<>();
        boolean errors = false;
        List<Protocol> protocols = new ArrayList<>();
        Map<String, String> sourceNames = new HashMap<>();
        for (ProtocolReader.Result result : results) {
            List<Problem> fileProblems = result.problems().toList();
            errors |= fileProblems.stream().anyMatch(Problem::isError) || result.protocol().isEmpty();
            if (reported.test(result.problems().file())) {
                problems.addAll(fileProblems);
            }
            result.protocol().ifPresent(p -> {
                protocols.add(p);
                sourceNames.put(p.ref(), result.problems().file());
            });
        }
        if (errors) {
            return new LoadReport(problems, Optional.empty());
        }
        return new LoadReport(problems, Optional.of(new ProtocolLibrary(scale, protocols, sourceNames, problems)));
    }
}

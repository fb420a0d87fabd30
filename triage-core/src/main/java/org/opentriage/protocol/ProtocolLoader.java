package org.opentriage.protocol;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.opentriage.internal.load.LibraryLoader;

/**
 * Loads protocol sets: the bundled library from the class path, a directory, or named sources. Every
 * problem of every file is reported at once; a set with any error yields no library.
 *
 * <p>A directory (and the bundled library) holds the disposition scale as {@code dispositions.yaml} at
 * its root and protocols as {@code *.protocol.yaml} or {@code *.protocol.json} anywhere below it.
 *
 * <p>Thread-safe: all methods are static and share no state.
 *
 * @since 0.1.0
 */
public final class ProtocolLoader {
    /** Where the bundled library lies on the class path. */
    public static final String BUNDLED_ROOT = LibraryLoader.BUNDLED_ROOT;
    /** The file name of the disposition scale at the root of a library. */
    public static final String SCALE_FILE = LibraryLoader.SCALE_FILE;
    /** The file name of the shared risk modifiers at the root of a library (optional). */
    public static final String MODIFIERS_FILE = LibraryLoader.MODIFIERS_FILE;

    private static final LibraryLoader LOADER = new LibraryLoader(ProtocolLibrary::new);

    private ProtocolLoader() {
    }

    /**
     * Reads a disposition scale; fails with its problems.
     *
     * @param source the scale's file
     * @return the scale
     */
    public static DispositionScale readScale(Source source) {
        return LibraryLoader.readScale(source);
    }

    /**
     * Checks protocol sources against a scale; redirects and suggestions must name protocols among the sources.
     *
     * @param scale the disposition scale
     * @param sources the protocol files
     * @return the problems found, and the protocols when there is no error
     */
    public static LoadReport check(DispositionScale scale, List<Source> sources) {
        return LOADER.check(scale, Optional.empty(), sources, Set.of(), List.of());
    }

    /**
     * Checks protocol sources against a scale, where redirects may also name {@code otherProtocolIds}
     * (the rest of the library a file belongs to, when checking one file on its own); suggestions must name
     * protocols among the sources ({@link #check(ProtocolLibrary, List)} checks them against a whole library).
     *
     * @param scale the disposition scale
     * @param sources the protocol files
     * @param otherProtocolIds ids of protocols outside the sources that redirects and suggestions may name
     * @return the problems found, and the protocols when there is no error
     */
    public static LoadReport check(DispositionScale scale, List<Source> sources, Set<String> otherProtocolIds) {
        return LOADER.check(scale, Optional.empty(), sources, Set.copyOf(otherProtocolIds), List.of());
    }

    /**
     * As {@link #check(DispositionScale, List, Set)}, with the shared questions the protocols may use.
     *
     * @param scale the disposition scale
     * @param bank the library's shared questions
     * @param sources the protocol files
     * @param otherProtocolIds ids of protocols outside the sources that redirects and suggestions may name
     * @return the problems found, and the protocols when there is no error
     */
    public static LoadReport check(DispositionScale scale, QuestionBank bank, List<Source> sources, Set<String> otherProtocolIds) {
        return LOADER.check(scale, Optional.of(bank), sources, Set.copyOf(otherProtocolIds), List.of());
    }

    /**
     * Checks protocol sources as files of a library, when checking them on their own: against its scale and shared
     * questions, with redirects and suggestions that may also name its protocols.
     *
     * @param library the library the sources join
     * @param sources the protocol files
     * @return the problems found, and the protocols when there is no error
     */
    public static LoadReport check(ProtocolLibrary library, List<Source> sources) {
        return LOADER.check(library.scale(), library.questionBank(), sources, library.ids(), library.protocols());
    }

    /**
     * Checks the library in a directory (its scale at the root).
     *
     * @param root the library's directory
     * @return the problems found, and the library when there is no error
     */
    public static LoadReport checkDirectory(Path root) {
        return LOADER.checkDirectory(root);
    }

    /**
     * Checks the library in a directory (its scale at the root), its risk modifiers and shared questions, and only the
     * protocols with these ids (read from their files, {@code ID.protocol.yaml}) and those their questions may suggest,
     * as {@link #checkBundled(Set)} does for the bundled library: for a process that needs only those protocols, such as
     * verifying one of them, it skips reading the rest. An id with no file of its name, or a suggestion that names no
     * protocol read, falls back to loading the whole library.
     *
     * @param root the library's directory
     * @param protocolIds the ids of the protocols to load
     * @return the problems found, and the library when there is no error
     * @since 0.1.0
     */
    public static LoadReport checkDirectory(Path root, Set<String> protocolIds) {
        return LOADER.checkDirectory(root, protocolIds);
    }

    /**
     * Checks the bundled library (the {@code protocols} artifact on the class path).
     *
     * @return the problems found, and the library when there is no error
     */
    public static LoadReport checkBundled() {
        return LOADER.checkBundled();
    }

    /**
     * Checks the bundled library's scale and risk modifiers and only the protocols with these ids (read
     * from their files, {@code ID.protocol.yaml}) and those their questions may suggest (the files named after a
     * suggested id or topic); the library holds only those. For a process that runs calls on protocols it knows,
     * it skips reading the rest of the library: redirects and modifiers may still name any protocol of the
     * library. {@link #checkBundled()} checks the whole library, as the build does. An id with no file of its
     * name, or a suggestion that names no protocol read, falls back to loading the whole library.
     *
     * @param protocolIds the ids of the protocols to load
     * @return the problems found, and the library when there is no error
     */
    public static LoadReport checkBundled(Set<String> protocolIds) {
        return LOADER.checkBundled(protocolIds);
    }

    /**
     * Checks the protocol files at the given paths (files or directories), as {@code triage validate} does.
     * Each file is checked within its library — the nearest directory above it holding
     * {@code dispositions.yaml} — so redirects resolve; files outside any library are checked against the
     * bundled scale and library. Only problems of the named files are reported.
     *
     * @param paths protocol files or directories
     * @return the problems of the named files
     */
    public static LoadReport checkPaths(List<Path> paths) {
        return LOADER.checkPaths(paths, false);
    }

    /**
     * As {@link #checkPaths(List)}; with {@code designRules}, also the design-rule warnings
     * ({@link ProtocolLibrary#designWarnings()}) about the named files, for each library that loads without errors:
     * what {@code triage validate --strict} reports.
     *
     * @param paths protocol files or directories
     * @param designRules whether to check the design rules too
     * @return the problems of the named files
     */
    public static LoadReport checkPaths(List<Path> paths, boolean designRules) {
        return LOADER.checkPaths(paths, designRules);
    }

    /**
     * Which caller-facing texts of the protocol files at the given paths (files or directories; the library files
     * in a named directory too: shared questions, scale, modifiers) lack one of {@code languages}: what
     * {@code triage validate --require-lang es} reports. Without paths, the bundled library.
     *
     * @param paths protocol files or directories; none for the bundled library
     * @param languages the BCP-47 tags every caller-facing text must have
     * @return the texts without a language, located, and each language's coverage
     */
    public static LanguageReport checkLanguages(List<Path> paths, Set<String> languages) {
        return LOADER.checkLanguages(paths, languages);
    }

    /**
     * {@return whether the file is named as a protocol file: {@code *.protocol.yaml}, {@code *.protocol.yml} or {@code *.protocol.json}}
     *
     * @param file a path
     */
    public static boolean isProtocolFile(Path file) {
        return LibraryLoader.isProtocolFile(file);
    }
}

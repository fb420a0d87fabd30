package org.opentriage.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Paths and loaders shared by the tests; surefire runs them with triage-core as working directory. */
final class TestFiles {
    static final Path LIBRARY = Path.of("..", "protocols", "library");
    static final Path SCALE_FILE = LIBRARY.resolve(ProtocolLoader.SCALE_FILE);

    private TestFiles() {
    }

    static DispositionScale scale() {
        return ProtocolLoader.readScale(read(SCALE_FILE));
    }

    static Source read(Path path) {
        try {
            return Source.read(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path path) {
        return read(path).text();
    }

    /** Every bundled protocol file, sorted. */
    static List<Path> bundledProtocolFiles() {
        try (Stream<Path> files = Files.walk(LIBRARY)) {
            return files.filter(ProtocolLoader::isProtocolFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks one source against the bundled scale, with the bundled ids available to redirects. */
    static LoadReport check(Source source) {
        return ProtocolLoader.check(scale(), List.of(source), BundledIds.IDS);
    }

    /** The bundled protocol ids, loaded once. */
    private static final class BundledIds {
        static final java.util.Set<String> IDS = ProtocolLibrary.bundled().ids();
    }

    static List<String> codes(LoadReport report) {
        return report.problems().stream().map(p -> p.code().code()).toList();
    }
}

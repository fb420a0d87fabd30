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

    /** Checks one source as a file of the bundled library: its protocols are there for redirects and suggestions. */
    static LoadReport check(Source source) {
        return ProtocolLoader.check(Bundled.LIBRARY, List.of(source));
    }

    /** The bundled library, loaded once. */
    private static final class Bundled {
        static final ProtocolLibrary LIBRARY = ProtocolLibrary.bundled();
    }

    static List<String> codes(LoadReport report) {
        return report.problems().stream().map(p -> p.code().code()).toList();
    }
}

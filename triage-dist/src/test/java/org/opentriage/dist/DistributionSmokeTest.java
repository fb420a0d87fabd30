package org.opentriage.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a call centre's IT gets it: the zip unpacked into an empty directory, a scripted call run
 * through {@code bin/triage} (by {@code /bin/sh}, so never bash) with nothing on PATH but {@code java}, no
 * JAVA_HOME, and a home directory of its own, where the first run leaves the class-data archive.
 */
class DistributionSmokeTest {

    private static final Path ZIP = Path.of(System.getProperty("triage.dist.zip", "target/triage.zip"));
    private static final String NAME = System.getProperty("triage.dist.name", "triage");

    @TempDir
    Path temp;

    @Test
    void theZipHoldsTheLaunchersTheJarsAndTheDocuments() throws IOException {
        List<String> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(ZIP))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.add(entry.getName());
            }
        }
        assertThat(entries).allMatch(name -> name.startsWith(NAME + "/"));
        assertThat(entries).contains(NAME + "/bin/triage", NAME + "/bin/triage.cmd", NAME + "/README.md",
                NAME + "/LICENSE", NAME + "/CHANGELOG.md", NAME + "/INSTALL.md",
                NAME + "/examples/calls/chest-pain-adult-ed-now.call.yaml",
                NAME + "/sbom/" + NAME + "-cyclonedx.json");
        assertThat(entries).anyMatch(name -> name.matches(NAME + "/lib/triage-cli-[^/]+\\.jar"));
        assertThat(entries).anyMatch(name -> name.matches(NAME + "/lib/triage-core-[^/]+\\.jar"));
        // The bundled library stays inside its jar.
        assertThat(entries).anyMatch(name -> name.matches(NAME + "/lib/protocols-[^/]+\\.jar"));
        assertThat(entries).noneMatch(name -> name.endsWith(".protocol.yaml"));
    }

    @Test
    void aScriptedCallRunsWithOnlyJavaOnThePath() throws Exception {
        if (System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return; // bin/triage.cmd is tried by hand on Windows (README, "Releasing").
        }
        Installed installed = install();
        Path home = installed.home();
        Path onlyJava = installed.onlyJava();
        Path userHome = installed.userHome();
        Path call = home.resolve("examples/calls/chest-pain-adult-ed-now.call.yaml");

        Result first = run(home, onlyJava, userHome, "run", "chest-pain-adult", "--answers", call.toString(),
                "--audit", temp.resolve("call.jsonl").toString());
        assertThat(first.exitCode).as(first.output).isZero();
        assertThat(first.output).contains("chest-pain-adult").containsIgnoringCase("emergency");
        // The first run made the class-data archive in the user's cache directory, which the next runs use.
        try (var archives = Files.list(userHome.resolve(".cache/opentriage"))) {
            assertThat(archives.map(p -> p.getFileName().toString())).singleElement()
                    .satisfies(name -> assertThat(name).matches("triage-[0-9]+\\.jsa"));
        }

        // -Xshare:on: the JVM stops unless it maps that archive.
        Result verify = run(home, onlyJava, userHome, "-Xshare:on", "audit", "verify", temp.resolve("call.jsonl").toString());
        assertThat(verify.exitCode).as(verify.output).isZero();
        assertThat(verify.output).contains("intact");
    }

    @Test
    void verifyOfProtocolFilesStartsForStartUpAndOfALibraryForTheLongWalk() throws Exception {
        if (System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return;
        }
        Installed installed = install();
        Path home = installed.home();
        Path onlyJava = installed.onlyJava();
        Path userHome = installed.userHome();
        Path library = Files.createDirectories(temp.resolve("library"));
        String clientOnly = "-XX:TieredStopAtLevel=1";
        // --help stops before any walk: the JVM's flags are printed by the JVM first.
        Result files = run(home, onlyJava, userHome, "-XX:+PrintCommandLineFlags", "verify", "--grid", "full",
                "--out", library.toString(), "a.protocol.yaml", "b.protocol.yaml", "--help");
        assertThat(files.output).as(files.output).contains(clientOnly);
        Result directory = run(home, onlyJava, userHome, "-XX:+PrintCommandLineFlags", "verify", "a.protocol.yaml",
                library.toString(), "--help");
        assertThat(directory.output).as(directory.output).doesNotContain(clientOnly);
        Result bundled = run(home, onlyJava, userHome, "-XX:+PrintCommandLineFlags", "verify", "--out", library.toString(), "--help");
        assertThat(bundled.output).as(bundled.output).doesNotContain(clientOnly);
        Result other = run(home, onlyJava, userHome, "-XX:+PrintCommandLineFlags", "list", "--help");
        assertThat(other.output).as(other.output).contains(clientOnly);
    }

    /**
     * The zip unpacked into an empty directory, a PATH directory holding only {@code java}, and a home directory of its
     * own.
     */
    private Installed install() throws IOException {
        Path home = unzip(ZIP, temp.resolve("install")).resolve(NAME);
        Path onlyJava = Files.createDirectories(temp.resolve("path"));
        Files.createSymbolicLink(onlyJava.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        return new Installed(home, onlyJava, Files.createDirectories(temp.resolve("home")));
    }

    private record Installed(Path home, Path onlyJava, Path userHome) {
    }

    private static Result run(Path home, Path path, Path userHome, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/sh", home.resolve("bin/triage").toString()));
        String javaOptions = args[0].startsWith("-X") ? args[0] : "";
        command.addAll(List.of(args).subList(javaOptions.isEmpty() ? 0 : 1, args.length));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", path.toString());
        env.put("HOME", userHome.toString());
        if (!javaOptions.isEmpty()) {
            env.put("TRIAGE_JAVA_OPTS", javaOptions);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static Path unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(into)).as(entry.getName()).isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target); // reads this entry only; the stream stays open for the next
                }
            }
        }
        return into;
    }

    private record Result(int exitCode, String output) {
    }
}

package org.opentriage.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.ProtocolLoader;
import org.opentriage.protocol.ProtocolRef;
import org.opentriage.triage.AnswerRejectedException;
import org.opentriage.triage.Call;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.Patient;
import org.opentriage.triage.Step;
import org.opentriage.triage.TriageEngine;

/**
 * The protocols' case files ({@code *.cases.yaml}): where they are (the bundled library's, or those of the given
 * paths, by the library each belongs to) and how one case runs through the engine; {@code triage test} checks their
 * expectations, {@code triage coverage} counts what they exercise. Stateless.
 */
final class CaseFiles {
    static final String CASES_SUFFIX = ".cases.yaml";

    private CaseFiles() {
    }

    /**
     * How a case ran.
     *
     * @param failure empty when the case passed, else what went wrong (expected against actual)
     * @param outcome the call's outcome when it reached one, as expected or not (a call that failed closed included)
     */
    record Ran(Optional<String> failure, Optional<Outcome> outcome) {
        static Ran failed(String why) {
            return new Ran(Optional.of(why), Optional.empty());
        }
    }

    /**
     * Runs one case on {@code engine} (which writes the call's audit trail to its sink): the patient, the protocol
     * and the answers of the case, then its expectation.
     */
    static Ran run(TriageEngine engine, ProtocolLibrary library, CallScript.Case c) {
        CallScript script = c.script();
        // As in a call script, a sex left out where the protocol depends on it is an error, never read as either sex.
        Optional<Protocol> needing = script.patient().sexNeededBy(script.protocols().stream()
                .flatMap(id -> library.resolve(id, ProtocolLibrary.Resolution.ANY_STATUS).stream()).toList());
        if (needing.isPresent()) {
            return Ran.failed("patient.sex: missing; protocol " + needing.get().id()
                    + " depends on the patient's sex: give female, male or unknown");
        }
        Patient patient;
        try {
            patient = script.patient().patient("case");
        } catch (RuntimeException e) {
            return Ran.failed("bad patient: " + e.getMessage());
        }
        Call call;
        try {
            call = engine.startCall("rn-test", patient, script.protocols());
        } catch (RuntimeException e) {
            return Ran.failed("cannot start: " + e.getMessage());
        }
        Set<String> used = new LinkedHashSet<>();
        Step step = call.next();
        while (step instanceof Step.Ask ask) {
            String protocolId = ProtocolRef.of(ask.protocol()).id();
            var answer = script.answerFor(protocolId, ask.question().id());
            if (answer.isEmpty()) {
                call.abandon("case has no answer");
                return Ran.failed("question '" + ask.question().id() + "' is asked but the case does not answer it");
            }
            used.add(answer.get().getKey());
            try {
                step = call.answer(TypedAnswers.forQuestion(answer.get().getValue(), ask.question()));
            } catch (AnswerRejectedException e) {
                call.abandon("answer rejected");
                return Ran.failed(e.getMessage());
            }
        }
        Outcome outcome = ((Step.Done) step).outcome();
        if (outcome.error().isPresent()) {
            return new Ran(Optional.of("the call failed closed: " + outcome.error().get()), Optional.of(outcome));
        }
        call.close();
        CallScript.Expect expect = script.expect().orElseThrow();
        String disposition = outcome.finalDisposition().id();
        String trigger = RunCommand.deciding(outcome).trigger().orElse(RunCommand.NO_TRIGGER);
        Set<String> unused = new LinkedHashSet<>(script.answers().keySet());
        unused.removeAll(used);
        if (!disposition.equals(expect.disposition()) || !expect.trigger().map(trigger::equals).orElse(true)) {
            return new Ran(Optional.of("expected " + expect.disposition() + expect.trigger().map(t -> " (trigger " + t + ")").orElse("")
                    + ", got " + disposition + " (trigger " + trigger + ")"), Optional.of(outcome));
        }
        if (!unused.isEmpty()) {
            return new Ran(Optional.of("answers never asked for: " + String.join(", ", unused)), Optional.of(outcome));
        }
        return new Ran(Optional.empty(), Optional.of(outcome));
    }

    /**
     * The case files of the given paths (files, or directories walked for them), by the library each belongs to;
     * those outside any library under the key {@code null}, the bundled library's.
     */
    static Map<Path, List<Path>> byLibrary(List<Path> paths) {
        Map<Path, List<Path>> byLibrary = new LinkedHashMap<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new CommandFailure(ExitCode.BAD_INPUT, path + ": no such file or directory");
            }
            // Outside any library (a counterexample written by 'triage verify'), the bundled library's (key null).
            Path root = libraryRoot(path.toAbsolutePath().normalize()).orElse(null);
            byLibrary.computeIfAbsent(root, k -> new ArrayList<>()).addAll(caseFiles(path));
        }
        return byLibrary;
    }

    /** The bundled library's case files, read from the class path (the key {@code null} means the bundled engine). */
    static Map<Path, List<Path>> bundled() {
        URL scale = CaseFiles.class.getClassLoader().getResource(ProtocolLoader.BUNDLED_ROOT + "/" + ProtocolLoader.SCALE_FILE);
        if (scale == null) {
            throw new CommandFailure(ExitCode.LOAD_FAILED, "the bundled protocols are not on the class path");
        }
        try {
            URI uri = scale.toURI();
            Path root;
            if (uri.getScheme().equals("jar")) {
                FileSystem jar;
                try {
                    jar = FileSystems.getFileSystem(uri);
                } catch (java.nio.file.FileSystemNotFoundException e) {
                    jar = FileSystems.newFileSystem(uri, Map.of());
                }
                root = jar.provider().getPath(uri).getParent();
            } else {
                root = Path.of(uri).getParent();
            }
            Map<Path, List<Path>> files = new LinkedHashMap<>();
            files.put(null, caseFiles(root));
            return files;
        } catch (URISyntaxException | IOException e) {
            throw new CommandFailure(ExitCode.LOAD_FAILED, "cannot read the bundled cases: " + e.getMessage());
        }
    }

    /** The case file, or the case files under a directory, in order of their paths. */
    static List<Path> caseFiles(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(p -> p.getFileName() != null && p.getFileName().toString().endsWith(CASES_SUFFIX))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The library a path is in: the nearest directory at or above it holding the disposition scale. */
    static Optional<Path> libraryRoot(Path path) {
        for (Path dir = Files.isDirectory(path) ? path : path.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(ProtocolLoader.SCALE_FILE))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** The bundled library for {@code null}, else the library in that directory. */
    static ProtocolLibrary library(Path root) {
        return root == null ? Engines.library() : Engines.directory(root);
    }

    /**
     * The engine cases run on: the bundled engine for {@code null}, else one over the library in that directory;
     * without the general assessment (a case exercises its protocol alone: the general assessment has its own cases).
     */
    static TriageEngine engine(Path root, ProtocolLibrary library) {
        if (root == null) {
            return Engines.engine().withoutGeneralAssessment();
        }
        return TriageEngine.builder(library).resolution(ProtocolLibrary.Resolution.ANY_STATUS).generalAssessment(false).build();
    }
}

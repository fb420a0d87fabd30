package org.opentriage.internal.load;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.opentriage.protocol.DispositionScale;
import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolRef;
import org.opentriage.protocol.QuestionBank;
import org.opentriage.protocol.Source;

/**
 * The protocols of a set of sources checked together against a scale: each file read on its own, then
 * the checks across files (a version loaded twice, a redirect to a protocol outside the set, topics and
 * suggestions).
 *
 * @param problems    the problems of the files that are reported, file by file in the order of the sources
 * @param errors      whether any file, reported or not, has an error or could not be read into a protocol
 * @param protocols   the protocols read, in the order of the sources
 * @param sourceMaps  where each protocol's parts stand in the source it was read from, by {@code id@version}
 */
record ProtocolSet(List<Problem> problems, boolean errors, List<Protocol> protocols, Map<String, SourceMap> sourceMaps) {

    ProtocolSet {
        problems = List.copyOf(problems);
        protocols = List.copyOf(protocols);
        sourceMaps = Map.copyOf(sourceMaps);
    }

    /**
     * Checks sources against a scale. {@code externalIds} are protocol ids outside the sources that
     * redirects may also name, {@code external} protocols outside the sources that suggestions may also name;
     * {@code reported} selects, by source name, the files whose problems are reported.
     */
    static ProtocolSet check(DispositionScale scale, Optional<QuestionBank> bank, List<Source> sources, Set<String> externalIds,
                             Collection<Protocol> external, Predicate<String> reported) {
        return check(scale, bank, false, sources, externalIds, external, reported);
    }

    /** As above; {@code bankFailed}: the library's shared questions failed to load, so using one adds no problem. */
    static ProtocolSet check(DispositionScale scale, Optional<QuestionBank> bank, boolean bankFailed, List<Source> sources,
                             Set<String> externalIds, Collection<Protocol> external, Predicate<String> reported) {
        requireNonNull(scale, "scale");
        // Each file is read on its own (in parallel: a library is dozens of files); the order is kept.
        List<ProtocolReader.Result> results = sources.parallelStream().map(source -> read(source, scale, bank, bankFailed)).toList();
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
        SuggestionChecks.check(results, external);
        checkOneGeneralAssessment(results, external);
        List<Problem> problems = new ArrayList<>();
        boolean errors = false;
        List<Protocol> protocols = new ArrayList<>();
        Map<String, SourceMap> sourceMaps = new HashMap<>();
        for (ProtocolReader.Result result : results) {
            List<Problem> fileProblems = result.problems().toList();
            errors |= fileProblems.stream().anyMatch(Problem::isError) || result.protocol().isEmpty();
            if (reported.test(result.problems().file())) {
                problems.addAll(fileProblems);
            }
            result.protocol().ifPresent(p -> {
                protocols.add(p);
                sourceMaps.put(p.ref(), result.sourceMap().orElseThrow());
            });
        }
        return new ProtocolSet(problems, errors, protocols, sourceMaps);
    }

    /**
     * A library has at most one general assessment (every version of one id): with two, which one every call runs
     * would depend on the order the files were read in.
     */
    private static void checkOneGeneralAssessment(List<ProtocolReader.Result> results, Collection<Protocol> external) {
        Optional<String> first = external.stream().filter(Protocol::general).map(Protocol::id).findFirst();
        for (ProtocolReader.Result result : results) {
            Optional<Protocol> general = result.protocol().filter(Protocol::general);
            if (general.isEmpty()) {
                continue;
            }
            String id = general.get().id();
            if (first.isPresent() && !first.get().equals(id)) {
                result.problems().add(ProblemCode.SECOND_GENERAL_ASSESSMENT, result.idMark(), null, "'" + id
                        + "' is a general assessment (kind: general), and so is '" + first.get() + "': a library has one,"
                        + " which every call runs; make this one a complaint protocol or merge the two");
            } else {
                first = Optional.of(id);
            }
        }
    }

    private static ProtocolReader.Result read(Source source, DispositionScale scale, Optional<QuestionBank> bank, boolean bankFailed) {
        if (source.text().length() > Source.MAX_BYTES) {
            Problems tooLarge = new Problems(source.name());
            tooLarge.addForFile(ProblemCode.FILE_TOO_LARGE, "the file has " + source.text().length()
                    + " characters; the limit is " + Source.MAX_BYTES);
            return new ProtocolReader.Result(Optional.empty(), tooLarge, Node.Mark.FILE, Optional.empty(),
                    Optional.empty(), List.of(), SuggestionChecks.Declared.NONE, Optional.empty());
        }
        return ProtocolReader.read(source, scale, bank, bankFailed);
    }
}

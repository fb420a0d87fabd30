package org.opentriage.internal.load;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.opentriage.internal.search.SuggestionTargets;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.Source;

/**
 * The checks of topics and suggestions across the files of a library: a topic names one protocol for each patient
 * (no two protocols of a topic share a patient, and no other protocol has the topic as its id); every name a
 * question suggests stands for a protocol of the library ({@link SuggestionTargets}) for some patient of the
 * suggesting protocol, and not for that protocol itself. A name that stands for a file that failed to load is not
 * reported again.
 */
final class SuggestionChecks {
    private SuggestionChecks() {
    }

    /** A name a question suggests, where it stands in its file. */
    record Located(String name, Node.Mark mark, @Nullable String questionId) {
    }

    /**
     * What one file declares for these checks, as written.
     *
     * @param topic     the protocol's topic, when it has a well-formed one
     * @param topicMark where the topic stands
     * @param suggested the names its own questions suggest (not those of the shared questions it uses)
     */
    record Declared(Optional<String> topic, Node.Mark topicMark, List<Located> suggested) {
        static final Declared NONE = new Declared(Optional.empty(), Node.Mark.FILE, List.of());
    }

    /**
     * Checks the topics and suggestions of the files read, against them and the protocols outside the set that
     * suggestions may also name ({@code external}); adds the problems to each file's.
     */
    static void check(List<ProtocolReader.Result> results, Collection<Protocol> external) {
        List<Protocol> protocols = new ArrayList<>(external);
        Set<String> failed = new HashSet<>();
        for (ProtocolReader.Result result : results) {
            result.protocol().ifPresentOrElse(protocols::add, () -> {
                result.id().ifPresent(failed::add);
                result.declared().topic().ifPresent(failed::add);
            });
        }
        List<Protocol> earlier = new ArrayList<>(external);
        for (ProtocolReader.Result result : results) {
            result.protocol().ifPresent(p -> {
                checkTopic(p, result, earlier, protocols);
                earlier.add(p);
            });
            for (Located name : result.declared().suggested()) {
                checkSuggestion(name, result, protocols, failed);
            }
        }
    }

    /** Checks the names the shared questions suggest: each stands for a protocol of the library. */
    static void checkBank(List<Located> suggested, Problems problems, Collection<Protocol> protocols) {
        for (Located name : suggested) {
            if (SuggestionTargets.of(name.name(), protocols).isEmpty()) {
                problems.add(ProblemCode.UNRESOLVED_SUGGESTION, name.mark(), name.questionId(), unresolved(name.name(), protocols));
            }
        }
    }

    private static void checkTopic(Protocol protocol, ProtocolReader.Result result, List<Protocol> earlier, List<Protocol> all) {
        String topic = protocol.topic().orElse(null);
        if (topic == null) {
            return;
        }
        Node.Mark at = result.declared().topicMark();
        earlier.stream().filter(other -> !other.id().equals(protocol.id()) && other.topic().equals(protocol.topic())
                        && other.population().overlaps(protocol.population())).findFirst()
                .ifPresent(other -> result.problems().add(ProblemCode.TOPIC_CLASH, at, null, "topic '" + topic + "' is also "
                        + other.id() + "'s, whose population (" + other.population().describe() + ") shares patients with this one's ("
                        + protocol.population().describe() + "): a topic names one protocol for each patient"));
        all.stream().filter(other -> other.id().equals(topic) && !other.topic().equals(protocol.topic())).findFirst()
                .ifPresent(other -> result.problems().add(ProblemCode.TOPIC_CLASH, at, null, "topic '" + topic
                        + "' is the id of another protocol, which is not of this topic: a suggestion of it would be ambiguous"));
    }

    private static void checkSuggestion(Located name, ProtocolReader.Result result, List<Protocol> protocols, Set<String> failed) {
        if (failed.contains(name.name())) {
            return;
        }
        List<Protocol> targets = SuggestionTargets.of(name.name(), protocols);
        Problems problems = result.problems();
        if (targets.isEmpty()) {
            problems.add(ProblemCode.UNRESOLVED_SUGGESTION, name.mark(), name.questionId(), unresolved(name.name(), protocols));
            return;
        }
        Optional<Protocol> suggesting = result.protocol();
        List<Protocol> forItsPatients = suggesting.map(s -> targets.stream()
                .filter(t -> t.population().overlaps(s.population())).toList()).orElse(targets);
        if (forItsPatients.isEmpty()) {
            problems.add(ProblemCode.UNRESOLVED_SUGGESTION, name.mark(), name.questionId(), "'" + name.name()
                    + "' stands for " + String.join(", ", new TreeSet<>(targets.stream().map(Protocol::id).toList()))
                    + ", for none of this protocol's patients (" + suggesting.orElseThrow().population().describe() + ")");
        } else if (result.id().isPresent() && forItsPatients.stream().anyMatch(t -> t.id().equals(result.id().get()))) {
            problems.add(ProblemCode.UNRESOLVED_SUGGESTION, name.mark(), name.questionId(), "'" + name.name()
                    + "' stands for this protocol itself: a protocol cannot suggest itself");
        }
    }

    private static String unresolved(String name, Collection<Protocol> protocols) {
        Set<String> known = new LinkedHashSet<>();
        protocols.stream().filter(p -> !p.general()).forEach(p -> {
            p.topic().ifPresent(known::add);
            known.add(p.id());
        });
        return "'" + name + "' is neither a topic nor the id of a protocol of the library" + TreeReader.didYouMean(name, known);
    }

    /**
     * The names a protocol file suggests, as written, read without checking the file: which other files a library
     * read in part must read too. Empty for a file that cannot be parsed (its problems come when it is read).
     */
    static Set<String> namesIn(Source source) {
        Problems ignored = new Problems(source.name());
        Optional<Node> root = source.isJson() ? JsonReader.read(source, ignored) : YamlReader.read(source, ignored);
        Set<String> names = new LinkedHashSet<>();
        root.ifPresent(r -> collect(r, names));
        return names;
    }

    private static void collect(Node node, Set<String> names) {
        if (node instanceof Node.MapNode map) {
            for (Node.Entry entry : map.entries()) {
                if (entry.key().value().equals("suggests") && entry.value() instanceof Node.ListNode list) {
                    list.items().stream().filter(item -> item instanceof Node.Scalar).forEach(item -> names.add(((Node.Scalar) item).value()));
                } else {
                    collect(entry.value(), names);
                }
            }
        } else if (node instanceof Node.ListNode list) {
            list.items().forEach(item -> collect(item, names));
        }
    }
}

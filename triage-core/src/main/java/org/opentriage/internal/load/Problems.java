package org.opentriage.internal.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.opentriage.protocol.Problem;
import org.opentriage.protocol.ProblemCode;
import org.opentriage.protocol.ProtocolRef;

/**
 * Collects the problems of one file. The protocol's {@code id@version} is attached to every problem once
 * it is known, including to problems found before it was read.
 */
final class Problems {
    private record Pending(ProblemCode code, Node.Mark mark, @Nullable String nodeId, String message) {
    }

    private final String file;
    private final List<Pending> pending = new ArrayList<>();
    private @Nullable String protocol;

    Problems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void protocol(ProtocolRef ref) {
        this.protocol = ref.toString();
    }

    void add(ProblemCode code, Node.Mark mark, @Nullable String nodeId, String message) {
        pending.add(new Pending(code, mark, nodeId, message));
    }

    void add(ProblemCode code, Node node, @Nullable String nodeId, String message) {
        add(code, node.mark(), nodeId, message);
    }

    /** A problem about the whole file (line and column 0). */
    void addForFile(ProblemCode code, String message) {
        add(code, Node.Mark.FILE, null, message);
    }

    /** The same {@code id@version} was read before, from {@code firstFile}. */
    void addDuplicate(Node.Mark idMark, ProtocolRef ref, String firstFile) {
        add(ProblemCode.DUPLICATE_PROTOCOL, idMark, ref.id(),
                ref + " is loaded twice: also in " + firstFile + "; give the new content a new version");
    }

    /** A redirect names a protocol that is not in the set. */
    void addUnknownRedirect(ProtocolReader.LocatedRedirect redirect, java.util.Set<String> ids) {
        String target = redirect.redirect().protocolId();
        add(ProblemCode.UNKNOWN_REDIRECT_TARGET, redirect.mark(), target,
                "seeInstead names protocol '" + target + "', which is not in the set" + TreeReader.didYouMean(target, ids));
    }

    boolean hasErrors() {
        return pending.stream().anyMatch(p -> p.code().severity() == org.opentriage.protocol.Severity.ERROR);
    }

    /** The problems in the order of their position in the file. */
    List<Problem> toList() {
        return pending.stream()
                .sorted(Comparator.comparingInt((Pending p) -> p.mark().line()).thenComparingInt(p -> p.mark().column()))
                .map(p -> new Problem(p.code(), Optional.ofNullable(protocol), file, p.mark().line(),
                        p.mark().column(), Optional.ofNullable(p.nodeId()), p.message()))
                .toList();
    }
}

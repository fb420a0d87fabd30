package org.opentriage.examples;

import java.util.List;
import java.util.Optional;

import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.protocol.Question;
import org.opentriage.protocol.TriageGroup;

/**
 * How a host application finds the protocol for a call: load the library once at start-up (it is
 * immutable and thread-safe), then search it per call with the caller's words and the patient's age.
 */
public final class ProtocolLookup {
    private final ProtocolLibrary library;

    /** Loads the bundled protocols; a host with its own protocols uses {@code ProtocolLibrary.load(dir)}. */
    public ProtocolLookup() {
        this(ProtocolLibrary.bundled());
    }

    public ProtocolLookup(ProtocolLibrary library) {
        this.library = library;
    }

    /** The best protocol for what the caller says, for a patient of this age. */
    public Optional<Protocol> bestFor(String callerWords, Quantity age) {
        List<Protocol> found = library.search(callerWords, Optional.of(age), ProtocolLibrary.Resolution.ANY_STATUS);
        return found.stream().findFirst();
    }

    /** A one-screen overview of a protocol for the nurse: each group's disposition and its red flags. */
    public static String overview(Protocol protocol) {
        StringBuilder text = new StringBuilder();
        text.append(protocol.title().english()).append(" — ").append(protocol.ref())
                .append(protocol.approval().clinicallyValidated() ? "" : " (NOT clinically validated)").append('\n');
        for (TriageGroup group : protocol.triage()) {
            long redFlags = group.questions().stream().filter(Question::redFlag).count();
            text.append("  ").append(group.disposition().label().english()).append(": ")
                    .append(group.questions().size()).append(" questions, ").append(redFlags).append(" red flags\n");
        }
        text.append("  otherwise: ").append(protocol.defaultDisposition().label().english()).append('\n');
        return text.toString();
    }

    public static void main(String[] args) {
        ProtocolLookup lookup = new ProtocolLookup();
        Quantity age = Quantity.parse("54 y").orElseThrow();
        lookup.bestFor("my chest hurts", age).ifPresentOrElse(
                protocol -> System.out.print(overview(protocol)),
                () -> System.out.println("no protocol found"));
    }
}

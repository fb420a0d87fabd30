package org.opentriage.triage;

import java.util.List;
import java.util.Random;

import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;

/** Seeded random calls over the bundled protocols: the same seed always makes the same call. */
final class RandomWalks {
    private RandomWalks() {
    }

    static List<Protocol> protocols() {
        return Engines.LIBRARY.latest(java.util.Optional.empty(), ProtocolLibrary.Resolution.ANY_STATUS);
    }

    /** The protocol and patient of the walk with this seed. */
    static Call start(TriageEngine engine, long seed) {
        Random random = new Random(seed);
        Protocol protocol = protocols().get(random.nextInt(protocols().size()));
        List<Patient> patients = ProtocolInvariantsTest.patients(protocol);
        return engine.startCall("rn-random", patients.get(random.nextInt(patients.size())), List.of(protocol.ref()));
    }

    /** The next answer of the walk, drawn from the answers worth trying, "don't know" now and then. */
    static Answer answer(Step.Ask ask, Random random) {
        List<Answer> domain = org.opentriage.verify.PathWalker.domain(Engines.LIBRARY, ask);
        return domain.get(random.nextInt(domain.size()));
    }
}

package org.opentriage.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.verify.ProtocolVerifier;

/**
 * The safety invariants of {@link ProtocolVerifier} on every answer path of every bundled protocol, for the
 * patients of the default grid ({@code -Dtriage.enumeration=full}, the {@code exhaustive} Maven profile: the
 * full grid), with the call-invariant checker following every walk. {@code -Dtriage.only=ID,ID} verifies only
 * those protocols (an editor checking the protocols they changed).
 */
class ProtocolInvariantsTest {
    private static final ProtocolVerifier VERIFIER = new ProtocolVerifier(Engines.BUNDLED, Engines.LIBRARY);
    private static final AtomicLong WALKS = new AtomicLong();
    private static final AtomicLong RUN = new AtomicLong();

    @AfterAll
    static void reportWalks() {
        System.err.println("ProtocolInvariantsTest: " + WALKS.get() + " walks checked (" + RUN.get()
                + " walked in the engine, the rest repeating a future already walked); the invariant checker so far: "
                + CallInvariants.installed().summary());
    }

    /** The grid of this run: full with {@code -Dtriage.enumeration=full}. */
    static ProtocolVerifier.Grid grid() {
        return "full".equals(System.getProperty("triage.enumeration")) ? ProtocolVerifier.Grid.FULL : ProtocolVerifier.Grid.DEFAULT;
    }

    /** The patients of this run's grid for a protocol. */
    static List<Patient> patients(Protocol protocol) {
        return ProtocolVerifier.patients(protocol, grid());
    }

    @TestFactory
    Stream<DynamicTest> everyPathOfEveryProtocol_keepsTheSafetyInvariants() {
        ProtocolVerifier.Grid grid = grid();
        Set<String> only = java.util.Arrays.stream(System.getProperty("triage.only", "").split(",")).map(String::strip)
                .filter(s -> !s.isBlank()).collect(Collectors.toSet());
        List<DynamicTest> tests = new ArrayList<>();
        for (Protocol protocol : Engines.LIBRARY.latest(java.util.Optional.empty(), ProtocolLibrary.Resolution.ANY_STATUS)) {
            if (only.isEmpty() || only.contains(protocol.id())) {
                tests.add(dynamicTest(protocol.id(), () -> {
                    // The trails too on the full grid (-Pexhaustive), as on the default one.
                    ProtocolVerifier.Report report = VERIFIER.verify(protocol, grid, true);
                    // Dynamic tests get no after-each callback: the checker's calls (and their trails) are released here.
                    assertThat(CallInvariants.installed().checkAll()).isEmpty();
                    assertThat(report.violations()).isEmpty();
                    assertThat(report.walks()).isPositive();
                    WALKS.addAndGet(report.walks());
                    RUN.addAndGet(report.walksRun());
                }));
            }
        }
        return tests.stream();
    }
}

package org.opentriage.modulepath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.triage.Answer;
import org.opentriage.triage.Call;
import org.opentriage.triage.MemoryAuditSink;
import org.opentriage.triage.Outcome;
import org.opentriage.triage.Patient;
import org.opentriage.triage.Step;
import org.opentriage.triage.TriageEngine;

/**
 * The module descriptor enforced: run on the module path by the surefire execution {@code module-path} (the other
 * executions use the class path, where a module's encapsulation does not hold, and skip it). A call runs with its
 * rules on Drools, which reaches the fact classes through the module's {@code opens}; code outside the module
 * reaches the API packages and not {@code org.opentriage.internal}.
 */
@EnabledIfSystemProperty(named = "triage.modulePath", matches = "true")
class ModulePathTest {
    private static final Module CORE = TriageEngine.class.getModule();

    @Test
    void theEngineIsTheNamedModule() {
        assertThat(CORE.isNamed()).as("triage-core on the module path").isTrue();
        assertThat(CORE.getName()).isEqualTo("org.opentriage.core");
    }

    @Test
    void theModuleExportsTheApiOnly_andOpensTheRuleFactsToTheRuleEngine() {
        Set<String> exported = CORE.getDescriptor().exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        assertThat(exported).containsExactlyInAnyOrder("org.opentriage.protocol", "org.opentriage.triage", "org.opentriage.verify");
        Set<String> opened = CORE.getDescriptor().opens().stream().map(ModuleDescriptor.Opens::source).collect(Collectors.toSet());
        assertThat(opened).containsExactly("org.opentriage.internal.engine");
    }

    @Test
    void codeOutsideTheModule_reachesTheApi_notTheInternals() throws Exception {
        // A lookup with no module of its own: what any module reading org.opentriage.core may reach.
        MethodHandles.Lookup outside = MethodHandles.publicLookup();
        assertThat(outside.findStatic(ProtocolLibrary.class, "bundled", MethodType.methodType(ProtocolLibrary.class))).isNotNull();
        // org.opentriage.internal.engine is open to the rule engine, and so at run time to all: the others are closed.
        for (String internal : List.of("org.opentriage.internal.load.LibraryLoader", "org.opentriage.internal.load.LibrarySources",
                "org.opentriage.internal.search.ProtocolSearch", "org.opentriage.internal.eval.Evaluator")) {
            Class<?> type = Class.forName(internal);
            assertThatThrownBy(() -> outside.accessClass(type)).as(internal).isInstanceOf(IllegalAccessException.class);
        }
    }

    @Test
    void aCallRuns_withItsRulesOnDrools() {
        TriageEngine engine = TriageEngine.builder(ProtocolLibrary.bundled())
                .resolution(ProtocolLibrary.Resolution.ANY_STATUS)
                .auditSink(new MemoryAuditSink())
                .build();
        Call call = engine.startCall("rn-1", Patient.of("ref-1", Quantity.parse("40 y").orElseThrow()), List.of("chest-pain-adult"));
        Step step = call.next();
        while (step instanceof Step.Ask) {
            step = call.answer(Answer.unknown());
        }
        Outcome outcome = ((Step.Done) step).outcome();
        call.close();
        assertThat(outcome.recommended().id()).isEqualTo("call-911");
    }
}

package org.opentriage.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.protocol.Quantity;
import org.opentriage.triage.MemoryAuditSink;
import org.opentriage.triage.Patient;
import org.opentriage.triage.TriageEngine;

class OnCallEscalationTest {

    @Test
    void aCallThatReachesCall911_pagesTheOnCallService_withTheHostsCallbackNumber() throws Exception {
        List<String> pages = new CopyOnWriteArrayList<>();
        HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/page", exchange -> {
            pages.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        service.start();
        try (TriageEngine engine = TriageEngine.builder(ProtocolLibrary.bundled())
                .resolution(ProtocolLibrary.Resolution.ANY_STATUS).auditSink(new MemoryAuditSink())
                .escalation(new OnCallEscalation(URI.create("http://127.0.0.1:" + service.getAddress().getPort() + "/page"),
                        callId -> "+1 555 0100"), OnCallEscalation.POLICY)
                .build()) {
            NurseCall calls = new NurseCall(engine);
            calls.run("rn-1", Patient.of("ref-1", Quantity.parse("40 y").orElseThrow()), "chest-pain-adult", Map.of());
        } finally {
            service.stop(0);
        }

        assertThat(pages).singleElement().satisfies(page -> assertThat(page)
                .startsWith("Triage: Call 911 now (call-911)").contains("patient ref-1", "call back: +1 555 0100"));
    }
}

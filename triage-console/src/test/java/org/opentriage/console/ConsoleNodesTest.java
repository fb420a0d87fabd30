package org.opentriage.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.opentriage.triage.AuditRecord;
import org.opentriage.triage.AuditTrail;
import org.opentriage.triage.Replay;
import org.opentriage.triage.TriageEngine;

/**
 * Two console nodes on one PostgreSQL store, sharing its HMAC key and nothing else: a call started on node A is
 * continued on node B; concurrent clients spread their calls' steps over both nodes; racing writers of one call get
 * exactly one success. Every trail verifies and replays; no record is lost or written twice.
 */
class ConsoleNodesTest {
    static final int CLIENTS = Integer.getInteger("triage.nodes.clients", 8);
    static final int CALLS_PER_CLIENT = Integer.getInteger("triage.nodes.calls", 50);

    @TempDir
    static Path data;
    static ConsoleFixture nodeA;
    static ConsoleFixture nodeB;
    static byte[] key;

    @BeforeAll
    static void start() throws Exception {
        String url = Postgres.newDatabase();
        nodeA = ConsoleFixture.on(url, data, "node-a").withUsers();
        nodeB = ConsoleFixture.on(url, data, "node-b");
        key = Files.readAllBytes(data.resolve(Console.KEY_FILE));
        for (int i = 0; i < CLIENTS; i++) {
            nodeA.add("rn-load-" + i, java.util.EnumSet.of(Role.RN));
        }
    }

    @AfterAll
    static void stop() {
        try {
            nodeA.close();
        } finally {
            nodeB.close();
        }
    }

    @Test
    void callStartedOnNodeA_isContinuedAndClosedOnNodeB_withTheSameSession() {
        ApiClient onA = nodeA.login("rn-1");
        ApiClient onB = onA.on(nodeB.console.url());
        ApiClient.Response started = CallScripts.start(onA, "p-nodes", "54", "male", "chest-pain-adult");
        String id = started.json().get("id").asText();
        assertThat(onB.get("/health").json().get("node").asText()).isEqualTo("node-b");
        assertThat(onB.get("/api/calls/" + id).json()).isEqualTo(started.json());
        ApiClient.Response done = CallScripts.close(onB, CallScripts.answerAll(onB, started, CallScripts.CALL_911));
        assertThat(done.json().get("outcome").get("final").get("id").asText()).isEqualTo("call-911");
        JsonNode audit = onA.get("/api/calls/" + id + "/audit").json();
        assertThat(audit.get("verification").get("status").asText()).isEqualTo("INTACT");
        assertThat(audit.get("replay").get("reproduced").asBoolean()).isTrue();
    }

    @Test
    void twoNodesWritingOneCallAtOnce_exactlyOneWinsEachRound() throws Exception {
        ApiClient onA = nodeA.login("rn-2");
        ApiClient onB = onA.on(nodeB.console.url());
        ApiClient.Response view = CallScripts.start(onA, "p-race", "54", "male", "chest-pain-adult");
        String id = view.json().get("id").asText();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            int rounds = 0;
            while (view.json().has("ask")) {
                var answer = CallScripts.answerFor(view.json().get("ask").get("question"), CallScripts.CALL_911);
                long version = view.version();
                Future<ApiClient.Response> a = pool.submit(() -> onA.post("/api/calls/" + id + "/answers", answer, version));
                Future<ApiClient.Response> b = pool.submit(() -> onB.post("/api/calls/" + id + "/answers", answer, version));
                List<ApiClient.Response> both = List.of(a.get(), b.get());
                assertThat(both).extracting(ApiClient.Response::status).containsExactlyInAnyOrder(200, 409);
                view = both.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
                rounds++;
            }
            List<String> trail = nodeA.store.transaction(c -> ConsoleStore.trail(c, id));
            assertThat(trail).hasSize(2 + rounds);
            assertThat(AuditTrail.verify(trail, Optional.of(key)).status()).isEqualTo(AuditTrail.Status.INTERRUPTED);
            assertThat(AuditTrail.verify(trail, Optional.of(key)).openCalls()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentClients_overBothNodes_loseAndRepeatNoRecord_andEveryTrailVerifiesAndReplays() throws Exception {
        String[] nodes = {nodeA.console.url(), nodeB.console.url()};
        Map<String, Integer> writesByCall = new ConcurrentHashMap<>();
        AtomicInteger requests = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long startNanos = System.nanoTime();
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    ApiClient session = nodeA.login("rn-load-" + client);
                    for (int n = 0; n < CALLS_PER_CLIENT; n++) {
                        // Every request of the call to the next node in turn: no step sees the node of the one before.
                        int turn = client + n;
                        ApiClient.Response view = CallScripts.start(session.on(nodes[turn++ % 2]), "p-" + client + "-" + n, "54", "male",
                                "chest-pain-adult");
                        String id = view.json().get("id").asText();
                        int writes = 1;
                        while (view.json().has("ask")) {
                            var answer = CallScripts.answerFor(view.json().get("ask").get("question"), CallScripts.CALL_911);
                            view = session.on(nodes[turn++ % 2]).post("/api/calls/" + id + "/answers", answer, view.version());
                            assertThat(view.status()).as(view.raw().body()).isEqualTo(200);
                            writes++;
                        }
                        view = CallScripts.close(session.on(nodes[turn % 2]), view);
                        writesByCall.put(id, writes + 1);
                        requests.addAndGet(writes + 1);
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%d clients x %d calls over 2 nodes on PostgreSQL: %d calls, %d requests in %.1f s: %.1f calls/s, %.0f requests/s%n",
                CLIENTS, CALLS_PER_CLIENT, writesByCall.size(), requests.get(), seconds, writesByCall.size() / seconds, requests.get() / seconds);

        assertThat(writesByCall).hasSize(CLIENTS * CALLS_PER_CLIENT);
        TriageEngine replayer = TriageEngine.builder(ConsoleFixture.library())
                .resolution(org.opentriage.protocol.ProtocolLibrary.Resolution.ANY_STATUS).build();
        for (Map.Entry<String, Integer> call : writesByCall.entrySet()) {
            List<String> trail = nodeA.store.transaction(c -> ConsoleStore.trail(c, call.getKey()));
            // One header, then one record for each write the client saw succeed: none lost, none twice.
            assertThat(trail).as("records of call " + call.getKey()).hasSize(1 + call.getValue());
            AuditTrail.Verification v = AuditTrail.verify(trail, Optional.of(key));
            assertThat(v.intact()).as(call.getKey() + ": " + v.problem()).isTrue();
            List<AuditRecord> records = new ArrayList<>();
            String prev = "0".repeat(64);
            for (String line : trail) {
                AuditRecord record = AuditRecord.parse(line, prev);
                records.add(record);
                prev = record.hash();
            }
            List<Replay.Result> replayed = replayer.replay(records);
            assertThat(replayed).singleElement().satisfies(r -> {
                assertThat(r.reproduced()).as(r.differences().toString()).isTrue();
                assertThat(r.replayedDisposition()).hasValue("call-911");
            });
        }
    }

    @Test
    void aNodeWithAnotherHmacKey_refusesToStart() throws Exception {
        Path otherKey = data.resolve("other").resolve(Console.KEY_FILE);
        Console.createDataDirectory(otherKey.getParent());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Console.builder().library(ConsoleFixture.library()).store(nodeA.store)
                        .hmacKeyFile(otherKey).port(0).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another HMAC key");
    }

    @Test
    void storePassword_givenApartFromTheUrl_opensTheStore_andAFailedOpenDoesNotRepeatIt() throws Exception {
        String url = Postgres.newDatabase();
        String withoutPassword = url.replaceAll("([?&])password=[^&]*&?", "$1");
        try (ConsoleStore store = ConsoleStore.open(withoutPassword, Optional.of("postgres"))) {
            assertThat(store.kind()).isEqualTo("PostgreSQL");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConsoleStore.open(withoutPassword.replace("user=postgres", "user=nobody"),
                Optional.of("wrong"))).isInstanceOf(IllegalStateException.class).hasMessageNotContaining("wrong");
    }
}

package org.opentriage.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load figure of BENCHMARKS.md: calls per second through the API, each call a chest-pain call to call-911
 * (14 answers, 16 requests: start, answers, close) by concurrent clients, on H2 (one node) and on PostgreSQL (two
 * nodes, every request to the other node). Off by default; run with
 * {@code ./mvnw -pl triage-console -am test -Dtest=ConsoleLoadTest -Dsurefire.failIfNoSpecifiedTests=false -Dtriage.load=true}
 * ({@code -Dtriage.load.clients=8 -Dtriage.load.seconds=30}).
 */
@EnabledIfSystemProperty(named = "triage.load", matches = "true")
class ConsoleLoadTest {
    static final int CLIENTS = Integer.getInteger("triage.load.clients", 8);
    static final int SECONDS = Integer.getInteger("triage.load.seconds", 30);
    static final int WARM_UP_SECONDS = Integer.getInteger("triage.load.warmUp", 10);

    @TempDir
    Path data;

    @Test
    void h2_oneNode() throws Exception {
        try (ConsoleFixture node = ConsoleFixture.h2(data.resolve("h2"))) {
            run("H2, 1 node", node, List.of(node.console.url()), true);
        }
    }

    @Test
    void postgres_twoNodes() throws Exception {
        String url = Postgres.newDatabase();
        try (ConsoleFixture a = ConsoleFixture.on(url, data.resolve("pg"), "node-a");
             ConsoleFixture b = ConsoleFixture.on(url, data.resolve("pg"), "node-b")) {
            run("PostgreSQL, 2 nodes, each request to the other node", a, List.of(a.console.url(), b.console.url()), false);
            run("PostgreSQL, 2 nodes, each call on one node", a, List.of(a.console.url(), b.console.url()), true);
        }
    }

    /** @param sticky each client's requests to one node (the clients spread over the nodes), else each to the next node */
    private static void run(String setting, ConsoleFixture users, List<String> nodes, boolean sticky) throws Exception {
        boolean added = users.store.transaction(c -> ConsoleStore.user(c, "rn-load-0")).isPresent();
        for (int i = 0; i < CLIENTS && !added; i++) {
            users.add("rn-load-" + i, java.util.EnumSet.of(Role.RN));
        }
        measure(users, nodes, WARM_UP_SECONDS, sticky);
        Result r = measure(users, nodes, SECONDS, sticky);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf("LOAD %s, %d clients, %d s: %.1f calls/s, %.0f requests/s, request latency p50 %.1f ms, p95 %.1f ms, "
                        + "console JVM CPU %.1f ms per call (clients included); %d cores, load average %.1f%n", setting, CLIENTS, SECONDS,
                r.calls / r.seconds, r.requests / r.seconds, r.percentile(50), r.percentile(95), r.cpuMillisPerCall(),
                Runtime.getRuntime().availableProcessors(), load);
        assertThat(r.calls).isPositive();
    }

    record Result(int calls, int requests, double seconds, List<Double> latencies, double cpuMillis) {
        double percentile(int p) {
            List<Double> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
        }

        double cpuMillisPerCall() {
            return calls == 0 ? 0 : cpuMillis / calls;
        }
    }

    private static Result measure(ConsoleFixture users, List<String> nodes, int seconds, boolean sticky) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(pool.submit(() -> {
                ApiClient session = users.login("rn-load-" + client);
                int turn = client;
                for (int n = 0; !stop.get(); n++) {
                    int step = sticky ? 0 : 1;
                    long t = System.nanoTime();
                    ApiClient.Response view = CallScripts.start(session.on(nodes.get((turn += step) % nodes.size())), "p-" + client + "-" + n, "54",
                            "male", "chest-pain-adult");
                    latencies.add((System.nanoTime() - t) / 1e6);
                    String id = view.json().get("id").asText();
                    while (view.json().has("ask")) {
                        var answer = CallScripts.answerFor(view.json().get("ask").get("question"), CallScripts.CALL_911);
                        t = System.nanoTime();
                        view = session.on(nodes.get((turn += step) % nodes.size())).post("/api/calls/" + id + "/answers", answer, view.version());
                        latencies.add((System.nanoTime() - t) / 1e6);
                        requests.incrementAndGet();
                    }
                    t = System.nanoTime();
                    CallScripts.close(session.on(nodes.get((turn += step) % nodes.size())), view);
                    latencies.add((System.nanoTime() - t) / 1e6);
                    requests.addAndGet(2);
                    calls.incrementAndGet();
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Future<?> client : clients) {
            client.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(calls.get(), requests.get(), elapsed, latencies, (os.getProcessCpuTime() - cpuStart) / 1e6);
    }
}

package io.customer360.mesh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.customer360.common.testing.ServiceProcess;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Chaos: seed-shaped partner events are published through JetStream at a constant rate (acknowledged publishes,
 * published again until acknowledged) while ingest-service and profile-service are killed with SIGKILL and
 * restarted, NATS is restarted gracefully and PostgreSQL is restarted. Afterwards every acknowledged event must be
 * in the profile store exactly once, and every service must be ready again without anyone touching it. While
 * profile-service is down the aggregator must still answer at once with a degraded view, and enrichment with every
 * provider failing must open its breakers and answer degraded results.
 *
 * <p>{@code -Dchaos.events} events over {@code -Dchaos.seconds} seconds: CI runs 3,000 over 40 s (one fault of each
 * kind); {@code ./mesh chaos} runs 100,000. It restarts the test run's own nats-server (authentication on: the
 * accounts of k8s/, partners and services with their own credentials) and the machine's PostgreSQL, so a running
 * {@code ./mesh up} sees the PostgreSQL restart too. The IT databases.
 */
class ChaosIT {

    private static final int EVENTS = Integer.getInteger("chaos.events", 3000);
    private static final Duration SCHEDULE = Duration.ofSeconds(Integer.getInteger("chaos.seconds", 40));
    private static final int CUSTOMERS = 300;
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    /**
     * Redeliveries after a crash wait for the ack wait (30 s); the rest is processing time on two small cores. After the
     * graceful NATS restart a pull consumer has been seen to stall (heartbeat alarms, no deliveries) until the client's
     * ping found the connection dead and reconnected, about 2.5 minutes later: the window covers that, and a lost or
     * doubled event still fails the test.
     */
    private static final Duration DRAIN_WITHIN = Duration.ofSeconds(Math.max(420, EVENTS / 50));

    private final Map<String, ServiceProcess> services = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> configs = new HashMap<>();
    private HttpServer failingProviders;

    @AfterEach
    void stopEverything() throws Exception {
        services.values().forEach(ServiceProcess::close);
        if (failingProviders != null) {
            failingProviders.stop(0);
        }
        SecuredNats.resetTopology();
    }

    @Test
    void everyAcknowledgedEventIsStoredExactlyOnceThroughCrashesAndRestarts() throws Exception {
        String run = "chaos-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, AtomicInteger> providerCalls = startFailingProviders();
        Mesh.resetDatabases(List.of("ingest", "profile", "enrichment", "aggregator"));
        SecuredNats.resetTopology();
        startMesh();

        Options options = SecuredNats.options("partner-default")
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .pingInterval(Duration.ofSeconds(5))
                .connectionListener((connection, event) -> log("publisher connection: " + event))
                .build();
        try (Connection nats = Nats.connect(options)) {
            AckedPublisher publisher = new AckedPublisher(nats.jetStream());
            ExecutorService faults = Executors.newSingleThreadExecutor();
            long started = System.nanoTime();
            Future<?> faultsDone = faults.submit(() -> {
                runFaults(started, run);
                return null;
            });
            publishOnSchedule(publisher, run, started);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (publisher.settle() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            faultsDone.get(5, TimeUnit.MINUTES);
            faults.shutdown();
            double publishSeconds = (System.nanoTime() - started) / 1e9;

            Set<String> acknowledged = publisher.acknowledged();
            long stored = awaitStored(run, acknowledged.size(), started);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "chaos: %d events published at %.0f/s, %d acknowledged (%d publishes repeated),"
                            + " %d timeline rows; published in %.1f s, stored in %.1f s%n",
                    EVENTS,
                    EVENTS / (double) SCHEDULE.toSeconds(),
                    acknowledged.size(),
                    publisher.republished(),
                    stored,
                    publishSeconds,
                    seconds);

            assertThat(acknowledged).as("acknowledged events").hasSize(EVENTS);
            assertThat(stored)
                    .as("timeline rows of this run: each acknowledged event exactly once")
                    .isEqualTo(EVENTS);
            assertThat(ProfileStore.timelineEventIds(run + "-"))
                    .as("event ids in the profile store")
                    .isEqualTo(acknowledged);
        }
        services.forEach((name, service) -> await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(readiness(service))
                        .as(name + " ready after the faults")
                        .isEqualTo(200)));
        assertThat(given().auth()
                        .oauth2(Keycloak.token("acme-viewer"))
                        .get(services.get("aggregator").baseUrl() + "/api/v1/customer-360/" + run + "_c0")
                        .statusCode())
                .as("the 360 view once profile-service is back")
                .isEqualTo(200);
        enrichmentWithEveryProviderFailingOpensTheBreakerAndDegrades(run, providerCalls);
    }

    /** The fault schedule, at fixed shares of the publishing time; each fault is logged with what it took. */
    private void runFaults(long startedNanos, String run) throws Exception {
        awaitShare(startedNanos, 0.10);
        timed("kill -9 ingest-service", () -> services.remove("ingest").kill());
        awaitShare(startedNanos, 0.20);
        timed("restart ingest-service", () -> start("ingest"));
        awaitShare(startedNanos, 0.30);
        warmUpAggregator(run);
        timed("kill -9 profile-service", () -> services.remove("profile").kill());
        aggregatorAnswersWhileProfileServiceIsDown(run);
        awaitShare(startedNanos, 0.40);
        timed("restart profile-service", () -> start("profile"));
        awaitShare(startedNanos, 0.55);
        timed("graceful restart of NATS", () -> MachineServices.restartNats(SecuredNats.url()));
        awaitShare(startedNanos, 0.75);
        timed("restart of PostgreSQL (fast mode)", MachineServices::restartPostgres);
    }

    /**
     * The first views after a start can exceed the provider budget (cold JIT in aggregator and profile-service, key
     * fetching) and answer 503; the measurement below is of a warm aggregator.
     */
    private void warmUpAggregator(String run) {
        String token = Keycloak.token("acme-viewer");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> given().auth()
                                .oauth2(token)
                                .get(services.get("aggregator").baseUrl() + "/api/v1/customer-360/" + run + "_c0")
                                .statusCode()
                        == 200);
    }

    /** With profile-service gone, the view still answers at once: degraded, its profile sections marked unavailable. */
    private void aggregatorAnswersWhileProfileServiceIsDown(String run) {
        String token = Keycloak.token("acme-viewer");
        long sent = System.nanoTime();
        Response response = given().auth()
                .oauth2(token)
                .get(services.get("aggregator").baseUrl() + "/api/v1/customer-360/" + run + "_c1");
        double millis = (System.nanoTime() - sent) / 1e6;
        log(
                "aggregator with profile-service down: %d, accountProfile %s, completeness %s, in %.0f ms (provider budget 1000 ms)"
                        .formatted(
                                response.statusCode(),
                                response.jsonPath().getString("sections.accountProfile.status"),
                                response.jsonPath().getString("dataCompleteness"),
                                millis));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.jsonPath().getString("sections.accountProfile.status"))
                .isEqualTo("unavailable");
        assertThat(response.jsonPath().getString("providers.customer_intelligence.status"))
                .isIn("failed", "timed_out");
    }

    private void enrichmentWithEveryProviderFailingOpensTheBreakerAndDegrades(
            String run, Map<String, AtomicInteger> providerCalls) {
        String enrichment = services.get("enrichment").baseUrl();
        String editor = Keycloak.token("acme-analyst");
        int requests = 0;
        while (!breakerOf(enrichment, editor, "people-data-labs").equals("open") && requests < 10) {
            Response result = given().auth()
                    .oauth2(editor)
                    .contentType("application/json")
                    .body("{}")
                    .post(enrichment + "/api/v1/enrichment/customers/" + run + "_c" + (2 + requests));
            requests++;
            assertThat(result.statusCode())
                    .as("enrichment with every provider failing")
                    .isEqualTo(200);
            assertThat(result.jsonPath().getBoolean("charged"))
                    .as("a result without data is not charged")
                    .isFalse();
            assertThat(result.jsonPath().getList("degraded"))
                    .as("the reasons of a degraded result")
                    .isNotEmpty();
        }
        assertThat(breakerOf(enrichment, editor, "people-data-labs"))
                .as("breaker after %d failing enrichments", requests)
                .isEqualTo("open");
        int callsBefore = providerCalls.get("/v5").get();
        given().auth()
                .oauth2(editor)
                .contentType("application/json")
                .body("{}")
                .post(enrichment + "/api/v1/enrichment/customers/" + run + "_c20")
                .then()
                .statusCode(200);
        assertThat(providerCalls.get("/v5").get())
                .as("calls to People Data Labs while its breaker is open")
                .isEqualTo(callsBefore);
        log("enrichment: people-data-labs breaker open after %d failing enrichments; %d calls to it in all"
                .formatted(requests, callsBefore));
    }

    private static String breakerOf(String enrichment, String token, String provider) {
        List<Map<String, Object>> providers = given().auth()
                .oauth2(token)
                .get(enrichment + "/api/v1/enrichment/providers")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
        return providers.stream()
                .filter(p -> provider.equals(p.get("name")))
                .map(p -> (String) p.get("circuitBreaker"))
                .findFirst()
                .orElseThrow();
    }

    private void publishOnSchedule(AckedPublisher publisher, String run, long startedNanos)
            throws InterruptedException {
        long intervalNanos = SCHEDULE.toNanos() / EVENTS;
        for (int i = 0; i < EVENTS; i++) {
            long due = startedNanos + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String customer = run + "_c" + (i % CUSTOMERS);
            String eventId = run + "-" + i;
            publisher.publish(
                    "customer.events." + customer + ".purchase", eventId, PartnerEvents.purchase(eventId, customer, i));
            if (i % 100 == 0) {
                publisher.settle();
            }
        }
    }

    private long awaitStored(String run, long expected, long startedNanos) throws Exception {
        long deadline = System.nanoTime() + DRAIN_WITHIN.toNanos();
        long lastReport = System.nanoTime();
        long stored = ProfileStore.distinctTimelineEvents(run + "-");
        while (stored < expected && System.nanoTime() < deadline) {
            if (System.nanoTime() - lastReport > Duration.ofSeconds(15).toNanos()) {
                System.out.printf(
                        "chaos: %d of %d events stored after %.0f s; %d parked; %s%n",
                        stored,
                        expected,
                        (System.nanoTime() - startedNanos) / 1e9,
                        ProfileStore.parkedEvents(run + "-"),
                        ConsumerStates.describe());
                lastReport = System.nanoTime();
            }
            Thread.sleep(250);
            stored = ProfileStore.distinctTimelineEvents(run + "-");
        }
        if (stored < expected) {
            System.out.printf(
                    "chaos: only %d of %d events stored; %d parked; %s%n",
                    stored, expected, ProfileStore.parkedEvents(run + "-"), ConsumerStates.describe());
            services.forEach((name, service) ->
                    System.out.printf("chaos: %s's last warnings and errors:%n%s%n", name, warnings(service)));
        }
        return ProfileStore.timelineRows(run + "-");
    }

    /** The last 30 WARN and ERROR lines of the service's log: why a stalled service stopped applying events. */
    private static String warnings(ServiceProcess service) {
        try (var lines = java.nio.file.Files.lines(service.log())) {
            List<String> found = lines.filter(line -> line.contains("WARN") || line.contains("ERROR"))
                    .map(line -> line.length() > 400 ? line.substring(0, 400) : line)
                    .toList();
            return String.join("\n", found.subList(Math.max(0, found.size() - 30), found.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "log unreadable: " + e;
        }
    }

    private void startMesh() {
        configs.put("profile", Mesh.serviceConfig("profile"));
        configs.put("ingest", Mesh.serviceConfig("ingest"));
        start("profile");
        start("ingest");
        Map<String, String> enrichment = Mesh.serviceConfig("enrichment");
        enrichment.put(
                "quarkus.rest-client.profile.url", services.get("profile").baseUrl());
        enrichment.put("enrichment.encryption-key", "Y2hhb3MtdGVzdC1rZXktY2hhb3MtdGVzdC1rZXktMzI=");
        String providers = "http://127.0.0.1:" + failingProviders.getAddress().getPort();
        for (String provider :
                List.of("people-data-labs", "clearbit", "hunter", "google-places", "opencorporates", "attom")) {
            enrichment.put("quarkus.rest-client." + provider + ".url", providers);
            enrichment.put("enrichment.providers." + provider + ".api-key", "chaos-key");
        }
        // People Data Labs (whose breaker the test opens) is an optional addition to the default person chain
        enrichment.put("enrichment.waterfall.person", "people-data-labs,clearbit,hunter");
        configs.put("enrichment", enrichment);
        start("enrichment");
        Map<String, String> aggregator = Mesh.serviceConfig("aggregator");
        aggregator.put(
                "quarkus.rest-client.profile.url", services.get("profile").baseUrl());
        aggregator.put(
                "quarkus.rest-client.enrichment.url", services.get("enrichment").baseUrl());
        configs.put("aggregator", aggregator);
        start("aggregator");
    }

    /** Starts a service; a restart keeps its port, so the services that call it find it again. */
    private void start(String name) {
        Map<String, String> config = configs.get(name);
        config.put("quarkus.log.file.enabled", "true");
        config.put("quarkus.log.file.path", "target/" + name + "-service-chaos.log");
        ServiceProcess service = ServiceProcess.start(name + "-service", config, READY_WITHIN);
        config.put("quarkus.http.port", Integer.toString(service.port()));
        services.put(name, service);
    }

    /** Stands in for every enrichment provider, failing every call with a 503; counts calls per first path segment. */
    private Map<String, AtomicInteger> startFailingProviders() throws IOException {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        failingProviders = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        failingProviders.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String segment = path.indexOf('/', 1) > 0 ? path.substring(0, path.indexOf('/', 1)) : path;
            calls.computeIfAbsent(segment, key -> new AtomicInteger()).incrementAndGet();
            byte[] body = "{\"error\":\"chaos: provider down\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        failingProviders.start();
        calls.put("/v5", new AtomicInteger());
        return calls;
    }

    /** The readiness status; a failing check is printed, so a service that stays unready says why. */
    private static int readiness(ServiceProcess service) {
        Response response = given().get(service.baseUrl() + "/q/health/ready");
        if (response.statusCode() != 200) {
            log(service.baseUrl() + " not ready: " + response.asString().replaceAll("\\s+", " "));
        }
        return response.statusCode();
    }

    private static void awaitShare(long startedNanos, double share) throws InterruptedException {
        long due = startedNanos + (long) (SCHEDULE.toNanos() * share);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** A step of the fault schedule. */
    private interface Fault {
        void run() throws Exception;
    }

    private void timed(String what, Fault fault) throws Exception {
        long begun = System.nanoTime();
        fault.run();
        log("%s took %.1f s".formatted(what, (System.nanoTime() - begun) / 1e9));
    }

    private static void log(String line) {
        System.out.println("chaos: " + line);
    }
}

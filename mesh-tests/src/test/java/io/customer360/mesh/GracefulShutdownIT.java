package io.customer360.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.common.testing.ServiceProcess;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A rolling update or scale-down as Kubernetes does it: profile-service (packaged jar) gets SIGTERM while partner events
 * stream into it and clients read a customer over HTTP. Every request sent before the signal succeeds (those sent
 * after it may be refused: counted apart); every event the stopped service applied was acked, so what it left unacked
 * (messages it had received but not handled) is all that is delivered again; after a restart every event is stored
 * once (nothing applied twice, nothing lost). The shutdown delay
 * is 2 s here (5 s in k8s); the events are {@code -Dgraceful.events} (default 6000), published at about 1000/s so
 * that the stream outlasts the shutdown.
 */
class GracefulShutdownIT {

    private static final String PREFIX = "graceful.";
    private static final String STREAMS = "GRACEFUL_";
    private static final int EVENTS = Integer.getInteger("graceful.events", 6000);
    private static final int CUSTOMERS = 200;
    private static final int READERS = 6;
    private static final int PUBLISH_WINDOW = 100;
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final Instant OCCURRED_AT = Instant.parse("2024-12-14T00:00:00Z");
    /** Writes a message record as the services' ObjectMapper does (ISO-8601 instants). */
    private static final ObjectMapper MESSAGES = JsonMapper.builder()
            .findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One HTTP request: whether it was sent before the signal, and its status (-1: no response). */
    private record Request(boolean beforeSignal, int status, String failure) {}

    @Test
    void sigtermUnderLoadFailsNoAcceptedRequestAndAppliesEveryEventOnce() throws Exception {
        String run = "grc" + UUID.randomUUID().toString().substring(0, 8);
        String reader = run + "_reader";
        Mesh.resetDatabases(List.of("profile"));
        try (Connection nats = Nats.connect(Mesh.OPEN_NATS_URL)) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            JetStream js = nats.jetStream();
            Mesh.deleteOpenNatsStreams(STREAMS);
            ServiceProcess profile = startProfile();
            ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
            try {
                js.publish(subject(reader), event(run + "-seed", reader, 0));
                String token = Keycloak.token("acme-viewer");
                String customerUrl = profile.baseUrl() + "/api/v1/customers/" + reader;
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> get(customerUrl, token).status() == 200);

                Future<List<CompletableFuture<PublishAck>>> publishing = pool.submit(() -> publish(js, run));
                AtomicBoolean reading = new AtomicBoolean(true);
                ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
                AtomicLong signalAt = new AtomicLong(Long.MAX_VALUE);
                List<Future<?>> readers = new ArrayList<>();
                for (int i = 0; i < READERS; i++) {
                    readers.add(pool.submit(() -> {
                        while (reading.get()) {
                            long sent = System.nanoTime();
                            Request answer = get(customerUrl, token);
                            requests.add(new Request(sent < signalAt.get(), answer.status(), answer.failure()));
                        }
                    }));
                }
                // SIGTERM once profile-service is busy applying the stream
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> ProfileStore.timelineRows(run) >= EVENTS / 6);
                signalAt.set(System.nanoTime());
                int exit = profile.terminate(Duration.ofSeconds(60));
                reading.set(false);
                for (Future<?> future : readers) {
                    future.get();
                }
                assertThat(exit)
                        .as("profile-service exited by itself after SIGTERM")
                        .isNotEqualTo(-1);

                List<Request> before =
                        requests.stream().filter(Request::beforeSignal).toList();
                List<Request> after = requests.stream()
                        .filter(request -> !request.beforeSignal())
                        .toList();
                System.out.printf(
                        "GracefulShutdownIT: %d requests before SIGTERM, %d after (%d answered 200, %d refused); "
                                + "%d events stored when it exited%n",
                        before.size(),
                        after.size(),
                        after.stream().filter(r -> r.status() == 200).count(),
                        after.stream().filter(r -> r.status() != 200).count(),
                        ProfileStore.timelineRows(run));
                assertThat(before).as("requests sent before SIGTERM").hasSizeGreaterThan(READERS);
                assertThat(before)
                        .as("requests sent before SIGTERM that failed")
                        .filteredOn(r -> r.status() != 200)
                        .isEmpty();

                ConsumerInfo stopped = consumer(jsm);
                long appliedAtExit = ProfileStore.timelineRows(run);
                long leftUnacked = stopped.getNumAckPending();
                System.out.printf(
                        "GracefulShutdownIT: at exit %d delivered, %d stored, %d unacked, %d not delivered yet%n",
                        stopped.getDelivered().getConsumerSequence(),
                        appliedAtExit,
                        leftUnacked,
                        stopped.getNumPending());
                assertThat(appliedAtExit)
                        .as("events stored at exit = messages delivered and acked (none applied and left unacked)")
                        .isEqualTo(stopped.getDelivered().getConsumerSequence() - leftUnacked);
                assertThat(stopped.getNumPending())
                        .as("events left for the restart: SIGTERM came mid-stream")
                        .isPositive();

                for (CompletableFuture<PublishAck> ack : publishing.get()) {
                    assertThat(ack.get().hasError()).isFalse();
                }
                profile = startProfile();
                await().atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> ProfileStore.timelineRows(run) >= EVENTS + 1);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> consumer(jsm).getNumAckPending() == 0
                                && consumer(jsm).getNumPending() == 0);
                assertThat(ProfileStore.timelineRows(run)).as("timeline rows").isEqualTo(EVENTS + 1);
                assertThat(ProfileStore.distinctTimelineEvents(run))
                        .as("distinct events")
                        .isEqualTo(EVENTS + 1);
                assertThat(consumer(jsm).getDelivered().getConsumerSequence())
                        .as("deliveries over both runs: each event once, plus again only those it had left unhandled")
                        .isEqualTo(EVENTS + 1 + leftUnacked);
            } finally {
                pool.shutdownNow();
                profile.close();
                Mesh.deleteOpenNatsStreams(STREAMS);
            }
        }
    }

    private static ServiceProcess startProfile() {
        Map<String, String> config = Mesh.openNatsServiceConfig("profile", PREFIX, STREAMS);
        // k8s sets 5 s: the pod keeps serving, readiness DOWN, while the endpoints drop it
        config.put("quarkus.shutdown.delay", "2s");
        return ServiceProcess.start("profile-service", config, READY_WITHIN);
    }

    private static List<CompletableFuture<PublishAck>> publish(JetStream js, String run) throws Exception {
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
        for (int i = 1; i <= EVENTS; i++) {
            String customer = run + "_" + (i % CUSTOMERS);
            acks.add(js.publishAsync(subject(customer), event(run + "-" + i, customer, i)));
            if (i % PUBLISH_WINDOW == 0) {
                // a steady stream rather than one burst, so the signal comes while events still arrive
                acks.get(acks.size() - 1).get();
                Thread.sleep(100);
            }
        }
        return acks;
    }

    private static String subject(String customer) {
        return PREFIX + "profile.events.acme." + customer + ".purchase";
    }

    /** A normalized purchase, as ingest-service publishes it. */
    private static byte[] event(String eventId, String customer, int i) throws JsonProcessingException {
        ObjectNode data = JsonNodeFactory.instance
                .objectNode()
                .put("purchase_id", "ord_" + i)
                .put("product_name", "Wireless Headphones Pro")
                .put("total", 299.99);
        return MESSAGES.writeValueAsBytes(new NormalizedEvent(
                eventId,
                "acme",
                customer,
                customer + "@example.com",
                "purchase",
                OCCURRED_AT,
                "e-commerce-service",
                data,
                JsonNodeFactory.instance.objectNode(),
                null,
                true,
                OCCURRED_AT.plusSeconds(1)));
    }

    private static Request get(String url, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        try {
            return new Request(
                    false,
                    HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(),
                    null);
        } catch (IOException e) {
            return new Request(false, -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Request(false, -1, e.toString());
        }
    }

    private static ConsumerInfo consumer(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        return jsm.getConsumerInfo(STREAMS + "PROFILE_EVENTS", STREAMS + "profile-service");
    }
}

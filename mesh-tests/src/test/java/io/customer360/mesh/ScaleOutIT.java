package io.customer360.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.common.testing.ServiceProcess;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Scale-out: two replicas each of ingest-service and profile-service (packaged jars) share one NATS and one
 * PostgreSQL. N partner events (unique {@code event_id}s, several hundred customers) are published through
 * JetStream with acks; every replica must take part, and the profile store must hold each event exactly once.
 * N is {@code -Dscale.events} (default 3000; {@code ./mesh scale} runs 50,000). Subjects under {@code scale.},
 * streams and consumers named {@code SCALE_…}, databases {@code c360_ingest_it} and {@code c360_profile_it}.
 */
class ScaleOutIT {

    private static final String PREFIX = "scale.";
    private static final String STREAMS = "SCALE_";
    private static final int EVENTS = Integer.getInteger("scale.events", 3000);
    private static final int CUSTOMERS = 500;
    /** Acks awaited per window, so the publisher never holds more than this many in flight. */
    private static final int PUBLISH_WINDOW = 1000;
    /** Time allowed for the whole run to reach the profile store: generous on two small cores. */
    private static final Duration DRAIN_WITHIN = Duration.ofSeconds(Math.max(180, EVENTS / 40));

    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void twoReplicasOfIngestAndProfileShareTheWorkWithoutLossOrDuplicates() throws Exception {
        String run = "scale-" + UUID.randomUUID().toString().substring(0, 8);
        Mesh.resetDatabases(List.of("ingest", "profile"));
        List<ServiceProcess> ingest = new ArrayList<>();
        List<ServiceProcess> profile = new ArrayList<>();
        try (Connection nats = Nats.connect(Mesh.OPEN_NATS_URL)) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            deleteStreams(jsm);
            try {
                // one at a time: the first replica of each service migrates the empty schema
                for (int replica = 1; replica <= 2; replica++) {
                    profile.add(start("profile", replica));
                }
                for (int replica = 1; replica <= 2; replica++) {
                    ingest.add(start("ingest", replica));
                }

                long started = System.nanoTime();
                publish(nats.jetStream(), run);
                long published = System.nanoTime();
                long stored = awaitTimelineRows(run, started);
                long finished = System.nanoTime();

                List<Long> accepted = new ArrayList<>();
                for (ServiceProcess replica : ingest) {
                    accepted.add(counter(replica, "ingest_events_total", "accepted"));
                }
                List<Long> applied = new ArrayList<>();
                for (ServiceProcess replica : profile) {
                    applied.add(counter(replica, "profile_events_total", "applied"));
                }
                double seconds = (finished - started) / 1e9;
                printRedeliveries(jsm);
                System.out.printf(
                        "scale-out: %d events, %.0f events/s, ingest replicas %d/%d, profile replicas %d/%d"
                                + " (published in %.1f s, stored in %.1f s)%n",
                        EVENTS,
                        EVENTS / seconds,
                        accepted.get(0),
                        accepted.get(1),
                        applied.get(0),
                        applied.get(1),
                        (published - started) / 1e9,
                        seconds);

                assertThat(stored).as("timeline rows of this run's events").isEqualTo(EVENTS);
                assertThat(ProfileStore.distinctTimelineEvents(run + "-"))
                        .as("distinct event ids in the timeline")
                        .isEqualTo(EVENTS);
                assertThat(accepted)
                        .as("events accepted per ingest replica")
                        .allSatisfy(n -> assertThat(n).isPositive());
                assertThat(applied)
                        .as("events applied per profile replica")
                        .allSatisfy(n -> assertThat(n).isPositive());
                assertThat(applied.get(0) + applied.get(1))
                        .as("events applied by both profile replicas")
                        .isEqualTo(EVENTS);
            } finally {
                ingest.forEach(ServiceProcess::close);
                profile.forEach(ServiceProcess::close);
                deleteStreams(jsm);
            }
        }
    }

    /** Each replica logs to a file of its own: ServiceProcess names its console log after the module, shared by both replicas. */
    private static ServiceProcess start(String service, int replica) {
        Map<String, String> config = Mesh.openNatsServiceConfig(service, PREFIX, STREAMS);
        config.put("quarkus.log.file.enabled", "true");
        config.put("quarkus.log.file.path", "target/" + service + "-service-scale-" + replica + ".log");
        // the console (the shared ServiceProcess log) gets warnings only; the file of each replica everything
        config.put("quarkus.log.console.level", "WARN");
        return ServiceProcess.start(service + "-service", config, READY_WITHIN);
    }

    private static void publish(JetStream js, String run) throws Exception {
        List<CompletableFuture<PublishAck>> window = new ArrayList<>(PUBLISH_WINDOW);
        for (int i = 0; i < EVENTS; i++) {
            String customer = run + "_c" + (i % CUSTOMERS);
            window.add(js.publishAsync(
                    PREFIX + "customer.events." + customer + ".purchase",
                    PartnerEvents.purchase(run + "-" + i, customer, i)));
            if (window.size() == PUBLISH_WINDOW || i == EVENTS - 1) {
                for (CompletableFuture<PublishAck> ack : window) {
                    PublishAck stored = ack.get(30, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(stored.hasError()).as("publish ack").isFalse();
                    assertThat(stored.isDuplicate())
                            .as("publish ack is a duplicate")
                            .isFalse();
                }
                window.clear();
            }
        }
    }

    /** Waits until the profile store holds every event of this run (or the time is up); returns the row count. */
    private static long awaitTimelineRows(String run, long startedNanos) throws Exception {
        long deadline = startedNanos + DRAIN_WITHIN.toNanos();
        long rows = 0;
        long lastReport = System.nanoTime();
        while (System.nanoTime() < deadline) {
            rows = ProfileStore.timelineRows(run + "-");
            if (rows >= EVENTS) {
                return rows;
            }
            if (System.nanoTime() - lastReport > Duration.ofSeconds(15).toNanos()) {
                System.out.printf(
                        "scale-out: %d of %d events stored after %.0f s%n",
                        rows, EVENTS, (System.nanoTime() - startedNanos) / 1e9);
                lastReport = System.nanoTime();
            }
            Thread.sleep(200);
        }
        return rows;
    }

    /** Sum of a Prometheus counter's samples with the given outcome, scraped from a replica's /q/metrics. */
    private static long counter(ServiceProcess replica, String name, String outcome)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/q/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(replica.baseUrl() + "/q/metrics").isEqualTo(200);
        Pattern sample = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\}\\s+(\\S+)", Pattern.MULTILINE);
        Matcher matcher = sample.matcher(response.body());
        double total = 0;
        while (matcher.find()) {
            if (matcher.group(1).contains("outcome=\"" + outcome + "\"")) {
                total += Double.parseDouble(matcher.group(2));
            }
        }
        return Math.round(total);
    }

    /** Deliveries beyond the first of each SCALE_ consumer: a redelivery costs an ack wait (30 s) of latency. */
    private static void printRedeliveries(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        for (String stream : jsm.getStreamNames()) {
            if (stream.startsWith(STREAMS)) {
                for (var consumer : jsm.getConsumers(stream)) {
                    System.out.printf(
                            "scale-out: consumer %s/%s delivered %d (stream sequence %d), redelivered %d,"
                                    + " ack pending %d%n",
                            stream,
                            consumer.getName(),
                            consumer.getDelivered().getConsumerSequence(),
                            consumer.getDelivered().getStreamSequence(),
                            consumer.getRedelivered(),
                            consumer.getNumAckPending());
                }
            }
        }
    }

    private static void deleteStreams(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        for (String stream : jsm.getStreamNames()) {
            if (stream.startsWith(STREAMS)) {
                jsm.deleteStream(stream);
            }
        }
    }
}

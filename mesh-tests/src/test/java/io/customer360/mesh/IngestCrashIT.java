package io.customer360.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.Provisioner;
import io.customer360.common.testing.ServiceProcess;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.PublishAck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing doubled: ingest-service is killed with SIGKILL while events are in flight and restarted;
 * every acknowledged partner event ends up in the downstream stream exactly once. The number of events is
 * {@code -Dchaos.events} (CI runs a short version; bench/ingest-crash.sh runs 10,000).
 */
class IngestCrashIT {

    private static final String PREFIX = "crash.";
    private static final String STREAMS = "CRASH_";
    /** The tenants whose partner streams the test provisions, declared to ingest-service too, which binds to them. */
    private static final List<String> TENANTS = List.of("acme", "globex");

    private static final int EVENTS = Integer.getInteger("chaos.events", 2000);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void sigkillWhileEventsAreInFlightLosesNoneAndDuplicatesNone() throws Exception {
        Mesh.stopShared(); // its ingest-service uses the IT database too
        try (Connection nats = Nats.connect(Mesh.OPEN_NATS_URL)) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            deleteStreams(jsm);
            // the mesh's topology (common's, under this test's prefixes) exists before the service starts, so the
            // publisher never waits for the partner stream
            new Provisioner(jsm, subject -> PREFIX + subject, name -> STREAMS + name, 1, TENANTS).provision();

            ServiceProcess ingest = startIngest();
            Set<String> published = new HashSet<>();
            JetStream js = nats.jetStream();
            List<CompletableFuture<PublishAck>> acks = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                String customer = "crash_" + (i % 500);
                String eventId = "crash-evt-" + i;
                acks.add(js.publishAsync(
                        PREFIX + "customer.events." + customer + ".purchase", event(eventId, customer, i)));
                published.add(eventId);
                if (i == EVENTS / 3) {
                    ingest.kill();
                }
                if (i == EVENTS * 2 / 3) {
                    ingest = startIngest();
                }
            }
            for (CompletableFuture<PublishAck> ack : acks) {
                assertThat(ack.get().hasError()).isFalse();
            }
            try (ServiceProcess running = ingest) {
                String downstream = STREAMS + "PROFILE_EVENTS";
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> messageCount(jsm, downstream) >= EVENTS);
                assertThat(messageCount(jsm, downstream))
                        .as("messages downstream")
                        .isEqualTo(EVENTS);
                assertThat(eventIds(nats, downstream))
                        .as("event ids downstream")
                        .isEqualTo(published);
            }
            deleteStreams(jsm);
        }
    }

    private static ServiceProcess startIngest() {
        return ServiceProcess.start(
                "ingest-service",
                Map.of(
                        "quarkus.datasource.reactive.url",
                        "postgresql://127.0.0.1:5432/c360_ingest_it",
                        "quarkus.oidc.auth-server-url",
                        Mesh.KEYCLOAK_URL + "/realms/customer360",
                        "mesh.nats.subject-prefix",
                        PREFIX,
                        "mesh.nats.stream-prefix",
                        STREAMS,
                        "mesh.tenants",
                        String.join(",", TENANTS),
                        "ingest.tenants",
                        String.join(",", TENANTS),
                        "mesh.nats.provision",
                        "true"),
                Duration.ofSeconds(60));
    }

    private static byte[] event(String eventId, String customer, int i) {
        return """
                {"event_id":"%s","customer_id":"%s","event_type":"purchase","timestamp":1734134400,
                 "source_service":"e-commerce-service","data":{"purchase_id":"ord_%d","product_name":"Wireless Headphones Pro",
                 "total":299.99,"email":"%s@example.com"},"metadata":{}}""".formatted(eventId, customer, i, customer).getBytes(StandardCharsets.UTF_8);
    }

    private static long messageCount(JetStreamManagement jsm, String stream) throws IOException, JetStreamApiException {
        return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
    }

    private static Set<String> eventIds(Connection nats, String stream) throws Exception {
        Set<String> ids = new HashSet<>();
        JetStreamSubscription subscription = nats.jetStream()
                .subscribe(
                        PREFIX + "profile.events.>",
                        PushSubscribeOptions.builder().stream(stream)
                                .ordered(true)
                                .build());
        for (Message message = subscription.nextMessage(Duration.ofSeconds(5));
                message != null;
                message = ids.size() < EVENTS ? subscription.nextMessage(Duration.ofSeconds(5)) : null) {
            ids.add(MAPPER.readTree(message.getData()).get("eventId").asText());
        }
        subscription.unsubscribe();
        return ids;
    }

    private static void deleteStreams(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        for (String stream : jsm.getStreamNames()) {
            if (stream.startsWith(STREAMS)) {
                jsm.deleteStream(stream);
            }
        }
    }
}

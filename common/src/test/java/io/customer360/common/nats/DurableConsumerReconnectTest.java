package io.customer360.common.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customer360.common.config.MeshConfig;
import io.customer360.common.testing.CuttableProxy;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A service's connection to NATS that goes silent (the server stops answering, the socket stays open: seen after a
 * NATS restart in ChaosIT) is noticed by the client's pings within seconds, and its durable consumers pull again on
 * the new connection: nothing published meanwhile is left waiting. Runs against the machine's real NATS
 * (127.0.0.1:4222, no authentication) behind a proxy that can go silent, with streams of its own prefix.
 */
class DurableConsumerReconnectTest {

    private static final String NATS = "127.0.0.1";
    private static final int NATS_PORT = 4222;

    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    private CuttableProxy proxy;
    private NatsClient client;
    private DurableConsumer consumer;

    @AfterEach
    void cleanUp() throws Exception {
        if (consumer != null) {
            consumer.close();
        }
        if (client != null) {
            client.connection().close();
        }
        if (proxy != null) {
            proxy.close();
        }
        try (Connection admin = Nats.connect("nats://" + NATS + ":" + NATS_PORT)) {
            JetStreamManagement jsm = admin.jetStreamManagement();
            for (String stream : jsm.getStreamNames()) {
                if (stream.startsWith(prefix + "_")) {
                    jsm.deleteStream(stream);
                }
            }
        }
    }

    @Test
    void aConnectionThatWentSilentIsReplacedAndConsumingResumes() throws Exception {
        proxy = new CuttableProxy(NATS, NATS_PORT);
        client = new NatsClient(config("nats://127.0.0.1:" + proxy.port()), "reconnect-test", tracing());
        Set<String> received = ConcurrentHashMap.newKeySet();
        consumer = DurableConsumer.bind(client, Topology.PROFILE_STATES, 10, message -> {
            received.add(new String(message.getData(), StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        });

        try (Connection publisher = Nats.connect("nats://" + NATS + ":" + NATS_PORT)) {
            String subject = prefix + ".customer360.state.acme.c1";
            publisher.jetStream().publish(subject, "before".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("before"));

            proxy.blackhole();
            publisher.jetStream().publish(subject, "while silent".getBytes(StandardCharsets.UTF_8));
            // jnats' default (a ping every 2 minutes, 2 unanswered) would leave it "connected" for 4-6 minutes
            await().atMost(NatsClient.PING_INTERVAL.multipliedBy(NatsClient.MAX_PINGS_OUT + 2))
                    .until(() -> client.connection().getStatus() != Connection.Status.CONNECTED);
            assertThat(received).doesNotContain("while silent");

            proxy.restore();
            publisher.jetStream().publish(subject, "after".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(received).contains("before", "while silent", "after"));
        }
    }

    private MeshConfig config(String servers) {
        MeshConfig.Nats nats = new MeshConfig.Nats() {
            @Override
            public String servers() {
                return servers;
            }

            @Override
            public Optional<String> subjectPrefix() {
                return Optional.of(prefix + ".");
            }

            @Override
            public Optional<String> streamPrefix() {
                return Optional.of(prefix + "_");
            }

            @Override
            public int streamReplicas() {
                return 1;
            }

            @Override
            public Optional<String> user() {
                return Optional.empty();
            }

            @Override
            public Optional<String> password() {
                return Optional.empty();
            }

            @Override
            public Optional<String> tlsCaFile() {
                return Optional.empty();
            }

            @Override
            public boolean provision() {
                return true;
            }
        };
        return new MeshConfig() {
            @Override
            public String tenantClaim() {
                return "org_id";
            }

            @Override
            public List<String> tenants() {
                return List.of("acme");
            }

            @Override
            public Nats nats() {
                return nats;
            }

            @Override
            public Map<String, StreamLimits> streams() {
                return Map.of();
            }
        };
    }

    private static NatsTracing tracing() {
        return new NatsTracing(OpenTelemetry.noop());
    }
}

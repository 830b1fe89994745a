package io.customer360.common.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * For tests of services that call profile-service: starts Quarkus' OIDC test server and the real, packaged
 * profile-service trusting it, on the test database and a test subject prefix, and points the service under test's
 * {@code profile} REST client at it. Seed data by publishing normalized events to {@link #SUBJECT_PREFIX}.
 */
public class ProfileServiceResource implements QuarkusTestResourceLifecycleManager {

    public static final String SUBJECT_PREFIX = "test.downstream.";
    private static final String STREAM_PREFIX = "TEST_DOWNSTREAM_";

    private final OidcWiremockTestResource oidc = new OidcWiremockTestResource();
    private ServiceProcess profile;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(oidc.start());
        profile = ServiceProcess.start(
                "profile-service",
                Map.of(
                        "quarkus.oidc.auth-server-url",
                        config.get("keycloak.url") + "/realms/quarkus/",
                        "quarkus.oidc.token.audience",
                        TestTokens.AUDIENCE,
                        "quarkus.datasource.reactive.url",
                        "postgresql://127.0.0.1:5432/c360_profile_test",
                        "mesh.nats.subject-prefix",
                        SUBJECT_PREFIX,
                        "mesh.nats.stream-prefix",
                        STREAM_PREFIX,
                        "mesh.nats.provision",
                        "true"),
                Duration.ofSeconds(60));
        config.put("quarkus.rest-client.profile.url", profile.baseUrl());
        return config;
    }

    /**
     * Publishes the seed's purchase (John Smith, 2024-12-14), normalized as ingest-service would, for {@code customerId}
     * of tenant acme to the profile-service under test. Callers wait until it shows through their own API.
     */
    public static void seedPurchase(String customerId) {
        String event = """
                {"eventId":"%1$s_p","tenant":"acme","customerId":"%1$s","email":"john.smith@example.com","eventType":"purchase",
                 "occurredAt":"2024-12-14T00:00:00Z","sourceService":"e-commerce-service",
                 "data":{"product_name":"Wireless Headphones Pro","total":299.99,"customer_name":"John Smith"},
                 "metadata":{},"summary":null,"autoCreate":true,"receivedAt":"2024-12-14T00:00:01Z"}""".formatted(customerId);
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            nats.jetStream()
                    .publish(
                            SUBJECT_PREFIX + "profile.events.acme." + customerId + ".purchase",
                            event.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Cannot publish to NATS", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (profile != null) {
            profile.close();
        }
        oidc.stop();
    }
}

package io.customer360.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
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
        profile = ServiceProcess.start("profile-service", Map.of(
                "quarkus.oidc.auth-server-url", config.get("keycloak.url") + "/realms/quarkus/",
                "quarkus.oidc.token.audience", TestTokens.AUDIENCE,
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/c360_profile_test",
                "mesh.nats.subject-prefix", SUBJECT_PREFIX,
                "mesh.nats.stream-prefix", STREAM_PREFIX), Duration.ofSeconds(60));
        config.put("quarkus.rest-client.profile.url", profile.baseUrl());
        return config;
    }

    @Override
    public void stop() {
        if (profile != null) {
            profile.close();
        }
        oidc.stop();
    }
}

package io.customer360.aggregator.testing;

import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.common.testing.ServiceProcess;
import io.customer360.common.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link ProfileServiceResource}'s packaged profile-service (same database, subjects and OIDC test server), configured
 * with the aggregator's test visibility rule ({@code restricted-commercial}), as a deployment configures both services
 * with the same {@code c360.visibility} keys: the data owner withholds too.
 */
public class VisibilityProfileResource implements QuarkusTestResourceLifecycleManager {

    private final OidcWiremockTestResource oidc = new OidcWiremockTestResource();
    private ServiceProcess profile;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(oidc.start());
        Map<String, String> profileConfig = new HashMap<>(Map.of(
                "quarkus.oidc.auth-server-url",
                config.get("keycloak.url") + "/realms/quarkus/",
                "quarkus.oidc.token.audience",
                TestTokens.AUDIENCE,
                "quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:5432/c360_profile_test",
                "mesh.nats.subject-prefix",
                ProfileServiceResource.SUBJECT_PREFIX,
                "mesh.nats.stream-prefix",
                "TEST_DOWNSTREAM_",
                "mesh.nats.provision",
                "true"));
        profileConfig.put("c360.visibility.restricted-commercial.segments", "restricted");
        profileConfig.put("c360.visibility.restricted-commercial.parts", "commercialSummary,salesPipeline");
        profileConfig.put("c360.visibility.restricted-commercial.roles", "billing.reader");
        profile = ServiceProcess.start("profile-service", profileConfig, Duration.ofSeconds(60));
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

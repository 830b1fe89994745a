package io.customer360.enrichment.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * For tests that fire a burst of enrichments on a machine of two cores: profile-service lookups get generous
 * timeouts (and providers, through ProviderStubs' initArgs {@code timeout} and {@code breaker-volume}, timeouts and a
 * breaker that a slow burst cannot open), so every answer is what the providers and the quota make of it.
 */
public class BurstTolerant implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.rest-client.profile.connect-timeout",
                "30000",
                "quarkus.rest-client.profile.read-timeout",
                "30000");
    }
}

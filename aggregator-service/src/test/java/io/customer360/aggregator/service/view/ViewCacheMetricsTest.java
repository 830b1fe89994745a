package io.customer360.aggregator.service.view;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.common.testing.ScrapedMetrics;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The 360 view cache's hit ratio as docs/metrics.md charts it ({@code aggregator_view_cache_total{outcome}}): a view
 * served from Redis is a hit and calls no provider; once its entry is gone the next view is a miss, built with one call
 * per provider ({@code aggregator_provider_seconds_count}). No enrichment-service runs here, so every view is partial;
 * the partial TTL is stretched so the cached one is still there when read.
 */
@QuarkusTest
@TestProfile(ViewCacheMetricsTest.CacheOn.class)
@WithTestResource(ProfileServiceResource.class)
class ViewCacheMetricsTest {

    private static final String CACHE = "aggregator_view_cache_total";
    private static final String PROVIDER_CALLS = "aggregator_provider_seconds_count";

    public static class CacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "aggregator.cache.enabled",
                    "true",
                    "aggregator.cache.ttl",
                    "5m",
                    "aggregator.cache.partial-ttl",
                    "5m");
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void aCachedViewIsAHitWithoutProviderCallsAndAnEvictedOneAMiss() {
        String customer = "cachehit_" + UUID.randomUUID().toString().substring(0, 8);
        ProfileServiceResource.seedPurchase(customer);
        await().atMost(Duration.ofSeconds(20)).until(() -> view(customer) == 200);

        // the seed's profile.changed may still drop the first cached copy: read until a view comes from the cache
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ScrapedMetrics before = scrape();
            assertThat(view(customer)).isEqualTo(200);
            ScrapedMetrics after = scrape();
            assertThat(delta(before, after, CACHE, "outcome", "hit")).isEqualTo(1);
            assertThat(delta(before, after, CACHE, "outcome", "miss")).isZero();
            assertThat(delta(before, after, PROVIDER_CALLS, "provider", "enrichment"))
                    .isZero();
        });
        ScrapedMetrics afterHit = scrape();

        redis.key().del("test:agg:view:acme:" + customer);
        assertThat(view(customer)).isEqualTo(200);
        ScrapedMetrics afterMiss = scrape();
        assertThat(delta(afterHit, afterMiss, CACHE, "outcome", "miss")).isEqualTo(1);
        assertThat(delta(afterHit, afterMiss, CACHE, "outcome", "hit")).isZero();
        // the built view asked enrichment-service once, which is not running: a failure, not a success
        assertThat(delta(afterHit, afterMiss, PROVIDER_CALLS, "provider", "enrichment"))
                .isEqualTo(1);
        assertThat(delta(afterHit, afterMiss, PROVIDER_CALLS, "provider", "enrichment", "outcome", "ok"))
                .isZero();
    }

    private static int view(String customer) {
        return given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer)
                .statusCode();
    }

    private static double delta(ScrapedMetrics before, ScrapedMetrics after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static ScrapedMetrics scrape() {
        return ScrapedMetrics.parse(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}

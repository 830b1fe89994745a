package io.customer360.aggregator.service.view;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.common.testing.ScrapedMetrics;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A cached view is served as the bytes the view built for the same caller was answered with (same JSON, same
 * {@code generatedAt}, same content type), and the visibility class of the caller still decides which cached view it
 * gets: a viewer without c360.sensitive is never answered the copy cached for a caller with it, on a hit as on a miss.
 */
@QuarkusTest
@TestProfile(ViewCacheMetricsTest.CacheOn.class)
@WithTestResource(ProfileServiceResource.class)
class CachedViewBytesTest {

    private static final String SECRET = "Thinking about leaving for a competitor";
    private static final String CACHE = "aggregator_view_cache_total";

    private final String viewer = token(ACME, Roles.VIEWER);
    private final String reader = token(ACME, Roles.VIEWER, Roles.SENSITIVE);

    @Inject
    RedisDataSource redis;

    @Test
    void aHitAnswersTheBytesOfTheBuiltViewForTheSameVisibilityOnly() throws Exception {
        String customer = "cachedbytes_" + UUID.randomUUID().toString().substring(0, 8);
        try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
            seed.event("profile_update", Duration.ofDays(10), Map.of("customer_name", "Bytewise"));
            seed.event(
                    "note",
                    Duration.ofDays(1),
                    Map.of("note_id", "n-s", "title", "Churn", "content", SECRET, "sensitive", true));
        }
        // profile-service has the note (the views below drop any entry cached before it arrived)
        await().atMost(Duration.ofSeconds(20))
                .until(() -> given().auth()
                        .oauth2(reader)
                        .baseUri(ConfigProvider.getConfig().getValue("quarkus.rest-client.profile.url", String.class))
                        .get("/api/v1/customers/" + customer + "/notes")
                        .asString()
                        .contains(SECRET));

        // the reader first: its view (with the note) is built and cached, then served from the cache as it was built
        String readerView = builtThenHit(reader, customer);
        assertThat(readerView).contains(SECRET);

        // the viewer's first read after that is not the reader's copy: its own build, redacted, then its own hit
        String viewerView = builtThenHit(viewer, customer, false);
        assertThat(viewerView).doesNotContain(SECRET).contains("\"redacted\":true");
        // both stay in the cache side by side, each served to its own visibility class
        assertThat(get(reader, customer).asString()).isEqualTo(readerView);
        assertThat(get(viewer, customer).asString()).isEqualTo(viewerView);
    }

    private String builtThenHit(String caller, String customer) {
        return builtThenHit(caller, customer, true);
    }

    /**
     * The view built for {@code caller} (a miss, its entry dropped first when {@code drop}) and the next read of it,
     * which must be a hit with the same bytes; retried while the seed's own profile.changed may still drop the entry.
     */
    private String builtThenHit(String caller, String customer, boolean drop) {
        String[] built = new String[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            if (drop || built[0] != null) {
                redis.key().del("test:agg:view:acme:" + customer);
            }
            ScrapedMetrics before = scrape();
            Response miss = get(caller, customer);
            ScrapedMetrics between = scrape();
            Response hit = get(caller, customer);
            ScrapedMetrics after = scrape();
            built[0] = miss.asString();
            assertThat(delta(before, between, "miss")).isEqualTo(1);
            assertThat(delta(between, after, "hit")).isEqualTo(1);
            assertThat(hit.contentType()).isEqualTo(miss.contentType()).startsWith("application/json");
            assertThat(hit.asByteArray()).isEqualTo(miss.asByteArray());
        });
        return built[0];
    }

    private static Response get(String caller, String customer) {
        Response response = given().auth().oauth2(caller).get("/api/v1/customer-360/" + customer);
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    private static double delta(ScrapedMetrics before, ScrapedMetrics after, String outcome) {
        return after.sum(CACHE, "outcome", outcome) - before.sum(CACHE, "outcome", outcome);
    }

    private static ScrapedMetrics scrape() {
        return ScrapedMetrics.parse(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}

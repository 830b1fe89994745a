package io.customer360.profile.api.nats;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.profile.ProfileEvents.publish;
import static io.customer360.profile.ProfileEvents.seedPurchase;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customer360.common.nats.NatsClient;
import io.customer360.common.testing.ScrapedMetrics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The apply path's series of docs/metrics.md: an event applied counts once as applied and once in the apply lag,
 * measured from ingest-service's receipt ({@code receivedAt}), and its redelivery counts as a duplicate without
 * adding to the lag; every batch is timed.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class ApplyMetricsTest {

    private static final String PREFIX = "test.profile.";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String EVENTS = "profile_events_total";
    private static final String LAG_COUNT = "profile_apply_lag_seconds_count";

    @Inject
    NatsClient nats;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anAppliedEventCountsOnceWithItsLagSinceReceiptAndItsRedeliveryAsADuplicate() {
        Map<String, Object> event = new HashMap<>(seedPurchase(ACME, "lag_" + run, "lag_" + run));
        // received an hour ago by ingest-service (a backlog): the lag it waited is at least that
        event.put("receivedAt", Instant.now().minus(Duration.ofHours(1)).toString());
        ScrapedMetrics before = scrape();

        publish(nats, PREFIX, event, "lag_" + run);

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(delta(before, scrape(), EVENTS, "outcome", "applied"))
                        .isEqualTo(1));
        ScrapedMetrics applied = scrape();
        assertThat(delta(before, applied, LAG_COUNT)).isEqualTo(1);
        assertThat(delta(before, applied, "profile_apply_lag_seconds_sum")).isGreaterThanOrEqualTo(3600);
        assertThat(delta(before, applied, "profile_apply_batch_seconds_count")).isGreaterThanOrEqualTo(1);

        // the same event again under another message id (a partner's retry through a replay, say)
        publish(nats, PREFIX, event, "lag_" + run + "_again");

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(delta(applied, scrape(), EVENTS, "outcome", "duplicate"))
                        .isEqualTo(1));
        ScrapedMetrics redelivered = scrape();
        assertThat(delta(applied, redelivered, EVENTS, "outcome", "applied")).isZero();
        assertThat(delta(applied, redelivered, LAG_COUNT)).isZero();
    }

    private static double delta(ScrapedMetrics before, ScrapedMetrics after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static ScrapedMetrics scrape() {
        return ScrapedMetrics.parse(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
    }
}

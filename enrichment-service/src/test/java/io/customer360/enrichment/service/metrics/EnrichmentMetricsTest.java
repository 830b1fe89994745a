package io.customer360.enrichment.service.metrics;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.enrichment.testing.ProviderResponses.clearbitFind;
import static io.customer360.enrichment.testing.ProviderResponses.clearbitMatch;
import static io.customer360.enrichment.testing.ProviderResponses.openCorporatesMatch;
import static io.customer360.enrichment.testing.ProviderResponses.openCorporatesSearch;
import static io.customer360.enrichment.testing.ProviderResponses.pdlEnrich;
import static io.customer360.enrichment.testing.ProviderResponses.pdlMatch;
import static io.customer360.enrichment.testing.ProviderResponses.placesMatch;
import static io.customer360.enrichment.testing.ProviderResponses.placesSearch;
import static io.customer360.enrichment.testing.ProviderResponses.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.common.testing.ScrapedMetrics;
import io.customer360.enrichment.testing.Customers;
import io.customer360.enrichment.testing.Ledgers;
import io.customer360.enrichment.testing.ProviderStubs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The series of docs/metrics.md move by exactly what one enrichment did, under the names the PrometheusRule reads:
 * a failing provider is a failure with its reason and the next provider a match, a timeout is a timeout (and SmallRye
 * FT's own series are exported), the hot cache counts hits and misses by tier, and a spent quota is a denial with the
 * tenant's usage and limit as gauges.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(ProviderStubs.class)
class EnrichmentMetricsTest {

    private static final String CALLS = "c360_enrichment_provider_calls_seconds_count";
    private static final String FAILURES = "c360_enrichment_provider_failures_total";
    private static final String DECISIONS = "c360_enrichment_quota_decisions_total";

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    private String customer;

    @BeforeEach
    void freshProvidersAndMonth() {
        ProviderStubs.resetAll();
        breakers.resetAll();
        Ledgers.clear(pool, ACME);
        customer = Customers.seeded();
        ProviderStubs.server("google-places").stubFor(placesSearch().willReturn(placesMatch()));
        ProviderStubs.server("opencorporates").stubFor(openCorporatesSearch().willReturn(openCorporatesMatch()));
    }

    @Test
    void aFailingProviderIsAFailureWithItsReasonAndTheNextOneAMatch() {
        ProviderStubs.server("people-data-labs").stubFor(pdlEnrich().willReturn(status(500)));
        ProviderStubs.server("clearbit").stubFor(clearbitFind().willReturn(clearbitMatch()));
        ScrapedMetrics before = scrape();

        editor().post(path()).then().statusCode(200);

        ScrapedMetrics after = scrape();
        assertThat(delta(before, after, CALLS, "provider", "people-data-labs", "outcome", "failed"))
                .isEqualTo(1);
        assertThat(delta(before, after, FAILURES, "provider", "people-data-labs", "reason", "http_5xx"))
                .isEqualTo(1);
        assertThat(delta(before, after, CALLS, "provider", "clearbit", "outcome", "matched"))
                .isEqualTo(1);
        assertThat(delta(before, after, CALLS, "provider", "clearbit", "outcome", "failed"))
                .isZero();
        assertThat(delta(before, after, "c360_enrichment_enrichments_total", "tier", "free", "outcome", "enriched"))
                .isEqualTo(1);
        assertThat(delta(before, after, DECISIONS, "tenant", ACME, "decision", "granted"))
                .isEqualTo(1);
        // the month's usage as the quota endpoint shows it: one enrichment charged since the month was cleared
        assertThat(after.sum("c360_enrichment_quota_used", "tenant", ACME)).isEqualTo(1);
        assertThat(after.sum("c360_enrichment_quota_limit", "tenant", ACME)).isEqualTo(50);
        // three attempts of People Data Labs (one call, two retries) failed: its breaker saw them and stays closed
        assertThat(after.sum(
                        "ft_circuitbreaker_state_current", "method", "provider people-data-labs", "state", "closed"))
                .isEqualTo(1);
        assertThat(delta(before, after, "ft_retry_retries_total", "method", "provider people-data-labs"))
                .isEqualTo(2);
        // the rate limit's series are exported under one tag set (FaultToleranceMeters)
        assertThat(after.has("ft_ratelimit_calls_total", "method", "provider clearbit", "rateLimitResult", "permitted"))
                .isTrue();
    }

    @Test
    void aProviderThatTimesOutIsATimeout() {
        ProviderStubs.server("people-data-labs")
                .stubFor(pdlEnrich().willReturn(pdlMatch().withFixedDelay(1500)));
        ProviderStubs.server("clearbit").stubFor(clearbitFind().willReturn(clearbitMatch()));
        ScrapedMetrics before = scrape();

        editor().post(path()).then().statusCode(200);

        ScrapedMetrics after = scrape();
        assertThat(delta(before, after, FAILURES, "provider", "people-data-labs", "reason", "timeout"))
                .isEqualTo(1);
        assertThat(delta(
                        before,
                        after,
                        "ft_timeout_calls_total",
                        "method",
                        "provider people-data-labs",
                        "timedOut",
                        "true"))
                .isEqualTo(3);
    }

    @Test
    void theHotCacheCountsHitsAndMissesByTier() {
        ProviderStubs.server("people-data-labs").stubFor(pdlEnrich().willReturn(pdlMatch()));
        editor().post(path()).then().statusCode(200);
        String neverEnriched = Customers.seeded();
        ScrapedMetrics before = scrape();

        viewer().get(path()).then().statusCode(200);
        viewer().get("/api/v1/enrichment/customers/" + neverEnriched).then().statusCode(200);

        ScrapedMetrics after = scrape();
        assertThat(delta(before, after, "c360_enrichment_cache_total", "tier", "free", "outcome", "hit"))
                .isEqualTo(1);
        assertThat(delta(before, after, "c360_enrichment_cache_total", "tier", "free", "outcome", "miss"))
                .isEqualTo(1);
    }

    @Test
    void aSpentQuotaIsADenialAndItsUsageAGauge() {
        pool.preparedQuery(
                        "INSERT INTO enrichment_quota (tenant, month, tier, used, quota_limit) VALUES ($1, $2, 'free', 50, 50)")
                .execute(Tuple.of(ACME, YearMonth.now(ZoneOffset.UTC).atDay(1)))
                .await()
                .indefinitely();
        ScrapedMetrics before = scrape();

        editor().post(path()).then().statusCode(429);

        ScrapedMetrics after = scrape();
        assertThat(delta(before, after, DECISIONS, "tenant", ACME, "decision", "denied"))
                .isEqualTo(1);
        assertThat(delta(before, after, DECISIONS, "tenant", ACME, "decision", "granted"))
                .isZero();
        assertThat(after.sum("c360_enrichment_quota_used", "tenant", ACME)).isEqualTo(50);
        assertThat(after.sum("c360_enrichment_quota_limit", "tenant", ACME)).isEqualTo(50);
        assertThat(ProviderStubs.server("people-data-labs").getAllServeEvents()).isEmpty();
    }

    private static double delta(ScrapedMetrics before, ScrapedMetrics after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static ScrapedMetrics scrape() {
        return ScrapedMetrics.parse(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private String path() {
        return "/api/v1/enrichment/customers/" + customer;
    }

    private static RequestSpecification viewer() {
        return given().auth().oauth2(token(ACME, Roles.VIEWER));
    }

    private static RequestSpecification editor() {
        return given().auth().oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR)).contentType(ContentType.JSON);
    }
}

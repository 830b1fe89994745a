package io.customer360.enrichment.service.quota;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.enrichment.testing.ProviderResponses.pdlEnrich;
import static io.customer360.enrichment.testing.ProviderResponses.pdlMatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.enrichment.domain.Tier;
import io.customer360.enrichment.testing.BurstTolerant;
import io.customer360.enrichment.testing.Customers;
import io.customer360.enrichment.testing.Ledgers;
import io.customer360.enrichment.testing.ProviderStubs;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monthly quota is exact under concurrency: 200 concurrent enrichments against a limit of 50 give exactly 50
 * successes and 150 problems 429 with the reset time; and two service instances (two independent connection pools on
 * the same ledger) together grant exactly the limit.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(
        value = ProviderStubs.class,
        initArgs = {@ResourceArg(name = "timeout", value = "10s"), @ResourceArg(name = "breaker-volume", value = "1000")
        })
@TestProfile(BurstTolerant.class)
class QuotaExactnessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI service;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void freshMonth() {
        ProviderStubs.resetAll();
        breakers.resetAll();
        Ledgers.clear(pool, ACME);
    }

    @Test
    void twoHundredConcurrentEnrichmentsAgainstFiftyGiveExactlyFiftySuccesses() throws Exception {
        String customer = Customers.seeded();
        ProviderStubs.server("people-data-labs").stubFor(pdlEnrich().willReturn(pdlMatch()));
        HttpClient http = HttpClient.newHttpClient();
        String bearer = "Bearer " + token(ACME, Roles.VIEWER, Roles.EDITOR);
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 200)
                .mapToObj(i -> http.sendAsync(
                        HttpRequest.newBuilder(service.resolve("/api/v1/enrichment/customers/" + customer + "/refresh"))
                                .header("Authorization", bearer)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            answers.add(call.get());
        }

        // on a loaded machine a provider call can pass its timeout: that answer is a degraded 200, not charged, and
        // its slot is given back; exactness is about charged enrichments, so those are what is counted
        List<HttpResponse<String>> charged = answers.stream()
                .filter(answer -> answer.statusCode() == 200 && charged(answer))
                .toList();
        List<HttpResponse<String>> refused =
                answers.stream().filter(answer -> answer.statusCode() == 429).toList();
        assertThat(answers)
                .as("every answer is a charged enrichment, a 429, or a degraded enrichment that was not charged")
                .allSatisfy(answer -> assertThat(answer.statusCode() == 429
                                || (answer.statusCode() == 200 && (charged(answer) || degraded(answer))))
                        .as(answer.statusCode() + " " + answer.body())
                        .isTrue());
        assertThat(charged).as("charged enrichments").hasSize(50);
        long degraded = answers.stream()
                .filter(answer -> answer.statusCode() == 200 && degraded(answer))
                .count();
        assertThat(refused).as("refused for the quota").hasSize((int) (200 - 50 - degraded));
        JsonNode problem = JSON.readTree(refused.get(0).body());
        assertThat(refused.get(0).headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.get(0).headers().firstValue("Retry-After")).isPresent();
        assertThat(problem.path("type").asText())
                .isEqualTo("https://customer360.io/problems/enrichment-quota-exceeded");
        assertThat(problem.path("limit").asInt()).isEqualTo(50);
        assertThat(problem.path("resetAt").asText())
                .isEqualTo(YearMonth.now(java.time.ZoneOffset.UTC).plusMonths(1).atDay(1) + "T00:00:00Z");
        assertThat(ProviderStubs.server("people-data-labs").getAllServeEvents()).hasSizeGreaterThanOrEqualTo(50);
        assertThat(pool.query("SELECT used FROM enrichment_quota WHERE tenant = 'acme'")
                        .execute()
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getInteger("used"))
                .isEqualTo(50);
    }

    private static boolean charged(HttpResponse<String> answer) {
        return read(answer).path("charged").asBoolean(false);
    }

    private static boolean degraded(HttpResponse<String> answer) {
        JsonNode body = read(answer);
        return !body.path("charged").asBoolean(true) && !body.path("degraded").isEmpty();
    }

    private static JsonNode read(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON: " + answer.body(), e);
        }
    }

    @Test
    void twoInstancesTogetherNeverPassTheLimit() {
        String tenant = "quota-" + UUID.randomUUID().toString().substring(0, 8);
        YearMonth month = YearMonth.now();
        Pool first = newPool();
        Pool second = newPool();
        try {
            QuotaLedger one = new QuotaLedger(first);
            QuotaLedger other = new QuotaLedger(second);
            List<Uni<QuotaState>> attempts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                attempts.add(one.reserve(tenant, month, Tier.FREE));
                attempts.add(other.reserve(tenant, month, Tier.FREE));
            }
            List<QuotaState> states =
                    Uni.join().all(attempts).andFailFast().await().indefinitely();

            assertThat(states.stream().filter(QuotaState::granted)).hasSize(50);
            assertThat(one.current(tenant, month, Tier.FREE)
                            .await()
                            .indefinitely()
                            .used())
                    .isEqualTo(50);
            one.release(tenant, month).await().indefinitely();
            assertThat(other.reserve(tenant, month, Tier.FREE)
                            .await()
                            .indefinitely()
                            .granted())
                    .isTrue();
            assertThat(other.reserve(tenant, month, Tier.FREE)
                            .await()
                            .indefinitely()
                            .granted())
                    .isFalse();
        } finally {
            first.close().await().indefinitely();
            second.close().await().indefinitely();
            Ledgers.clear(pool, tenant);
        }
    }

    private Pool newPool() {
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(10))
                .connectingTo(new PgConnectOptions()
                        .setHost("127.0.0.1")
                        .setPort(5432)
                        .setDatabase("c360_enrichment_test")
                        .setUser("postgres"))
                .using(vertx)
                .build();
    }
}

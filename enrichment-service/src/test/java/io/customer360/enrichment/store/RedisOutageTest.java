package io.customer360.enrichment.store;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.enrichment.testing.ProviderResponses.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.customer360.common.auth.Roles;
import io.customer360.common.testing.CuttableProxy;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.common.testing.RedisProxyResource;
import io.customer360.enrichment.testing.Customers;
import io.customer360.enrichment.testing.EnrichmentRedisProxy;
import io.customer360.enrichment.testing.Ledgers;
import io.customer360.enrichment.testing.ProviderStubs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis cut off for real (a proxy in front of the machine's Redis, {@link CuttableProxy}): the service stays ready,
 * answers stored enrichment from PostgreSQL, enforces the quota exactly from the PostgreSQL ledger, never serves the
 * entry Redis kept from before a refresh it could not replace, and takes Redis back into use when it answers again.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(ProviderStubs.class)
@WithTestResource(EnrichmentRedisProxy.class)
class RedisOutageTest {

    private static final String NEW_JOB_TITLE = "chief listening officer";

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    CircuitBreakerMaintenance breakers;

    private String customer;
    private Redis direct;
    private RedisAPI redis;

    @BeforeEach
    void enrichedCustomerWithRedisUp() {
        proxy().restore();
        direct = Redis.createClient(vertx, "redis://127.0.0.1:6379/14");
        redis = RedisAPI.api(direct);
        ProviderStubs.resetAll();
        breakers.resetAll();
        Ledgers.clear(pool, ACME);
        customer = Customers.seeded();
        ProviderStubs.server("people-data-labs").stubFor(pdlEnrich().willReturn(pdlMatch()));
        editor().post(path())
                .then()
                .statusCode(200)
                .body("charged", equalTo(true))
                .body("person.jobTitle", equalTo("head of audio engineering"));
        // cached in Redis through the proxy
        assertThat(cached()).isTrue();
    }

    @AfterEach
    void redisBack() {
        proxy().restore();
        direct.close();
    }

    @Test
    void refusedRedisKeepsTheServiceReadyAndServesFromPostgresql() {
        proxy().refuse();

        ready();
        viewer().get(path())
                .then()
                .statusCode(200)
                .body("person.jobTitle", equalTo("head of audio engineering"))
                .body("person.company", equalTo("acme audio"));

        // a refresh while Redis is cut off cannot replace the cached entry, which Redis still holds
        ProviderStubs.server("people-data-labs")
                .stubFor(pdlEnrich().willReturn(pdlMatch().withBody(pdlBodyWithJobTitle(NEW_JOB_TITLE))));
        editor().post(path() + "/refresh")
                .then()
                .statusCode(200)
                .body("charged", equalTo(true))
                .body("person.jobTitle", equalTo(NEW_JOB_TITLE));
        viewer().get(path()).then().statusCode(200).body("person.jobTitle", equalTo(NEW_JOB_TITLE));
        assertThat(cached()).isTrue();

        proxy().restore();
        // never the entry from before the refresh: the key was unsettled, and is deleted once Redis answers
        viewer().get(path()).then().statusCode(200).body("person.jobTitle", equalTo(NEW_JOB_TITLE));
        // Redis in use again: a read puts the current enrichment back, and it is what the cache serves
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            viewer().get(path()).then().statusCode(200).body("person.jobTitle", equalTo(NEW_JOB_TITLE));
            assertThat(cached()).isTrue();
        });
        viewer().get(path()).then().statusCode(200).body("person.jobTitle", equalTo(NEW_JOB_TITLE));
        ready();
    }

    @Test
    void silentRedisTimesOutAndTheQuotaStaysExact() {
        // one enrichment left this month: the ledger says 49 of 50 (the Redis mirror, now unreachable, says 1)
        pool.preparedQuery("UPDATE enrichment_quota SET used = 49, version = version + 1 WHERE tenant = $1")
                .execute(Tuple.of(ACME))
                .await()
                .indefinitely();
        proxy().blackhole();

        ready();
        viewer().get(path()).then().statusCode(200).body("person.jobTitle", equalTo("head of audio engineering"));
        editor().post(path() + "/refresh").then().statusCode(200).body("charged", equalTo(true));
        editor().post(path() + "/refresh").then().statusCode(429);
        viewer().get("/api/v1/enrichment/quota")
                .then()
                .statusCode(200)
                .body("current", equalTo(50))
                .body("limit", equalTo(50))
                .body("canEnrich", equalTo(false));

        proxy().restore();
        // Redis back: still exactly the ledger's answer
        editor().post(path() + "/refresh").then().statusCode(429);
        viewer().get("/api/v1/enrichment/quota").then().statusCode(200).body("current", equalTo(50));
        ready();
    }

    private void ready() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private boolean cached() {
        return redis.exists(List.of("test-enrichment:customer:acme:" + customer))
                        .await()
                        .atMost(Duration.ofSeconds(5))
                        .toInteger()
                == 1;
    }

    private static String pdlBodyWithJobTitle(String jobTitle) {
        return """
                {"status": 200, "likelihood": 9, "data": {
                  "id": "qEnOZ5Oh0poWnQ1luFBfVw_0000", "full_name": "john smith", "first_name": "john",
                  "job_title": "%s", "job_company_name": "acme audio", "industry": "consumer electronics",
                  "location_name": "denver, colorado, united states", "linkedin_url": "linkedin.com/in/johnsmith-audio",
                  "twitter_url": "twitter.com/johnsmith_audio", "facebook_url": null, "github_url": null}}""".formatted(jobTitle);
    }

    private static CuttableProxy proxy() {
        return RedisProxyResource.proxy();
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

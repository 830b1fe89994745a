package io.customer360.aggregator.service.view;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.customer360.aggregator.store.ViewCache;
import io.customer360.aggregator.testing.AggregatorRedisProxy;
import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.common.auth.Roles;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.common.testing.CuttableProxy;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.common.testing.RedisProxyResource;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Redis cut off for real (a proxy in front of the machine's Redis, {@link CuttableProxy}): aggregator stays ready and
 * builds every view without the cache; a change it could not invalidate in Redis never brings the old cached view back
 * when Redis returns; and the cache is used again once Redis answers.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(AggregatorRedisProxy.class)
class RedisOutageViewTest {

    @Inject
    NatsClient natsClient;

    @Inject
    ViewCache cache;

    @Inject
    Vertx vertx;

    @AfterEach
    void redisBack() {
        proxy().restore();
    }

    @Test
    void viewsAreBuiltWithoutRedisAndTheOldCachedViewNeverComesBack() throws Exception {
        String customer = "redis_" + UUID.randomUUID().toString().substring(0, 8);
        try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
            seed.event(
                    "subscription_created",
                    Duration.ofDays(100),
                    Map.of(
                            "plan",
                            "Pro",
                            "arr",
                            24000,
                            "seats_total",
                            20,
                            "seats_used",
                            10,
                            "renewal_date",
                            seed.date(300)));
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> view(customer).extract().statusCode() == 200
                        && Integer.valueOf(24000)
                                .equals(view(customer).extract().path("commercialSummary.arr")));
        // cached: the same build answers twice
        String cachedAt = generatedAt(customer);
        assertThat(generatedAt(customer)).isEqualTo(cachedAt);

        proxy().refuse();
        ready();
        // built anew, as the cache cannot be read, and still the customer's view
        view(customer)
                .statusCode(200)
                .body("accountId", equalTo(customer))
                .body("commercialSummary.arr", equalTo(24000));
        assertThat(generatedAt(customer)).isNotEqualTo(cachedAt);

        // the customer changes while Redis is cut off: its invalidation fails (and is redelivered later)
        try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
            seed.event("subscription_updated", Duration.ofHours(1), Map.of("arr", 96000, "seats_total", 80));
        }
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> Integer.valueOf(96000)
                            .equals(view(customer).extract().path("commercialSummary.arr")));
            attempted(
                    Topology.AGGREGATOR_VIEW_INVALIDATION,
                    nats.jetStream()
                            .publish(
                                    "test.aggregator.profile.changed.acme." + customer,
                                    "{}".getBytes(StandardCharsets.UTF_8)));
        }
        view(customer).statusCode(200).body("commercialSummary.arr", equalTo(96000));

        proxy().restore();
        // Redis may still hold the view with the old ARR (until the redelivered invalidation drops it): never served.
        // This races with that redelivery (0.5 s, 1 s, 2 s... after each failure), so the distrust itself is proven by
        // aCustomerWhoseInvalidationFailedIsNotReadFromRedisWhenItReturns, without NATS.
        view(customer).statusCode(200).body("commercialSummary.arr", equalTo(96000));
        // and the cache is in use again: once the redelivered invalidation went through, a build is kept and served
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String first = generatedAt(customer);
            return first.equals(generatedAt(customer));
        });
        view(customer).statusCode(200).body("commercialSummary.arr", equalTo(96000));
        ready();
    }

    @Test
    void silentRedisTimesOutAndTheViewIsBuilt() {
        String customer = "silent_" + UUID.randomUUID().toString().substring(0, 8);
        ProfileServiceResource.seedPurchase(customer);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> view(customer).extract().statusCode() == 200);

        proxy().blackhole();
        ready();
        view(customer).statusCode(200).body("accountId", equalTo(customer));
        view(customer).statusCode(200).body("accountId", equalTo(customer));
    }

    @Test
    void aCustomerWhoseInvalidationFailedIsNotReadFromRedisWhenItReturns() {
        String stale = "stale_" + UUID.randomUUID().toString().substring(0, 8);
        String other = "other_" + UUID.randomUUID().toString().substring(0, 8);
        put(stale, "{\"arr\":24000}");
        assertThat(cache.get("acme", stale, "v").await().indefinitely().hit()).isNotNull();

        proxy().refuse();
        assertThatThrownBy(() -> cache.invalidate("acme", stale).await().indefinitely());
        proxy().restore();
        // Redis in use again (after the guard's pause), and it still holds the view the invalidation should have
        // dropped
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            put(other, "{}");
            return cache.get("acme", other, "v").await().indefinitely().hit() != null;
        });
        Redis direct = Redis.createClient(vertx, "redis://127.0.0.1:6379/13");
        try {
            assertThat(RedisAPI.api(direct)
                            .exists(List.of("test:agg:view:acme:" + stale))
                            .await()
                            .indefinitely()
                            .toInteger())
                    .isEqualTo(1);
        } finally {
            direct.close();
        }
        assertThat(cache.get("acme", stale, "v").await().indefinitely().hit()).isNull();

        // an invalidation that goes through settles the customer: its next view is cached and read again
        cache.invalidate("acme", stale).await().indefinitely();
        put(stale, "{\"arr\":96000}");
        assertThat(cache.get("acme", stale, "v").await().indefinitely().hit().json())
                .isEqualTo("{\"arr\":96000}");
    }

    /** Caches a view as a build would: at the generation its read saw. */
    private void put(String customer, String json) {
        String generation =
                cache.get("acme", customer, "v").await().indefinitely().generation();
        cache.put("acme", customer, generation, "v", json, null, false).await().indefinitely();
    }

    /** Waits until the durable consumer has been handed the message (and so tried to invalidate). */
    private void attempted(Topology.ConsumerSpec durable, PublishAck published) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> natsClient
                                .management()
                                .getConsumerInfo(natsClient.name(durable.stream()), natsClient.name(durable.durable()))
                                .getDelivered()
                                .getStreamSequence()
                        >= published.getSeqno());
    }

    private static void ready() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static String generatedAt(String customer) {
        return view(customer).statusCode(200).extract().path("generatedAt");
    }

    private static ValidatableResponse view(String customer) {
        return given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer)
                .then();
    }

    private static CuttableProxy proxy() {
        return RedisProxyResource.proxy();
    }
}

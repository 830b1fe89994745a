package io.customer360.aggregator.messaging;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.common.auth.Roles;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.common.testing.ProfileServiceResource;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * With the Redis cache on: a change of exit state is published with its skill trigger, which the view then lists under
 * {@code recentTriggers}; a cached view is served until
 * {@code profile.changed}, {@code enrichment.updated} or {@code customer.erased} invalidates it; erasure also forgets
 * the aggregator's history, actions and state, and purges its states and triggers from CUSTOMER360. Messages whose body
 * names another tenant or customer than their subject, and wildcard subjects, invalidate and erase nothing.
 */
@QuarkusTest
@TestProfile(StateAndCacheTest.CacheOn.class)
@WithTestResource(ProfileServiceResource.class)
class StateAndCacheTest {

    private static final String PREFIX = "test.aggregator.";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static class CacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "aggregator.cache.enabled",
                    "true",
                    "aggregator.cache.ttl",
                    "5m",
                    "aggregator.cache.partial-ttl",
                    "3s");
        }
    }

    @Inject
    Pool pool;

    @Inject
    NatsClient natsClient;

    private String generatedAt(String customer) {
        return given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer)
                .then()
                .statusCode(200)
                .extract()
                .path("generatedAt");
    }

    private static PublishAck publish(Connection nats, String subject, String body) throws Exception {
        return nats.jetStream().publish(PREFIX + subject, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until the durable has acked everything up to and including this message. */
    private void handled(Topology.ConsumerSpec durable, PublishAck published) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> natsClient
                                .management()
                                .getConsumerInfo(natsClient.name(durable.stream()), natsClient.name(durable.durable()))
                                .getAckFloor()
                                .getStreamSequence()
                        >= published.getSeqno());
    }

    /** Whether stream CUSTOMER360 holds a message on this (contract) subject. */
    private boolean held(String subject) throws Exception {
        try {
            natsClient.management().getLastMessage(natsClient.name(Topology.CUSTOMER360), natsClient.subject(subject));
            return true;
        } catch (JetStreamApiException e) {
            return false;
        }
    }

    private long rows(String table, String customer) {
        return pool.preparedQuery("SELECT count(*) FROM " + table + " WHERE customer_id = $1")
                .execute(Tuple.of(customer))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    void anUnknownIdIsAnswered404FromTheCacheUntilTheCustomerAppears() {
        // issue 20: a 404 of an id profile-service does not know is remembered, so repeating it costs no call there;
        // the customer's first event (profile.changed) ends that, long before the 5-minute TTL would
        String customer = "absent_" + UUID.randomUUID().toString().substring(0, 8);
        String first = notFound(customer);
        long sectionsCalls = profileSectionsCalls();
        String again = notFound(customer);
        assertThat(again).isEqualTo(first);
        assertThat(profileSectionsCalls()).isEqualTo(sectionsCalls);
        // both 404s are audited, the one answered from the cache too
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(pool.preparedQuery(
                                        "SELECT status FROM access_audit WHERE tenant = 'acme' AND customer_id = $1")
                                .execute(Tuple.of(customer))
                                .await()
                                .indefinitely())
                        .extracting(row -> row.getInteger("status"))
                        .containsExactly(404, 404));
        // another tenant's cache entry is its own: globex asking the same id is not answered from acme's memory
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer)
                .then()
                .statusCode(404);
        assertThat(profileSectionsCalls()).isEqualTo(sectionsCalls + 1);
        // profile-service learns the customer; until the aggregator hears of it, the remembered 404 stands
        io.customer360.common.testing.ProfileServiceResource.seedPurchase(customer);
        String profileUrl = ConfigProvider.getConfig().getValue("quarkus.rest-client.profile.url", String.class);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> given().auth()
                                .oauth2(token(ACME, Roles.VIEWER))
                                .get(profileUrl + "/api/v1/customers/" + customer)
                                .statusCode()
                        == 200);
        assertThat(notFound(customer)).isEqualTo(first);
        assertThat(profileSectionsCalls()).isEqualTo(sectionsCalls + 1);
        // the profile.changed profile-service publishes for it (here on the aggregator's own test subjects)
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            publish(nats, "profile.changed.acme." + customer, "{}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> given().auth()
                                .oauth2(token(ACME, Roles.VIEWER))
                                .get("/api/v1/customer-360/" + customer)
                                .statusCode()
                        == 200);
    }

    /** Asks acme's view of {@code customer}, expecting the 404 problem; answers its body. */
    private static String notFound(String customer) {
        return given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.equalTo("Customer '" + customer + "' was not found"))
                .extract()
                .asString();
    }

    /** Calls of ProfileApi.sections so far (the view's existence check), as SmallRye Fault Tolerance counted them. */
    private static long profileSectionsCalls() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                        "(?m)^ft_invocations_total\\{[^}]*method=\"[^\"]*ProfileApi[^\"]*\\.sections\"[^}]*} ([0-9.E]+)")
                .matcher(metrics);
        long calls = 0;
        while (line.find()) {
            calls += (long) Double.parseDouble(line.group(1));
        }
        return calls;
    }

    @Test
    void aPartialViewIsServedOnlyBriefly() {
        String customer = "partial_" + UUID.randomUUID().toString().substring(0, 8);
        io.customer360.common.testing.ProfileServiceResource.seedPurchase(customer);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> given().auth()
                                .oauth2(token(ACME, Roles.VIEWER))
                                .get("/api/v1/customer-360/" + customer)
                                .statusCode()
                        == 200);
        // no enrichment-service runs beside this test: every view lacks that provider's part
        String first = given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer)
                .then()
                .statusCode(200)
                .body("providers.enrichment.status", org.hamcrest.Matchers.equalTo("failed"))
                .extract()
                .path("generatedAt");
        // rebuilt after the partial TTL (3 s here) although no event said the customer changed; the TTL is 5 minutes
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !generatedAt(customer).equals(first));
    }

    @Test
    void exitStateChangeIsPublishedAndEventsInvalidateTheCachedView() throws Exception {
        String customer = "escalated_" + UUID.randomUUID().toString().substring(0, 8);
        List<JsonNode> states = new CopyOnWriteArrayList<>();
        List<JsonNode> triggers = new CopyOnWriteArrayList<>();
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            Dispatcher dispatcher = nats.createDispatcher(message -> {
                try {
                    (message.getSubject().startsWith(PREFIX + "customer360.state.") ? states : triggers)
                            .add(JSON.readTree(message.getData()));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            dispatcher.subscribe(PREFIX + "customer360.state.acme." + customer);
            dispatcher.subscribe(PREFIX + "customer360.triggers.acme." + customer);

            String escalation;
            try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
                // usage first, all of it in profile-service before any view: the seed's minimum data (account, usage,
                // support) without which no state is published, and no view scores a part of it
                seed.activeUsage(20);
                await().atMost(Duration.ofSeconds(20)).until(() -> seed.usageArrived(20));
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
                seed.event(
                        "ticket_opened",
                        Duration.ofDays(2),
                        Map.of("ticket_id", "TKT-9", "priority", "urgent", "title", "Outage"));
                escalation = seed.event("ticket_escalated", Duration.ofDays(1), Map.of("ticket_id", "TKT-9"));
            }
            // a view cached while events were still arriving is dropped by the next profile.changed
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                publish(nats, "profile.changed.acme." + customer, "{}");
                Thread.sleep(200);
                io.restassured.path.json.JsonPath view = given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customer-360/" + customer)
                        .then()
                        .extract()
                        .jsonPath();
                // and recorded: every input of the insights answered (a busy machine makes some views partial)
                return "escalation_required".equals(view.getString("exitState"))
                        && view.get("guardrails") != null
                        && view.get("guardrails.notPublished") == null;
            });

            await().atMost(Duration.ofSeconds(10)).until(() -> !states.isEmpty() && !triggers.isEmpty());
            JsonNode state = states.get(states.size() - 1);
            assertThat(state.path("tenant").asText()).isEqualTo("acme");
            assertThat(state.path("exitState").asText()).isEqualTo("escalation_required");
            assertThat(state.path("healthScore").isInt()).isTrue();
            assertThat(state.path("healthBand").asText()).isNotEmpty();
            JsonNode trigger = triggers.get(0);
            assertThat(trigger.path("skill").asText()).isEqualTo("support_ops/escalation_predictor");
            assertThat(trigger.path("cause").asText()).isEqualTo("support_escalation_active");
            assertThat(trigger.path("evidenceEventIds").toString()).contains(escalation);
            assertThat(trigger.path("dedupKey").asText())
                    .startsWith("acme:" + customer + ":support_ops/escalation_predictor:");
            assertThat(rows("health_history", customer)).isEqualTo(1);
            assertThat(rows("open_actions", customer)).isPositive();
            // the trigger is stored once and listed in the view, which firing it invalidated
            assertThat(rows("skill_triggers", customer)).isEqualTo(1);
            // the risk and the exit state it emitted, for insight accuracy
            await().atMost(Duration.ofSeconds(10)).until(() -> rows("insight_episodes", customer) >= 2);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "support_ops/escalation_predictor"
                            .equals(given().auth()
                                    .oauth2(token(ACME, Roles.VIEWER))
                                    .get("/api/v1/customer-360/" + customer)
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .path("recentTriggers[0].skill")));
            assertThat(given().auth()
                            .oauth2(token(ACME, Roles.VIEWER))
                            .get("/api/v1/customer-360/" + customer + "/context?format=json")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("items.text", String.class))
                    .anyMatch(text -> text.startsWith("Skill support_ops/escalation_predictor triggered "));

            // cached: the same view until an event says the customer changed
            String first = generatedAt(customer);
            assertThat(generatedAt(customer)).isEqualTo(first);
            publish(nats, "profile.changed.acme." + customer, "{}");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !generatedAt(customer).equals(first));

            String second = generatedAt(customer);
            publish(nats, "enrichment.updated.acme." + customer, "{}");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !generatedAt(customer).equals(second));

            String third = generatedAt(customer);
            // another tenant's event for the same id leaves acme's view alone, and so do messages on acme's subjects
            // whose body names another tenant or customer, and wildcards (NATS stores them as sent)
            publish(nats, "profile.changed.globex." + customer, "{}");
            publish(
                    nats,
                    "profile.changed.acme." + customer,
                    "{\"tenant\":\"globex\",\"customerId\":\"" + customer + "\"}");
            publish(nats, "profile.changed.acme." + customer, "{\"tenant\":\"acme\",\"customerId\":\"someone_else\"}");
            handled(Topology.AGGREGATOR_VIEW_INVALIDATION, publish(nats, "profile.changed.acme.*", "{}"));
            handled(
                    Topology.AGGREGATOR_ENRICHMENT_UPDATED,
                    publish(
                            nats,
                            "enrichment.updated.acme." + customer,
                            "{\"tenant\":\"globex\",\"customerId\":\"" + customer + "\"}"));
            assertThat(generatedAt(customer)).isEqualTo(third);

            // forged erasures (acme's subject naming globex's customer, a wildcard) erase nothing
            assertThat(held("customer360.state.acme." + customer)).isTrue();
            assertThat(held("customer360.triggers.acme." + customer)).isTrue();
            publish(
                    nats,
                    "customer.erased.acme." + customer,
                    "{\"tenant\":\"globex\",\"customerId\":\"" + customer + "\"}");
            handled(
                    Topology.AGGREGATOR_ERASURES,
                    publish(nats, "customer.erased.acme.*", "{\"tenant\":\"acme\",\"customerId\":\"*\"}"));
            assertThat(rows("account_states", customer)).isEqualTo(1);
            assertThat(held("customer360.state.acme." + customer)).isTrue();

            publish(
                    nats,
                    "customer.erased.acme." + customer,
                    "{\"tenant\":\"acme\",\"customerId\":\"" + customer + "\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> rows("account_states", customer) == 0);
            // the customer's states and triggers are purged from CUSTOMER360: nothing of it stays in the stream
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !held("customer360.state.acme." + customer)
                            && !held("customer360.triggers.acme." + customer));
            assertThat(rows("health_history", customer)).isZero();
            assertThat(rows("open_actions", customer)).isZero();
            assertThat(rows("skill_triggers", customer)).isZero();
            assertThat(rows("insight_episodes", customer)).isZero();
            assertThat(pool.preparedQuery(
                                    "SELECT count(*) FROM access_audit WHERE customer_id = $1 AND purpose IS NOT NULL")
                            .execute(Tuple.of(customer))
                            .await()
                            .indefinitely()
                            .iterator()
                            .next()
                            .getLong(0))
                    .isZero();
            assertThat(generatedAt(customer)).isNotEqualTo(third);
        }
    }
}

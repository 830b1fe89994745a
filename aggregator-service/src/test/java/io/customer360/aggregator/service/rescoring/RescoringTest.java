package io.customer360.aggregator.service.rescoring;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.config.RescoringConfig;
import io.customer360.aggregator.store.RescoringDiscovery;
import io.customer360.aggregator.store.RescoringLock;
import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.common.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Background rescoring against the real profile-service, under the aggregator's own identity (an operator token
 * without tenant, {@code testing.TestServiceToken}, naming the tenant in C360-Tenant): an account nobody views is
 * recorded as a viewed 360 would be, and its decline fires {@code red_flag_detector} once; a run takes at most its
 * batch; operators and admins start a run, others may not; an operator caller's tenant goes along to profile-service;
 * an account nobody viewed and whose change the aggregator never saw is discovered in profile-service's customer list
 * and rescored, by passes bounded per run that rest for {@code discover-every}. Runs are started by the tests (the
 * schedule is off in tests).
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class RescoringTest {

    private static final String PREFIX = "test.aggregator.";
    private static final String RED_FLAG = "customer_success/red_flag_detector";
    /** Customers the discovery test seeds in globex, erased again at its end (profile-service keeps its test data). */
    private static final String DISCOVERED_PREFIX = "discovered_";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Rescoring rescoring;

    @Inject
    RescoringLock lock;

    @Inject
    RescoringConfig config;

    @Inject
    RescoringDiscovery passes;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    private final String customer = "rescore_" + UUID.randomUUID().toString().substring(0, 8);

    /**
     * Nothing due from earlier tests and no discovery pass to go on with (each tenant's last one just finished): each run
     * here takes only what this test marked. The discovery test starts its own pass.
     */
    @BeforeEach
    void nothingDue() {
        awaitNoRun();
        pool.query("DELETE FROM rescoring_due").execute().await().indefinitely();
        pool.query("""
                        INSERT INTO rescoring_discovery (tenant, finished_at) VALUES ('acme', now()), ('globex', now())
                        ON CONFLICT (tenant) DO UPDATE SET next_cursor = NULL, finished_at = now()""").execute().await().indefinitely();
    }

    @Test
    void aDeclineOfAnAccountNobodyViewsFiresRedFlagDetectorExactlyOnce() throws Exception {
        double rescoredBefore = rescored();
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222");
                ProfileSeed seed = new ProfileSeed("acme", customer)) {
            List<JsonNode> triggers = listen(nats, "customer360.triggers.acme." + customer);
            List<JsonNode> states = listen(nats, "customer360.state.acme." + customer);
            nats.flush(Duration.ofSeconds(2));

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
            seed.activeUsage(20);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> "active"
                                    .equals(subscription()
                                            .at("/subscription/status")
                                            .asText())
                            && usage().path("activeUsersLast30Days").asInt() == 20
                            && usage().path("features").size() == 5);
            changed(nats);

            // a healthy account: commercial and usage data (with the support section, the seed's minimum), all of it
            // good
            Rescoring.Run first = runNow(List.of("acme"));
            assertThat(first.taken()).isEqualTo(1);
            assertThat(first.outcomes()).containsExactlyEntriesOf(Map.of(Rescoring.Outcome.RESCORED, 1));
            assertThat(history()).containsExactly(100);
            assertThat(state()).isEqualTo("healthy");
            assertThat(due()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> !states.isEmpty());
            assertThat(states.get(0).path("exitState").asText()).isEqualTo("healthy");
            assertThat(states.get(0).path("healthScore").asInt()).isEqualTo(100);

            // three failed payments: commercial (1 + 0 + 1) / 3 = 67, overall (30 × 100 + 15 × 67) / 45 = 89, a decline
            // of 11 points
            for (int i = 1; i <= 3; i++) {
                seed.event(
                        "payment_failed",
                        Duration.ofDays(1),
                        Map.of(
                                "payment_id",
                                "pay_" + i,
                                "amount",
                                2000,
                                "invoice_id",
                                "INV-" + i,
                                "failure_reason",
                                "card_declined"));
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> subscription()
                                    .at("/paymentHealth/failedPaymentsLast90Days")
                                    .asInt()
                            == 3);
            changed(nats);
            Rescoring.Run second = runNow(List.of("acme"));
            assertThat(second.outcomes()).containsExactlyEntriesOf(Map.of(Rescoring.Outcome.RESCORED, 1));
            assertThat(history()).containsExactly(89);
            assertThat(state()).isEqualTo("attention_needed");
            assertThat(redFlags()).containsExactly("health_decline:100->89");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> triggers.stream()
                            .anyMatch(t -> t.path("skill").asText().equals(RED_FLAG)));

            // announced again (a replay) and rescored again: the same score, no second decline
            changed(nats);
            Rescoring.Run third = runNow(List.of("acme"));
            assertThat(third.outcomes()).containsExactlyEntriesOf(Map.of(Rescoring.Outcome.RESCORED, 1));
            assertThat(history()).containsExactly(89);
            assertThat(redFlags()).containsExactly("health_decline:100->89");
            assertThat(triggers)
                    .extracting(t ->
                            t.path("skill").asText() + " " + t.path("cause").asText())
                    .containsExactly(RED_FLAG + " health_decline:100->89");
            assertThat(unpublishedTriggers()).isZero();

            // nobody viewed it, and every run was counted
            assertThat(count("SELECT count(*) FROM access_audit WHERE customer_id = $1"))
                    .isZero();
            assertThat(count("SELECT count(*) FROM insight_episodes WHERE customer_id = $1"))
                    .isPositive();
            assertThat(rescored() - rescoredBefore).isEqualTo(3);
        }
    }

    @Test
    void aRunTakesAtMostItsBatchAndTheRestStaysDueForTheNext() {
        // customers profile-service does not know: each is taken, found unknown, and no longer due
        List<String> unknown = List.of(customer + "_a", customer + "_b", customer + "_c");
        unknown.forEach(id -> pool.preparedQuery(
                        "INSERT INTO rescoring_due (tenant, customer_id, reason) VALUES ('globex', $1, 'changed')")
                .execute(Tuple.of(id))
                .await()
                .indefinitely());
        assertThat(config.batchSize()).isEqualTo(2);

        Rescoring.Run first = runNow(List.of("globex"));
        assertThat(first.taken()).isEqualTo(2);
        assertThat(first.outcomes()).containsExactlyEntriesOf(Map.of(Rescoring.Outcome.UNKNOWN, 2));
        assertThat(due()).isEqualTo(1);

        Rescoring.Run second = runNow(List.of("globex"));
        assertThat(second.taken()).isEqualTo(1);
        assertThat(due()).isZero();
        assertThat(runNow(List.of("globex")).taken()).isZero();
        assertThat(registry.get("c360.rescoring.due").gauge().value()).isZero();
    }

    @Test
    void aRunWaitsForNoOtherButSkipsWhileOneHoldsTheLock() {
        RescoringLock.Held other = lock.tryAcquire(config.lockKey()).await().indefinitely();
        assertThat(other).isNotNull();
        try {
            assertThat(rescoring.run(List.of("acme")).await().atMost(Duration.ofSeconds(10)))
                    .isNull();
            given().auth()
                    .oauth2(token(ACME, Roles.ADMIN))
                    .post("/api/v1/views/rescoring")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://customer360.io/problems/conflict"));
        } finally {
            other.release().await().indefinitely();
        }
    }

    @Test
    void operatorsAndAdminsStartARunOthersAreRefused() {
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .post("/api/v1/views/rescoring")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().post("/api/v1/views/rescoring").then().statusCode(401);

        // an admin's run is its tenant's
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .post("/api/v1/views/rescoring")
                .then()
                .statusCode(202)
                .body("status", equalTo("started"))
                .body("tenants", contains("acme"))
                .body("batchSize", equalTo(2));
        awaitNoRun();
        // an operator's the one it names, as for every operator call; naming none is refused
        String operator = TestTokens.tokenWithoutTenant(Roles.OPERATOR);
        given().auth()
                .oauth2(operator)
                .post("/api/v1/views/rescoring")
                .then()
                .statusCode(400)
                .body("violations.field", contains("tenant"));
        given().auth()
                .oauth2(operator)
                .header(TenantContext.TENANT_HEADER, "globex")
                .post("/api/v1/views/rescoring")
                .then()
                .statusCode(202)
                .body("tenants", contains("globex"));
        awaitNoRun();
        // a tenant's admin cannot name another tenant
        given().auth()
                .oauth2(token(ACME, Roles.ADMIN))
                .header(TenantContext.TENANT_HEADER, "globex")
                .post("/api/v1/views/rescoring")
                .then()
                .statusCode(400);
    }

    @Test
    void anOperatorCallersTenantGoesAlongToProfileService() {
        ProfileServiceResource.seedPurchase(customer);
        String operator = TestTokens.tokenWithoutTenant(Roles.VIEWER, Roles.OPERATOR);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().auth()
                        .oauth2(operator)
                        .header(TenantContext.TENANT_HEADER, "acme")
                        .get("/api/v1/customer-360/" + customer)
                        .then()
                        .statusCode(200)
                        .body("providers.customer_intelligence.status", equalTo("ok"))
                        .body("accountProfile.name", equalTo("John Smith")));
        // without naming a tenant an operator is refused before anything is called
        given().auth()
                .oauth2(operator)
                .get("/api/v1/customer-360/" + customer)
                .then()
                .statusCode(400);
    }

    @Test
    void anAccountNobodyViewedNorChangedIsDiscoveredAndRescoredByPassesBoundedPerRunThatRestUntilDiscoverEvery() {
        String base = DISCOVERED_PREFIX + customer.substring("rescore_".length()) + "_";
        List<String> seeded =
                IntStream.rangeClosed(1, 5).mapToObj(i -> base + i).toList();
        String later = base + "0"; // seeded after the first pass, listed before the others
        erase(listed().stream().filter(id -> id.startsWith(DISCOVERED_PREFIX)).toList()); // an interrupted run's
        double discoveredBefore =
                registry.get("c360.rescoring.discovered").counter().count();
        try {
            seed(seeded);
            // profile-service announced them on its own subjects, which the aggregator does not read: never changed
            // for it, never viewed, no state, nothing due
            assertThat(seeded)
                    .allSatisfy(id ->
                            assertThat(hasState(id) || dueReason(id) != null).isFalse());
            assertThat(config.discoverEvery()).isEqualTo(Duration.ofHours(24));
            int perRun = config.discoverPagesPerRun() * config.discoverPageSize();
            assertThat(perRun).isEqualTo(4);

            // a new pass: each run reads at most 2 pages of 2 and goes on from the cursor it kept
            pool.query("DELETE FROM rescoring_discovery WHERE tenant = 'globex'")
                    .execute()
                    .await()
                    .indefinitely();
            List<String> all = listed();
            assertThat(all).containsAll(seeded);
            int discovered = 0;
            RescoringDiscovery.Pass pass = null;
            for (int run = 1; pass == null || !pass.finished(); run++) {
                assertThat(run)
                        .as("runs of a pass over %d customers", all.size())
                        .isLessThanOrEqualTo((all.size() + perRun - 1) / perRun);
                List<String> covered = all.subList(perRun * (run - 1), Math.min(perRun * run, all.size()));
                long unknownToUs = covered.stream()
                        .filter(id -> !hasState(id) && dueReason(id) == null)
                        .count();

                Rescoring.Run done = runNow(List.of("globex"));
                assertThat(done.discovered()).as("run %d", run).isEqualTo((int) unknownToUs);
                assertThat(done.taken()).isLessThanOrEqualTo(2);
                discovered += done.discovered();
                pass = passes.pass("globex").await().indefinitely();
                assertThat(pass.nextCursor()).as("the cursor after run %d", run).isEqualTo(cursorAfter(perRun * run));
                assertThat(pass.finished()).isEqualTo(pass.nextCursor() == null);
                // what it covered is due (discovered) or rescored already; what lies beyond, not yet
                assertThat(seeded)
                        .filteredOn(covered::contains)
                        .allSatisfy(id -> assertThat(hasState(id) || "discovered".equals(dueReason(id)))
                                .as(id)
                                .isTrue());
                int end = perRun * run;
                assertThat(seeded)
                        .filteredOn(id -> all.indexOf(id) >= end)
                        .allSatisfy(id -> assertThat(hasState(id) || dueReason(id) != null)
                                .as(id)
                                .isFalse());
            }
            assertThat(registry.get("c360.rescoring.discovered").counter().count() - discoveredBefore)
                    .isEqualTo(discovered);

            // the runs that follow take the rest: every seeded account is rescored, as a viewed 360 would be (one whose
            // sources ran late on a cold profile-service waits retry-after, skipped here)
            for (int run = 0; run < 8 && !seeded.stream().allMatch(this::hasState); run++) {
                pool.query("UPDATE rescoring_due SET next_attempt_at = now() WHERE tenant = 'globex'")
                        .execute()
                        .await()
                        .indefinitely();
                assertThat(runNow(List.of("globex")).discovered()).isZero();
            }
            assertThat(seeded).allSatisfy(id -> {
                assertThat(hasState(id)).as(id).isTrue();
                assertThat(healthDays(id)).as(id).isEqualTo(1);
                assertThat(dueReason(id)).as(id).isNull();
            });

            // a customer new since: no new pass before discover-every
            RescoringDiscovery.Pass finished = passes.pass("globex").await().indefinitely();
            seed(List.of(later));
            Rescoring.Run resting = runNow(List.of("globex"));
            assertThat(resting.discovered()).isZero();
            assertThat(dueReason(later)).isNull();
            assertThat(passes.pass("globex").await().indefinitely())
                    .usingRecursiveComparison()
                    .isEqualTo(finished);

            // once the last pass finished longer ago, a new one starts from the first page and finds it
            pool.query(
                            "UPDATE rescoring_discovery SET finished_at = now() - interval '25 hours' WHERE tenant = 'globex'")
                    .execute()
                    .await()
                    .indefinitely();
            assertThat(listed().indexOf(later))
                    .as("on the new pass's first run")
                    .isLessThan(perRun);
            Rescoring.Run again = runNow(List.of("globex"));
            assertThat(again.discovered()).isGreaterThanOrEqualTo(1);
            assertThat(hasState(later) || "discovered".equals(dueReason(later))).isTrue();
            RescoringDiscovery.Pass next = passes.pass("globex").await().indefinitely();
            assertThat(next.startedAt()).isAfter(finished.finishedAt());
            assertThat(next.nextCursor()).isEqualTo(cursorAfter(perRun));
        } finally {
            List<String> ours = new ArrayList<>(seeded);
            ours.add(later);
            erase(ours);
            pool.preparedQuery("DELETE FROM rescoring_due WHERE tenant = 'globex' AND customer_id = ANY($1)")
                    .execute(Tuple.of(ours.toArray(String[]::new)))
                    .await()
                    .indefinitely();
        }
    }

    private Rescoring.Run runNow(List<String> tenants) {
        Rescoring.Run run = rescoring.run(tenants).await().atMost(Duration.ofSeconds(60));
        assertThat(run).as("the run took the lock").isNotNull();
        return run;
    }

    /** Until no run (a started one, or another test's) holds the lock. */
    private void awaitNoRun() {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            RescoringLock.Held held = lock.tryAcquire(config.lockKey()).await().indefinitely();
            if (held == null) {
                return false;
            }
            held.release().await().indefinitely();
            return true;
        });
    }

    /** What profile-service announces after applying the customer's events. */
    private void changed(Connection nats) throws Exception {
        nats.jetStream().publish(PREFIX + "profile.changed.acme." + customer, "{}".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> due() == 1);
    }

    private JsonNode usage() throws Exception {
        String body = given().baseUri(profileUrl())
                .auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/usage")
                .then()
                .extract()
                .asString();
        return JSON.readTree(body.isEmpty() ? "{}" : body);
    }

    private JsonNode subscription() throws Exception {
        String body = given().baseUri(profileUrl())
                .auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/subscription")
                .then()
                .extract()
                .asString();
        return JSON.readTree(body.isEmpty() ? "{}" : body);
    }

    /** Seeds each customer in globex through profile-service (a subscription: a healthy account) and waits until it is listed. */
    private void seed(List<String> ids) {
        for (String id : ids) {
            try (ProfileSeed seed = new ProfileSeed("globex", id)) {
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
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> listed().containsAll(ids));
    }

    /** globex's customers as profile-service lists them, in its order (by id). */
    private List<String> listed() {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = customers(500, cursor);
            ids.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }

    /** The cursor profile-service issues after globex's first {@code count} customers; null when no more follow. */
    private String cursorAfter(int count) {
        return customers(count, null).getString("nextCursor");
    }

    private JsonPath customers(int limit, String cursor) {
        var request = given().baseUri(profileUrl())
                .auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .queryParam("limit", limit);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/api/v1/customers").then().statusCode(200).extract().jsonPath();
    }

    private void erase(List<String> ids) {
        ids.forEach(id -> given().baseUri(profileUrl())
                .auth()
                .oauth2(token(GLOBEX, Roles.ADMIN))
                .delete("/api/v1/customers/" + id)
                .then()
                .statusCode(oneOf(204, 404)));
    }

    private boolean hasState(String id) {
        return pool.preparedQuery("SELECT 1 FROM account_states WHERE tenant = 'globex' AND customer_id = $1")
                        .execute(Tuple.of(id))
                        .await()
                        .indefinitely()
                        .size()
                == 1;
    }

    private String dueReason(String id) {
        var rows = pool.preparedQuery("SELECT reason FROM rescoring_due WHERE tenant = 'globex' AND customer_id = $1")
                .execute(Tuple.of(id))
                .await()
                .indefinitely();
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    private long healthDays(String id) {
        return pool.preparedQuery("SELECT count(*) FROM health_history WHERE tenant = 'globex' AND customer_id = $1")
                .execute(Tuple.of(id))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private static String profileUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.rest-client.profile.url", String.class);
    }

    private List<JsonNode> listen(Connection nats, String subject) {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        Dispatcher dispatcher = nats.createDispatcher(message -> {
            try {
                received.add(JSON.readTree(message.getData()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        dispatcher.subscribe(PREFIX + subject);
        return received;
    }

    private List<Integer> history() {
        return pool
                .preparedQuery(
                        "SELECT overall FROM health_history WHERE tenant = 'acme' AND customer_id = $1 ORDER BY day")
                .execute(Tuple.of(customer))
                .await()
                .indefinitely()
                .stream()
                .map(row -> row.getInteger(0))
                .toList();
    }

    private String state() {
        return pool.preparedQuery("SELECT exit_state FROM account_states WHERE tenant = 'acme' AND customer_id = $1")
                .execute(Tuple.of(customer))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getString(0);
    }

    private List<String> redFlags() {
        return pool
                .preparedQuery(
                        "SELECT cause FROM skill_triggers WHERE tenant = 'acme' AND customer_id = $1 AND skill = $2")
                .execute(Tuple.of(customer, RED_FLAG))
                .await()
                .indefinitely()
                .stream()
                .map(row -> row.getString(0))
                .toList();
    }

    private long unpublishedTriggers() {
        return count("SELECT count(*) FROM skill_triggers WHERE customer_id = $1 AND published_at IS NULL");
    }

    private long due() {
        return pool.query("SELECT count(*) FROM rescoring_due")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private long count(String sql) {
        return pool.preparedQuery(sql)
                .execute(Tuple.of(customer))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private double rescored() {
        return registry.get("c360.rescoring.accounts")
                .tag("outcome", "rescored")
                .counter()
                .count();
    }
}

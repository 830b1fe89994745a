package io.customer360.profile.api.nats;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.profile.ProfileEvents.event;
import static io.customer360.profile.ProfileEvents.publish;
import static io.customer360.profile.ProfileEvents.publishOn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.customer360.common.auth.Roles;
import io.customer360.common.nats.NatsClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Identity stitching asked by ingest-service's Segment intake: an {@code identity_stitched} event merges the anonymous
 * profile it names into the subject's customer through the merge of the REST API (audited, undoable); a stitch that
 * names no anonymous profile, or whose body disagrees with its subject, merges nothing.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class IdentityStitchingTest {

    private static final String PREFIX = "test.profile.";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final long AT = 1734300000L;

    @Inject
    NatsClient nats;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry metrics;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private static Map<String, Object> stitch(String tenant, String eventId, String user, String anonymousCustomer) {
        return event(
                tenant,
                eventId,
                user,
                null,
                "identity_stitched",
                AT,
                Map.of("anonymous_customer_id", anonymousCustomer, "anonymous_id", anonymousCustomer.substring(5)));
    }

    @Test
    void aStitchMergesTheAnonymousProfileIntoTheUserAndCanBeUndone() {
        String anonymous = "anon-v_" + run;
        String user = "user_" + run;
        publish(
                nats,
                PREFIX,
                event(ACME, "pv_" + run, anonymous, null, "page_viewed", AT, Map.of("page_name", "Pricing")),
                "acme:pv_" + run);
        publish(
                nats,
                PREFIX,
                event(ACME, "id_" + run, user, null, "profile_update", AT + 60, Map.of("name", "Grace")),
                "acme:id_" + run);
        await().atMost(WAIT).until(() -> customers(anonymous) == 1 && customers(user) == 1);

        publish(nats, PREFIX, stitch(ACME, "st_" + run, user, anonymous), "acme:st_" + run);

        await().atMost(WAIT).until(() -> customers(anonymous) == 0);
        String viewer = token(ACME, Roles.VIEWER);
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers/" + user + "/timeline")
                .then()
                .statusCode(200)
                .body("items.eventId", containsInAnyOrder("pv_" + run, "id_" + run));
        // the anonymous id is an alias now: reads of it reach the user
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers/" + anonymous)
                .then()
                .statusCode(200)
                .body("id", equalTo(user));
        String mergeId = given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers/" + user + "/merges")
                .then()
                .statusCode(200)
                .body("sourceId", contains(anonymous))
                .body("mergedBy", contains("identity-stitching:test-service"))
                .extract()
                .path("[0].mergeId");
        assertThat(timelineRows("st_" + run))
                .as("a stitch is no timeline event")
                .isZero();

        given().auth()
                .oauth2(token(ACME, Roles.EDITOR))
                .contentType(ContentType.JSON)
                .body(Map.of("mergeId", mergeId))
                .post("/api/v1/customers/" + user + "/unmerge")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers/" + anonymous + "/timeline")
                .then()
                .statusCode(200)
                .body("items.eventId", contains("pv_" + run));
    }

    @Test
    void aStitchAppliedBeforeTheAnonymousEventsStillMergesThem() {
        String anonymous = "anon-late_" + run;
        String user = "early_" + run;
        publish(
                nats,
                PREFIX,
                event(ACME, "eu_" + run, user, null, "profile_update", AT, Map.of("name", "Ada")),
                "acme:eu_" + run);
        await().atMost(WAIT).until(() -> customers(user) == 1);
        // the stitch overtakes the anonymous calls' events (they travel in other batches): it waits for them
        publish(nats, PREFIX, stitch(ACME, "es_" + run, user, anonymous), "acme:es_" + run);
        publish(
                nats,
                PREFIX,
                event(ACME, "ev_" + run, anonymous, null, "page_viewed", AT - 60, Map.of("page_name", "Docs")),
                "acme:ev_" + run);

        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customers/" + user + "/timeline")
                        .then()
                        .statusCode(200)
                        .body("items.eventId", containsInAnyOrder("eu_" + run, "ev_" + run)));
        assertThat(customers(anonymous)).isZero();
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + user + "/merges")
                .then()
                .statusCode(200)
                .body("sourceId", contains(anonymous));
    }

    @Test
    void aStitchWithoutAnAnonymousProfileOrAlreadyAppliedChangesNothing() {
        String user = "lone_" + run;
        publish(
                nats,
                PREFIX,
                event(ACME, "l1_" + run, user, null, "profile_update", AT, Map.of("name", "Lone")),
                "acme:l1_" + run);
        await().atMost(WAIT).until(() -> customers(user) == 1);
        publish(nats, PREFIX, stitch(ACME, "ls_" + run, user, "anon-never_" + run), "acme:ls_" + run);
        // a marker event after it: once applied, the stitch before it was handled (acked) too
        publish(nats, PREFIX, event(ACME, "l2_" + run, user, null, "contact", AT + 1, Map.of()), "acme:l2_" + run);
        await().atMost(WAIT).until(() -> timelineRows("l2_" + run) == 1);
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + user + "/merges")
                .then()
                .statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void aStitchNeverMergesAKnownCustomerNorCrossesItsSubject() {
        String user = "known_" + run;
        String other = "other_" + run;
        String anonymous = "anon-x_" + run;
        publish(
                nats,
                PREFIX,
                event(ACME, "k1_" + run, user, null, "profile_update", AT, Map.of("name", "Known")),
                "acme:k1_" + run);
        publish(
                nats,
                PREFIX,
                event(ACME, "k2_" + run, other, null, "profile_update", AT, Map.of("name", "Other")),
                "acme:k2_" + run);
        publish(nats, PREFIX, event(ACME, "k3_" + run, anonymous, null, "page_viewed", AT, Map.of()), "acme:k3_" + run);
        await().atMost(WAIT).until(() -> customers(user) == 1 && customers(other) == 1 && customers(anonymous) == 1);
        double invalid = refused("invalid_id");
        double mismatch = refused("tenant_mismatch");

        // a known customer is no anonymous profile
        publish(
                nats,
                PREFIX,
                event(ACME, "kx1_" + run, user, null, "identity_stitched", AT, Map.of("anonymous_customer_id", other)),
                "acme:kx1_" + run);
        // the body names another tenant than the subject
        publishOn(
                nats,
                PREFIX + "profile.events.acme." + user + ".identity_stitched",
                stitch(GLOBEX, "kx2_" + run, user, anonymous),
                "acme:kx2_" + run);
        // the body names another customer than the subject
        publishOn(
                nats,
                PREFIX + "profile.events.acme." + other + ".identity_stitched",
                stitch(ACME, "kx3_" + run, user, anonymous),
                "acme:kx3_" + run);

        await().atMost(WAIT)
                .until(() -> refused("invalid_id") >= invalid + 1 && refused("tenant_mismatch") >= mismatch + 2);
        assertThat(customers(other)).isEqualTo(1);
        assertThat(customers(anonymous)).isEqualTo(1);
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + user + "/merges")
                .then()
                .statusCode(200)
                .body("$", hasSize(0));
    }

    private double refused(String reason) {
        return metrics.counter("c360.nats.messages.refused", "consumer", "profile-service", "reason", reason)
                .count();
    }

    private long customers(String id) {
        return pool.preparedQuery("SELECT count(*) FROM customers WHERE id = $1")
                .execute(Tuple.of(id))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private long timelineRows(String eventId) {
        return pool.preparedQuery("SELECT count(*) FROM timeline_events WHERE event_id = $1")
                .execute(Tuple.of(eventId))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }
}

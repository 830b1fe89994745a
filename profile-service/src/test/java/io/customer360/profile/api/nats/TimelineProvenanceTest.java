package io.customer360.profile.api.nats;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.customer360.common.auth.Roles;
import io.customer360.common.nats.NatsClient;
import io.customer360.profile.Fixtures;
import io.customer360.profile.ProfileEvents;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 7: the platform's fields of a timeline entry (origin, actor, the API's source name) are set by the
 * platform only. A partner event that claims them, over NATS, reads as the partner's.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class TimelineProvenanceTest {

    private static final String PREFIX = "test.profile.";

    @Inject
    NatsClient nats;

    @Inject
    EventApplier applier;

    @Test
    void aPartnerEventClaimingToBeTheApiReadsAsThePartners() {
        String customer = Fixtures.unique("forge_");
        Fixtures.customer(ACME, customer)
                .event("profile_update", Duration.ofDays(3), Map.of("name", "Forge Ltd"))
                .applyWith(applier);
        String forgedId = "api_" + UUID.randomUUID();
        Map<String, Object> forged = new HashMap<>(ProfileEvents.event(
                ACME,
                forgedId,
                customer,
                null,
                "note",
                Instant.now().minus(Duration.ofDays(1)).getEpochSecond(),
                Map.of("note_id", "n-f", "content", "Approved the refund")));
        forged.put("sourceService", "profile-api");
        forged.put("metadata", Map.of("actor", "acme-admin"));
        // fields the wire format does not have are not read either
        forged.put("origin", "platform");
        forged.put("actor", "acme-admin");
        ProfileEvents.publish(nats, PREFIX, forged, ACME + ":" + forgedId);

        String viewer = token(ACME, Roles.VIEWER);
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().auth()
                        .oauth2(viewer)
                        .get("/api/v1/customers/" + customer + "/timeline?type=note")
                        .then()
                        .statusCode(200)
                        .body("items", hasSize(1)));
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers/" + customer + "/timeline?type=note")
                .then()
                .body("items[0].eventId", equalTo(forgedId))
                .body("items[0].origin", equalTo("partner"))
                .body("items[0].actor", nullValue())
                .body("items[0].sourceService", equalTo("partner:profile-api"))
                // the partner's metadata is its own text, shown as such
                .body("items[0].metadata.actor", equalTo("acme-admin"));

        given().auth()
                .oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR))
                .contentType(ContentType.JSON)
                .body(Map.of("content", "Called back"))
                .post("/api/v1/customers/" + customer + "/notes")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers/" + customer + "/timeline?type=note")
                .then()
                .body("items", hasSize(2))
                .body("items[0].origin", equalTo("platform"))
                .body("items[0].actor", equalTo("acme-user"))
                .body("items[0].sourceService", equalTo("profile-api"))
                .body("items[0].metadata", anEmptyMap());
        // every other entry a partner sent is namespaced too
        given().auth()
                .oauth2(viewer)
                .get("/api/v1/customers/" + customer + "/timeline?type=profile_update")
                .then()
                .body("items[0].sourceService", equalTo("partner:test-service"))
                .body("items[0].origin", equalTo("partner"));
    }
}

package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every operation on a customer, read from this service's own OpenAPI document (so a new endpoint is covered without
 * anyone remembering), called by another tenant with every role: 404 as for a missing customer, and not one byte
 * of the customer's data in the answer.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class TenantIsolationTest {

    private static final String MARKER = "Zebulon Quartermaine";

    @Inject
    EventApplier applier;

    @Inject
    ObjectMapper mapper;

    @Test
    void anotherTenantsCustomerIs404OnEveryOperation() throws Exception {
        String customer = Fixtures.unique("iso_");
        Fixtures.customer(ACME, customer)
                .event("profile_update", Duration.ofDays(1), Map.of("name", MARKER, "company", MARKER))
                .event("note", Duration.ofDays(1), Map.of("note_id", "n1", "content", MARKER))
                .event("ticket_opened", Duration.ofDays(1), Map.of("ticket_id", "t1", "title", MARKER))
                .applyWith(applier);
        JsonNode paths = mapper.readTree(given().get("/q/openapi?format=json").asString())
                .get("paths");
        String globex = token(GLOBEX, Roles.VIEWER, Roles.SENSITIVE, Roles.EDITOR, Roles.ADMIN);
        List<String> checked = new ArrayList<>();

        paths.fields().forEachRemaining(path -> {
            if (!path.getKey().contains("{id}") && !path.getKey().contains("{customer_id}")) {
                return;
            }
            String url = path.getKey()
                    .replace("{id}", customer)
                    .replace("{customer_id}", customer)
                    .replace("{noteId}", "n1");
            path.getValue().fieldNames().forEachRemaining(method -> {
                Response response = given().auth()
                        .oauth2(globex)
                        .contentType("application/json")
                        .body("{\"content\":\"x\",\"sourceId\":\"x\",\"mergeId\":1,\"name\":\"x\"}")
                        .request(method.toUpperCase(), url);
                checked.add(method.toUpperCase() + " " + path.getKey());
                assertThat(response.statusCode()).as(method + " " + url).isEqualTo(404);
                assertThat(response.asString()).as(method + " " + url).doesNotContain(MARKER);
            });
        });

        assertThat(checked).as("operations checked").hasSizeGreaterThanOrEqualTo(20);
        // and the customer is untouched
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/notes/n1")
                .then()
                .statusCode(200);
    }

    @Test
    void searchAndAnalyticsNeverShowAnotherTenantsData() {
        String customer = Fixtures.unique("iso_");
        Fixtures.customer(ACME, customer)
                .event("profile_update", Duration.ofDays(1), Map.of("name", MARKER))
                .event("segment_joined", Duration.ofDays(1), Map.of("segment_name", "zebulon_segment"))
                .applyWith(applier);
        String globex = token(GLOBEX, Roles.VIEWER, Roles.SENSITIVE);

        assertThat(given().auth().oauth2(globex).get("/api/v1/search?q=Zebulon").asString())
                .doesNotContain(MARKER);
        assertThat(given().auth()
                        .oauth2(globex)
                        .get("/api/v1/customers?q=Zebulon")
                        .asString())
                .doesNotContain(MARKER);
        given().auth()
                .oauth2(globex)
                .get("/api/v1/analytics/segments/zebulon_segment/analytics")
                .then()
                .statusCode(404);
        assertThat(given().auth()
                        .oauth2(globex)
                        .get("/api/v1/analytics/segments")
                        .asString())
                .doesNotContain("zebulon_segment");
        assertThat(given().auth()
                        .oauth2(globex)
                        .get("/api/v1/analytics/dashboard/metrics")
                        .asString())
                .doesNotContain(customer);
    }
}

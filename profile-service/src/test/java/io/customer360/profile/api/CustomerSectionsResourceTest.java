package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /customers/{id}/sections}: every part answers exactly what its own endpoint answers the same caller (the
 * profile, the notes' first page, the eight sections); a part a visibility rule withholds is null and named with its
 * endpoint's 403 detail; another tenant's customer is 404 and an unknown part 400.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class CustomerSectionsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DAY = Duration.ofDays(1);
    private static final List<String> SECTIONS =
            List.of("subscription", "support", "engagement", "usage", "sales", "security", "contacts", "success");

    @Inject
    EventApplier applier;

    private String customerIn(String segment) {
        String customer = Fixtures.unique("secs_");
        Fixtures.customer(ACME, customer)
                .event("profile_update", DAY.multipliedBy(40), Map.of("customer_name", "Onecall", "industry", "Retail"))
                .event("segment_joined", DAY.multipliedBy(30), Map.of("segment_name", segment))
                .event("subscription_created", DAY.multipliedBy(20), Map.of("plan", "Pro", "mrr", 1000))
                .event(
                        "deal_created",
                        DAY.multipliedBy(8),
                        Map.of("deal_id", "d-1", "amount", 9000, "stage", "proposal"))
                .event("ticket_opened", DAY.multipliedBy(2), Map.of("ticket_id", "T-1", "priority", "high"))
                .event("login", DAY, Map.of("user_id", "u1"))
                .event("session", DAY, Map.of("user_id", "u1", "duration_seconds", 600))
                .event("note", DAY, Map.of("note_id", "n-1", "content", "Call back", "sensitive", true))
                .event("note", DAY, Map.of("note_id", "n-2", "content", "Likes email"))
                .applyWith(applier);
        return customer;
    }

    private static JsonNode get(String caller, String path) throws Exception {
        return JSON.readTree(given().auth()
                .oauth2(caller)
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    @Test
    void everyPartIsWhatItsOwnEndpointAnswersTheSameCaller() throws Exception {
        String customer = customerIn("premium");
        for (String caller : List.of(token(ACME, Roles.VIEWER), token(ACME, Roles.VIEWER, Roles.SENSITIVE))) {
            String base = "/api/v1/customers/" + customer;
            JsonNode all =
                    get(caller, base + "/sections?include=notes," + String.join(",", SECTIONS) + "&notesLimit=10");
            assertThat(all.get("customer")).isEqualTo(get(caller, base));
            assertThat(all.get("notes")).isEqualTo(get(caller, base + "/notes?limit=10"));
            for (String section : SECTIONS) {
                assertThat(all.get(section)).as(section).isEqualTo(get(caller, base + "/" + section));
            }
            assertThat(all.get("withheld")).isEmpty();
            // only what was asked for
            JsonNode some = get(caller, base + "/sections?include=usage");
            assertThat(some.get("usage")).isEqualTo(all.get("usage"));
            assertThat(some.get("notes").isNull()).isTrue();
            assertThat(some.get("sales").isNull()).isTrue();
        }
    }

    @Test
    void aWithheldPartIsNullAndNamedAnotherTenantIs404AnUnknownPart400() throws Exception {
        String customer = customerIn("restricted");
        String base = "/api/v1/customers/" + customer;
        String viewer = token(ACME, Roles.VIEWER);
        String detail = given().auth()
                .oauth2(viewer)
                .get(base + "/sales")
                .then()
                .statusCode(403)
                .extract()
                .jsonPath()
                .getString("detail");
        JsonNode all = get(viewer, base + "/sections?include=sales,support,subscription");
        assertThat(all.get("sales").isNull()).isTrue();
        assertThat(all.get("subscription").isNull()).isTrue();
        assertThat(all.get("support")).isEqualTo(get(viewer, base + "/support"));
        assertThat(all.get("withheld").findValuesAsText("part")).containsExactly("sales", "subscription");
        assertThat(all.get("withheld").get(0).get("detail").asText()).isEqualTo(detail);
        // a billing reader sees them
        String reader = token(ACME, Roles.VIEWER, Roles.BILLING_READER);
        assertThat(get(reader, base + "/sections?include=sales").get("sales")).isEqualTo(get(reader, base + "/sales"));

        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .get(base + "/sections?include=sales")
                .then()
                .statusCode(404)
                .body("detail", equalTo("Customer '" + customer + "' was not found"));
        given().auth()
                .oauth2(viewer)
                .get(base + "/sections?include=timeline")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("include"));
    }

    @Test
    void theDocumentDescribesIncludeAsTheListOfPartsAndNotesLimitAsAnInteger() throws Exception {
        JsonNode parameters = JSON.readTree(given().get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .at("/paths/~1api~1v1~1customers~1{id}~1sections/get/parameters");
        JsonNode include = named(parameters, "include");
        // a generated client sends the parts as one comma-separated value, as the resource reads them
        assertThat(include.get("style").asText()).isEqualTo("form");
        assertThat(include.get("explode").asBoolean()).isFalse();
        assertThat(include.at("/schema/type").asText()).isEqualTo("array");
        List<String> parts = new ArrayList<>();
        include.at("/schema/items/enum").forEach(part -> parts.add(part.asText()));
        assertThat(parts).containsExactlyElementsOf(concat("notes", SECTIONS));
        JsonNode notesLimit = named(parameters, "notesLimit");
        assertThat(notesLimit.at("/schema/type").asText()).isEqualTo("integer");
        assertThat(notesLimit.at("/schema/minimum").asInt()).isEqualTo(1);
        assertThat(notesLimit.at("/schema/maximum").asInt()).isEqualTo(500);

        // the document does not change what a bad value is: a 400 naming the parameter
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customerIn("premium") + "/sections?include=notes&notesLimit=ten")
                .then()
                .statusCode(400)
                .body("violations[0].field", equalTo("notesLimit"));
    }

    private static JsonNode named(JsonNode parameters, String name) {
        for (JsonNode parameter : parameters) {
            if (parameter.path("name").asText().equals(name)) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name + " in " + parameters);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}

package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.customer360.common.auth.Roles;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's customer {@code tags} and {@code custom_fields}, as {@code profile_update} events carry them: the newest
 * tag set wins whatever the order events arrive in, custom fields merge key by key (null removes one), and both are
 * returned, searched, exported and erased with the customer.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class CustomerTagsAndCustomFieldsTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Inject
    EventApplier applier;

    @Inject
    Pool pool;

    private final String tenant = Fixtures.unique("t");

    /** Three updates, applied newest first: the result must be what applying them oldest first gives. */
    private void history(String customer) {
        Fixtures.customer(tenant, customer)
                .event("profile_update", T.plusSeconds(2), customFields(Map.of("tier", "platinum"), "region", null))
                .event(
                        "profile_update",
                        T.plusSeconds(1),
                        Map.of(
                                "tags",
                                java.util.List.of("vip", "Beta tester", "vip"),
                                "custom_fields",
                                Map.of("seats", 42, "trial", false)))
                .event(
                        "profile_update",
                        T,
                        Map.of(
                                "name",
                                "Zebra Ltd",
                                "tags",
                                java.util.List.of("churn-risk"),
                                "custom_fields",
                                Map.of("tier", "gold", "region", "Nordics", "seats", 10)))
                .applyWith(applier);
    }

    /** {@code fields} plus one key set to null (Map.of takes no nulls). */
    private static Map<String, Object> customFields(Map<String, Object> fields, String removedKey, Object removed) {
        Map<String, Object> all = new HashMap<>(fields);
        all.put(removedKey, removed);
        return Map.of("custom_fields", all);
    }

    @Test
    void theNewestTagSetAndEveryCustomFieldsNewestValueAreTheProfiles() {
        history("zebra");
        JsonPath customer = given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/customers/zebra")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        // T+1's set (duplicates dropped) replaces T's; T+2 set no tags
        assertThat(customer.getList("tags")).containsExactly("vip", "Beta tester");
        // tier from T+2, seats and trial from T+1, region removed at T+2
        assertThat(customer.<String, Object>getMap("customFields"))
                .containsOnly(entry("tier", "platinum"), entry("seats", 42), entry("trial", false));
        // neither shows up again among the attributes
        assertThat(customer.getMap("attributes")).doesNotContainKeys("tags", "customFields", "custom_fields.tier");

        Fixtures.customer(tenant, "zebra")
                .event("profile_update", T.plusSeconds(3), tagsCleared())
                .applyWith(applier);
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/customers/zebra")
                .then()
                .statusCode(200)
                .body("tags", org.hamcrest.Matchers.nullValue());
    }

    private static Map<String, Object> tagsCleared() {
        Map<String, Object> data = new HashMap<>();
        data.put("tags", null);
        return data;
    }

    @Test
    void aCustomerWithoutTagsOrCustomFieldsHasNone() {
        Fixtures.customer(tenant, "plain")
                .event("profile_update", T, Map.of("name", "Plain"))
                .applyWith(applier);
        JsonPath customer = given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/customers/plain")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(customer.getList("tags")).isNull();
        assertThat(customer.getMap("customFields")).isEmpty();
    }

    @Test
    void tagsAndCustomFieldValuesAreSearched() {
        history("zebra");
        Fixtures.customer(tenant, "other")
                .event("profile_update", T, Map.of("name", "Other", "tags", java.util.List.of("newsletter")))
                .applyWith(applier);
        for (String query : new String[] {"beta", "platinum", "vip"}) {
            given().auth()
                    .oauth2(token(tenant, Roles.VIEWER))
                    .queryParam("q", query)
                    .get("/api/v1/search")
                    .then()
                    .statusCode(200)
                    .body("items.id", org.hamcrest.Matchers.contains("zebra"))
                    .body("items[0].kind", org.hamcrest.Matchers.equalTo("customer"))
                    .body("items[0].highlight", org.hamcrest.Matchers.containsString("<mark>"));
        }
        // replaced and removed values are found no more
        for (String query : new String[] {"churn", "nordics", "gold"}) {
            given().auth()
                    .oauth2(token(tenant, Roles.VIEWER))
                    .queryParam("q", query)
                    .get("/api/v1/search")
                    .then()
                    .statusCode(200)
                    .body("items", org.hamcrest.Matchers.hasSize(0));
        }
    }

    @Test
    void theyAreExportedAndErasedWithTheCustomer() {
        history("zebra");
        JsonPath export = given().auth()
                .oauth2(token(tenant, Roles.ADMIN))
                .get("/api/v1/customers/zebra/export")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(export.getList("customer.tags")).containsExactly("vip", "Beta tester");
        assertThat(export.<String, Object>getMap("customer.customFields"))
                .containsOnly(entry("tier", "platinum"), entry("seats", 42), entry("trial", false));

        given().auth()
                .oauth2(token(tenant, Roles.ADMIN))
                .delete("/api/v1/customers/zebra")
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/customers/zebra")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .queryParam("q", "platinum")
                .get("/api/v1/search")
                .then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.hasSize(0));
        long rows = pool.preparedQuery(
                        "SELECT count(*) FROM customers WHERE tenant = $1 AND (fields::text LIKE '%platinum%' "
                                + "OR fields::text LIKE '%Beta tester%')")
                .execute(Tuple.of(tenant))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
        assertThat(rows).isZero();
    }
}

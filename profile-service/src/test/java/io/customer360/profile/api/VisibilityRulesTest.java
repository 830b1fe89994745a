package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.oneOf;

import io.customer360.common.auth.Roles;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The data owner enforces the 360's visibility rules (the test rule: accounts of segment "restricted" show their
 * commercial and sales records to billing.reader only): the section endpoints answer 403 naming the rule, the timeline
 * and the customer's analytics leave those entries out, the profile hides its lifetime value. Every segment of the
 * customer counts (joining beta_program, first in alphabetical order, does not bypass the rule); leaving the segment
 * lifts it; other customers and callers with the role are not affected.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class VisibilityRulesTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final String RULE = "restricted-commercial";
    private static final String[] COMMERCIAL_TYPES = {
        "subscription_created", "invoice_issued", "purchase", "deal_created"
    };

    @Inject
    EventApplier applier;

    private static RequestSpecification viewer() {
        return given().auth().oauth2(token(ACME, Roles.VIEWER));
    }

    private static RequestSpecification billingReader() {
        return given().auth().oauth2(token(ACME, Roles.VIEWER, Roles.BILLING_READER));
    }

    /** A customer with commercial, sales and support records in the given segments. */
    private String customerIn(String... segments) {
        String customer = Fixtures.unique("vis_");
        Fixtures history = Fixtures.customer(ACME, customer);
        for (String segment : segments) {
            history.event("segment_joined", DAY.multipliedBy(30), Map.of("segment_name", segment));
        }
        history.event("subscription_created", DAY.multipliedBy(20), Map.of("plan", "Enterprise", "arr", 500000))
                .event("invoice_issued", DAY.multipliedBy(10), Map.of("invoice_id", "INV-V", "amount", 41000))
                .event(
                        "purchase",
                        DAY.multipliedBy(9),
                        Map.of("purchase_id", "ord_v", "product_name", "Seats", "total", 999.0))
                .event(
                        "deal_created",
                        DAY.multipliedBy(8),
                        Map.of("deal_id", "d-v", "amount", 90000, "stage", "proposal"))
                .event(
                        "ticket_opened",
                        DAY.multipliedBy(2),
                        Map.of("ticket_id", "T-V", "priority", "low", "title", "Slow export"))
                .applyWith(applier);
        return customer;
    }

    private static String path(String customer, String rest) {
        return "/api/v1/customers/" + customer + rest;
    }

    @Test
    void aRestrictedAccountsCommercialRecordsAreWithheldFromCallersWithoutTheRole() {
        // beta_program sorts before restricted: the rule still applies
        String customer = customerIn("beta_program", "restricted");
        for (String section : new String[] {"/subscription", "/sales", "/purchases"}) {
            viewer().get(path(customer, section))
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://customer360.io/problems/forbidden"))
                    .body("detail", containsString("visibility rule " + RULE));
        }
        viewer().get(path(customer, "/support")).then().statusCode(200).body("openTickets", equalTo(1));
        viewer().get(path(customer, "/timeline"))
                .then()
                .statusCode(200)
                .body("items.eventType", hasItem("ticket_opened"))
                .body("items.eventType", everyItem(not(oneOf((Object[]) COMMERCIAL_TYPES))));
        viewer().get("/api/v1/analytics/customers/" + customer + "/analytics")
                .then()
                .statusCode(200)
                .body("interaction_types", not(hasKey("invoice_issued")))
                .body("interaction_types", hasKey("ticket_opened"))
                .body("recent_interactions.interaction_type", everyItem(not(oneOf((Object[]) COMMERCIAL_TYPES))));
        viewer().get(path(customer, ""))
                .then()
                .statusCode(200)
                .body("segments", hasItems("beta_program", "restricted"))
                .body("lifetimeValue", nullValue());
    }

    @Test
    void callersWithTheRuleRoleSeeEverything() {
        String customer = customerIn("restricted");
        billingReader()
                .get(path(customer, "/subscription"))
                .then()
                .statusCode(200)
                .body("subscription.plan", equalTo("Enterprise"));
        billingReader().get(path(customer, "/sales")).then().statusCode(200).body("openDeals", equalTo(1));
        billingReader().get(path(customer, "/purchases")).then().statusCode(200);
        billingReader()
                .get(path(customer, "/timeline"))
                .then()
                .statusCode(200)
                .body("items.eventType", hasItems(COMMERCIAL_TYPES));
        billingReader().get(path(customer, "")).then().statusCode(200).body("lifetimeValue", notNullValue());
    }

    @Test
    void otherAccountsAndAnAccountThatLeftTheSegmentAreNotRestricted() {
        String other = customerIn("beta_program");
        viewer().get(path(other, "/subscription")).then().statusCode(200);
        viewer().get(path(other, "/timeline"))
                .then()
                .statusCode(200)
                .body("items.eventType", hasItems(COMMERCIAL_TYPES));

        String left = customerIn("restricted");
        viewer().get(path(left, "/sales")).then().statusCode(403);
        Fixtures.customer(ACME, left)
                .event("segment_left", DAY, Map.of("segment_name", "restricted"))
                .applyWith(applier);
        viewer().get(path(left, "/sales")).then().statusCode(200);
    }
}

package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.customer360.common.auth.Roles;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analytics of customer-analytics.md against a hand-computed fixture in a tenant of its own:
 * alice (premium, 5 interactions), bob (premium then left it, 2), carol (regular, 1).
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class AnalyticsResourceTest {

    @Inject
    EventApplier applier;

    private final String tenant = Fixtures.unique("a");

    @BeforeEach
    void fixture() {
        Fixtures.customer(tenant, "alice")
                .event("segment_joined", Duration.ofDays(40), Map.of("segment_name", "premium", "segment_value", 150.0,
                        "description", "Premium customer with high engagement", "customer_name", "Alice Co"))
                .event("support_ticket", Duration.ofHours(1), Map.of("ticket_id", "T1", "status", "open"))
                .event("contact", Duration.ofDays(3), Map.of("status", "completed"))
                .event("contact", Duration.ofDays(10), Map.of("status", "completed"))
                .event("purchase", Duration.ofDays(100), Map.of("product_name", "Widget", "total", 10))
                .applyWith(applier);
        Fixtures.customer(tenant, "bob")
                .event("segment_joined", Duration.ofDays(50), Map.of("segment_name", "premium"))
                .event("segment_left", Duration.ofDays(5), Map.of("segment_name", "premium"))
                .applyWith(applier);
        Fixtures.customer(tenant, "carol")
                .event("segment_joined", Duration.ofDays(20), Map.of("segment_name", "regular"))
                .applyWith(applier);
    }

    @Test
    void customerAnalytics() {
        given().auth().oauth2(token(tenant, Roles.VIEWER)).get("/api/v1/analytics/customers/alice/analytics?recent_limit=2")
                .then().statusCode(200)
                .body("customer_id", equalTo("alice")).body("customer_name", equalTo("Alice Co"))
                .body("total_interactions", equalTo(5))
                .body("interaction_types.contact", equalTo(2)).body("interaction_types.support_ticket", equalTo(1))
                .body("interaction_types.purchase", equalTo(1)).body("interaction_types.segment_joined", equalTo(1))
                // the purchase's timeline status is completed: 3 completed, 1 open
                .body("interaction_status.completed", equalTo(3)).body("interaction_status.open", equalTo(1))
                .body("segments", hasSize(1)).body("segments[0].segment_name", equalTo("premium"))
                .body("segments[0].segment_value", equalTo(150.0f))
                .body("segments[0].description", equalTo("Premium customer with high engagement"))
                .body("segments[0].assigned_date", notNullValue())
                .body("recent_interactions", hasSize(2)).body("recent_interactions[0].interaction_type", equalTo("support_ticket"))
                .body("last_interaction_date", notNullValue()).body("calculated_at", notNullValue());
    }

    @Test
    void segmentAnalytics() {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        given().auth().oauth2(token(tenant, Roles.VIEWER)).get("/api/v1/analytics/segments/premium/analytics?days=7")
                .then().statusCode(200)
                // bob left: alice alone, with her 5 interactions
                .body("segment_name", equalTo("premium")).body("total_customers", equalTo(1))
                .body("total_interactions", equalTo(5)).body("average_interactions_per_customer", equalTo(5.0f))
                .body("interaction_types.contact", equalTo(2))
                .body("period_days", equalTo(7)).body("activity_timeline", hasSize(7))
                .body("activity_timeline[6].date", equalTo(today));
        given().auth().oauth2(token(tenant, Roles.VIEWER)).get("/api/v1/analytics/segments/nobody/analytics").then().statusCode(404);
        given().auth().oauth2(token(tenant, Roles.VIEWER)).get("/api/v1/analytics/segments/premium/analytics?days=6")
                .then().statusCode(400).body("violations[0].field", equalTo("days"));
    }

    @Test
    void organizationSummaryDashboardAndSegments() {
        given().auth().oauth2(token(tenant, Roles.VIEWER)).get("/api/v1/analytics/organization/summary").then().statusCode(200)
                // 5 + 2 + 1 interactions
                .body("total_customers", equalTo(3)).body("total_interactions", equalTo(8))
                .body("customers_by_segment.premium", equalTo(1)).body("customers_by_segment.regular", equalTo(1))
                .body("interaction_trends", hasSize(30)).body("period_days", equalTo(30));
        given().auth().oauth2(token(tenant, Roles.VIEWER)).get("/api/v1/analytics/dashboard/metrics").then().statusCode(200)
                .body("total_customers", equalTo(3))
                // within 7 days: ticket (1 h), contact (3 d), bob's segment_left (5 d); within 30: + contact (10 d), carol (20 d)
                .body("total_interactions_week", equalTo(3)).body("total_interactions_month", equalTo(5))
                .body("top_segments.segment_name", contains("premium", "regular"))
                .body("recent_activity[0].customer_id", equalTo("alice"));
        given().auth().oauth2(token(tenant, Roles.VIEWER)).get("/api/v1/analytics/segments").then().statusCode(200)
                .body("segments.segment_name", contains("premium", "regular"))
                .body("segments[0].customer_count", equalTo(1));
    }
}

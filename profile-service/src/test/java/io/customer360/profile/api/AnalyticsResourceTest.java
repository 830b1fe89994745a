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
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every figure of the five analytics answers of customer-analytics.md, checked by value against a hand-computed fixture
 * in a tenant of its own. Times are whole offsets from the start of today (UTC), {@code T}, so each event's day and
 * window are known. Interactions (I1–I9) are contacts, tickets, meetings held, touchpoints, survey answers and the
 * seed's call, email and feedback; the logins, invoices, purchases, ticket updates and segment changes around them are
 * not interactions and must not be counted.
 *
 * <pre>
 * alice  segment_joined "VIP+ ß" T-40d (value 150) | I1 contact T completed | I2 support_ticket T-1h open
 *        ticket_resolved (same ticket) and login: today, after T | invoice_issued T-2d | purchase T-3d
 *        I3 meeting_held T-6d held | I4 nps_response T-8d | I5 csm_touchpoint T-31d
 * bob    segment_joined "VIP+ ß" T-50d, segment_left T-5d | I6 contact T-2d pending | I7 call T-10d completed
 * carol  segment_joined "VIP+ ß", "regular", "straße süd", "key accounts", "顧客✓" T-20d
 *        I8 email T-3d in_progress | I9 feedback T-100d completed
 * dave   no events but a profile update: a customer without interactions
 * </pre>
 * Another tenant holds a customer alice in a segment "VIP+ ß" with interactions today: none of it may show here.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class AnalyticsResourceTest {

    private static final String VIP = "VIP+ ß";
    private static final String PREMIUM = "Premium customer with high engagement";
    /** Every segment name below is listed and answers; none contains '/'. */
    private static final List<String> CAROLS_OTHER_SEGMENTS = List.of("regular", "straße süd", "key accounts", "顧客✓");

    @Inject
    EventApplier applier;

    private final String tenant = Fixtures.unique("a");
    private final String otherTenant = Fixtures.unique("o");
    /** The start of today, UTC. */
    private Instant today;

    private Fixtures alice;

    @BeforeEach
    void fixture() {
        today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        // later today, yet never in the future
        Instant laterToday =
                today.plus(Duration.between(today, Instant.now()).dividedBy(2)).truncatedTo(ChronoUnit.MILLIS);
        alice = Fixtures.customer(tenant, "alice")
                .event(
                        "segment_joined",
                        days(40),
                        Map.of(
                                "segment_name",
                                VIP,
                                "segment_value",
                                150.0,
                                "description",
                                PREMIUM,
                                "customer_name",
                                "Alice Co"))
                .event("contact", today, Map.of("title", "Renewal call", "status", "completed"))
                .event(
                        "support_ticket",
                        today.minus(Duration.ofHours(1)),
                        Map.of("ticket_id", "T1", "title", "Cannot pair", "status", "open"))
                .event("ticket_resolved", laterToday, Map.of("ticket_id", "T1"))
                .event("login", laterToday, Map.of("user_id", "u1"))
                .event("invoice_issued", days(2), Map.of("invoice_id", "INV-1", "amount", 100))
                .event("purchase", days(3), Map.of("product_name", "Widget", "total", 10))
                .event("meeting_held", days(6), Map.of("meeting_id", "M1", "title", "QBR"))
                .event("nps_response", days(8), Map.of("score", 9))
                .event("csm_touchpoint", days(31), Map.of("channel", "email"));
        alice.applyWith(applier);
        Fixtures.customer(tenant, "bob")
                .event("segment_joined", days(50), Map.of("segment_name", VIP))
                .event("segment_left", days(5), Map.of("segment_name", VIP))
                .event("contact", days(2), Map.of("status", "pending"))
                .event("call", days(10), Map.of("status", "completed"))
                .applyWith(applier);
        Fixtures carol =
                Fixtures.customer(tenant, "carol").event("segment_joined", days(20), Map.of("segment_name", VIP));
        CAROLS_OTHER_SEGMENTS.forEach(segment -> carol.event(
                "segment_joined", days(20), Map.of("segment_name", segment, "description", segment + " customers")));
        carol.event("email", days(3), Map.of("status", "in_progress"))
                .event("feedback", days(100), Map.of("status", "completed"))
                .applyWith(applier);
        Fixtures.customer(tenant, "dave")
                .event("profile_update", days(1), Map.of("name", "Dave"))
                .applyWith(applier);

        Fixtures.customer(otherTenant, "alice")
                .event("segment_joined", days(1), Map.of("segment_name", VIP, "description", "theirs"))
                .event("contact", today, Map.of("status", "completed"))
                .event("call", days(2), Map.of("status", "failed"))
                .applyWith(applier);
    }

    @Test
    void aCustomersAnalyticsCountEachInteractionOnceWithTheStatusItCarried() {
        JsonPath answer = get(tenant, "/customers/alice/analytics?recent_limit=3");
        assertThat(answer.getString("customer_id")).isEqualTo("alice");
        assertThat(answer.getString("customer_name")).isEqualTo("Alice Co");
        assertThat(answer.getLong("total_interactions")).isEqualTo(5);
        // the contact at T, not the later login or ticket update
        assertThat(instant(answer.getString("last_interaction_date"))).isEqualTo(today);
        assertThat(answer.getMap("interaction_types", String.class, Integer.class))
                .containsOnly(
                        entry("contact", 1),
                        entry("support_ticket", 1),
                        entry("meeting_held", 1),
                        entry("nps_response", 1),
                        entry("csm_touchpoint", 1));
        // the ticket counts as the open it was sent with, though its record is resolved by now
        assertThat(answer.getMap("interaction_status", String.class, Integer.class))
                .containsOnly(entry("completed", 1), entry("open", 1), entry("held", 1));
        assertThat(answer.getList("segments", Map.class)).hasSize(1);
        assertThat(answer.getString("segments[0].segment_name")).isEqualTo(VIP);
        assertThat(answer.getDouble("segments[0].segment_value")).isEqualTo(150.0);
        assertThat(instant(answer.getString("segments[0].assigned_date"))).isEqualTo(days(40));
        assertThat(answer.getString("segments[0].description")).isEqualTo(PREMIUM);
        assertThat(interactions(answer, "recent_interactions"))
                .containsExactly(
                        List.of(
                                alice.events().get(1).eventId(),
                                "alice",
                                "contact",
                                "Renewal call",
                                "completed",
                                today),
                        List.of(
                                alice.events().get(2).eventId(),
                                "alice",
                                "support_ticket",
                                "Cannot pair",
                                "open",
                                today.minus(Duration.ofHours(1))),
                        List.of(alice.events().get(7).eventId(), "alice", "meeting_held", "QBR", "held", days(6)));
        assertThat(instant(answer.getString("calculated_at")))
                .isBetween(Instant.now().minusSeconds(60), Instant.now());

        JsonPath bob = get(tenant, "/customers/bob/analytics");
        assertThat(bob.getLong("total_interactions")).isEqualTo(2);
        assertThat(bob.getMap("interaction_status", String.class, Integer.class))
                .containsOnly(entry("pending", 1), entry("completed", 1));
        assertThat(bob.getList("segments")).isEmpty();

        JsonPath dave = get(tenant, "/customers/dave/analytics");
        assertThat(dave.getLong("total_interactions")).isZero();
        assertThat(dave.getString("last_interaction_date")).isNull();
        assertThat(dave.getMap("interaction_types")).isEmpty();
        assertThat(dave.getMap("interaction_status")).isEmpty();
        assertThat(dave.getList("recent_interactions")).isEmpty();
    }

    @Test
    void aSegmentsAnalyticsCoverItsCurrentMembersDayByDay() {
        JsonPath vip = get(tenant, "/segments/" + VIP + "/analytics?days=7");
        assertThat(vip.getString("segment_name")).isEqualTo(VIP);
        // bob left: alice (5 interactions) and carol (2)
        assertThat(vip.getLong("total_customers")).isEqualTo(2);
        assertThat(vip.getLong("total_interactions")).isEqualTo(7);
        assertThat(vip.getDouble("average_interactions_per_customer")).isEqualTo(3.5);
        assertThat(vip.getMap("interaction_types", String.class, Integer.class))
                .containsOnly(
                        entry("contact", 1),
                        entry("support_ticket", 1),
                        entry("meeting_held", 1),
                        entry("nps_response", 1),
                        entry("csm_touchpoint", 1),
                        entry("email", 1),
                        entry("feedback", 1));
        // T-6d: alice's meeting; T-3d: carol's email; T-1h (yesterday): the ticket; T: the contact. Bob's contact is
        // not his segment's any more
        assertThat(daily(vip, "activity_timeline")).isEqualTo(days(7, Map.of(6, 1L, 3, 1L, 1, 1L, 0, 1L)));
        assertThat(vip.getInt("period_days")).isEqualTo(7);
        assertThat(instant(vip.getString("calculated_at")))
                .isBetween(Instant.now().minusSeconds(60), Instant.now());

        for (String segment : CAROLS_OTHER_SEGMENTS) {
            JsonPath one = get(tenant, "/segments/" + segment + "/analytics");
            assertThat(one.getString("segment_name")).isEqualTo(segment);
            assertThat(one.getLong("total_customers")).isEqualTo(1);
            assertThat(one.getLong("total_interactions")).isEqualTo(2);
            assertThat(one.getDouble("average_interactions_per_customer")).isEqualTo(2.0);
            assertThat(one.getMap("interaction_types", String.class, Integer.class))
                    .containsOnly(entry("email", 1), entry("feedback", 1));
            assertThat(daily(one, "activity_timeline")).isEqualTo(days(30, Map.of(3, 1L)));
            assertThat(one.getInt("period_days")).isEqualTo(30);
        }
    }

    @Test
    void segmentsAreAddressedByTheirExactName() {
        // '+' is not a space in a path, and an encoded one is the same name
        for (String encoded : new String[] {"VIP%2B%20%C3%9F", "VIP+%20%C3%9F"}) {
            assertThat((String) given().auth()
                            .oauth2(token(tenant, Roles.VIEWER))
                            .urlEncodingEnabled(false)
                            .get("/api/v1/analytics/segments/" + encoded + "/analytics")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("segment_name"))
                    .isEqualTo(VIP);
        }
        for (String unknown : new String[] {"VIP  ß", "VIP ß", "vip+ ß", "nobody", "x".repeat(300)}) {
            given().auth()
                    .oauth2(token(tenant, Roles.VIEWER))
                    .get("/api/v1/analytics/segments/{name}/analytics", unknown)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
        given().auth()
                .oauth2(token(tenant, Roles.VIEWER))
                .get("/api/v1/analytics/segments/{name}/analytics?days=6", VIP)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void theOrganizationSummaryCountsEveryCustomerAndDay() {
        JsonPath summary = get(tenant, "/organization/summary");
        assertThat(summary.getLong("total_customers")).isEqualTo(4);
        assertThat(summary.getLong("total_interactions")).isEqualTo(9);
        assertThat(summary.getMap("customers_by_segment", String.class, Integer.class))
                .containsOnly(
                        entry(VIP, 2),
                        entry("key accounts", 1),
                        entry("regular", 1),
                        entry("straße süd", 1),
                        entry("顧客✓", 1));
        // I1 T, I2 T-1h, I6 T-2d, I8 T-3d, I3 T-6d, I4 T-8d, I7 T-10d; I5 (T-31d) and I9 (T-100d) are older
        assertThat(daily(summary, "interaction_trends"))
                .isEqualTo(days(30, Map.of(0, 1L, 1, 1L, 2, 1L, 3, 1L, 6, 1L, 8, 1L, 10, 1L)));
        assertThat(summary.getInt("period_days")).isEqualTo(30);

        JsonPath week = get(tenant, "/organization/summary?days=7");
        assertThat(daily(week, "interaction_trends")).isEqualTo(days(7, Map.of(0, 1L, 1, 1L, 2, 1L, 3, 1L, 6, 1L)));
        assertThat(week.getInt("period_days")).isEqualTo(7);
        assertThat(week.getLong("total_interactions")).isEqualTo(9);
    }

    @Test
    void theDashboardCountsTodayTheWeekAndTheMonth() {
        JsonPath dashboard = get(tenant, "/dashboard/metrics");
        assertThat(dashboard.getLong("total_customers")).isEqualTo(4);
        // today: the contact at T (the login and the ticket update later today are no interactions)
        assertThat(dashboard.getLong("total_interactions_today")).isEqualTo(1);
        // the last 7 days: I1, I2, I6, I8, I3 (T-6d); the last 30: also I4 (T-8d), I7 (T-10d)
        assertThat(dashboard.getLong("total_interactions_week")).isEqualTo(5);
        assertThat(dashboard.getLong("total_interactions_month")).isEqualTo(7);
        assertThat(dashboard.getList("top_segments", Map.class))
                .containsExactly(
                        segment(VIP, 2, PREMIUM),
                        segment("key accounts", 1, "key accounts customers"),
                        segment("regular", 1, "regular customers"),
                        segment("straße süd", 1, "straße süd customers"),
                        segment("顧客✓", 1, "顧客✓ customers"));
        assertThat(dashboard.getList("recent_activity", Map.class))
                .extracting(i -> i.get("customer_id") + " " + i.get("interaction_type"))
                .containsExactly(
                        "alice contact",
                        "alice support_ticket",
                        "bob contact",
                        "carol email",
                        "alice meeting_held",
                        "alice nps_response",
                        "bob call",
                        "alice csm_touchpoint",
                        "carol feedback");
        assertThat(dashboard.getList("recent_activity.status"))
                .containsExactly(
                        "completed", "open", "pending", "in_progress", "held", null, "completed", null, "completed");
        assertThat(instant(dashboard.getString("calculated_at")))
                .isBetween(Instant.now().minusSeconds(60), Instant.now());
    }

    @Test
    void theSegmentListHasEverySegmentWithActiveMembersLargestFirst() {
        JsonPath list = get(tenant, "/segments");
        assertThat(list.getList("segments", Map.class))
                .containsExactly(
                        segment(VIP, 2, PREMIUM),
                        segment("key accounts", 1, "key accounts customers"),
                        segment("regular", 1, "regular customers"),
                        segment("straße süd", 1, "straße süd customers"),
                        segment("顧客✓", 1, "顧客✓ customers"));
    }

    @Test
    void anotherTenantSeesOnlyItsOwn() {
        JsonPath theirs = get(otherTenant, "/customers/alice/analytics");
        assertThat(theirs.getLong("total_interactions")).isEqualTo(2);
        assertThat(theirs.getMap("interaction_status", String.class, Integer.class))
                .containsOnly(entry("completed", 1), entry("failed", 1));
        JsonPath segment = get(otherTenant, "/segments/" + VIP + "/analytics?days=7");
        assertThat(segment.getLong("total_customers")).isEqualTo(1);
        assertThat(segment.getLong("total_interactions")).isEqualTo(2);
        assertThat(daily(segment, "activity_timeline")).isEqualTo(days(7, Map.of(0, 1L, 2, 1L)));
        JsonPath dashboard = get(otherTenant, "/dashboard/metrics");
        assertThat(dashboard.getLong("total_customers")).isEqualTo(1);
        assertThat(dashboard.getLong("total_interactions_today")).isEqualTo(1);
        assertThat(dashboard.getLong("total_interactions_week")).isEqualTo(2);
        assertThat(dashboard.getList("top_segments", Map.class)).containsExactly(segment(VIP, 1, "theirs"));
        given().auth()
                .oauth2(token(otherTenant, Roles.VIEWER))
                .get("/api/v1/analytics/segments/regular/analytics")
                .then()
                .statusCode(404);
    }

    private JsonPath get(String tenantId, String path) {
        return given().auth()
                .oauth2(token(tenantId, Roles.VIEWER))
                .get("/api/v1/analytics" + path)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private Instant days(int ago) {
        return today.minus(Duration.ofDays(ago));
    }

    /** {@code period} days ending today, oldest first: {@code counts} by days ago, the others zero. */
    private List<Map<String, Object>> days(int period, Map<Integer, Long> counts) {
        List<Map<String, Object>> timeline = new ArrayList<>();
        LocalDate date = LocalDate.ofInstant(today, ZoneOffset.UTC);
        for (int ago = period - 1; ago >= 0; ago--) {
            Map<String, Object> day = new LinkedHashMap<>();
            day.put("date", date.minusDays(ago).toString());
            day.put("interactions", counts.getOrDefault(ago, 0L));
            timeline.add(day);
        }
        return timeline;
    }

    private static List<Map<String, Object>> daily(JsonPath answer, String field) {
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (Map<?, ?> day : answer.getList(field, Map.class)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("date", day.get("date"));
            entry.put("interactions", ((Number) day.get("interactions")).longValue());
            timeline.add(entry);
        }
        return timeline;
    }

    private static List<List<Object>> interactions(JsonPath answer, String field) {
        List<List<Object>> items = new ArrayList<>();
        for (Map<?, ?> item : answer.getList(field, Map.class)) {
            items.add(java.util.Arrays.asList(
                    item.get("event_id"),
                    item.get("customer_id"),
                    item.get("interaction_type"),
                    item.get("title"),
                    item.get("status"),
                    instant((String) item.get("interaction_date"))));
        }
        return items;
    }

    private static Map<String, Object> segment(String name, int customers, String description) {
        Map<String, Object> segment = new LinkedHashMap<>();
        segment.put("segment_name", name);
        segment.put("customer_count", customers);
        segment.put("description", description);
        return segment;
    }

    private static Instant instant(String text) {
        return text == null ? null : OffsetDateTime.parse(text).toInstant();
    }
}

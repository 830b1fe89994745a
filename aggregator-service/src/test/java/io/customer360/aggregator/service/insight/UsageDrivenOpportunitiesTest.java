package io.customer360.aggregator.service.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.domain.insight.Opportunity;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.UsageSection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expansion valued from the price per seat and the seats needed, and upsell from usage: API use beyond the plan,
 * features asked for but not in the plan, users waiting for seats; each with the figures it rests on (issue 21).
 * Figures by hand in the comments.
 */
class UsageDrivenOpportunitiesTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode subscription = JSON.createObjectNode();
    private final ObjectNode usage = JSON.createObjectNode();
    private final ObjectNode sales = JSON.createObjectNode();

    private UsageDrivenOpportunitiesTest seats(Integer total, Integer used, Double arr) {
        ObjectNode current = subscription.putObject("subscription").put("id", "primary");
        current.put("seatsTotal", total).put("seatsUsed", used).put("lastChangedAt", NOW.toString());
        current.putArray("eventIds").add("evt_subscription");
        subscription
                .putObject("seats")
                .put("total", total)
                .put("used", used)
                .put("utilization", total == null || used == null ? null : (double) used / total);
        subscription.putObject("billing").put("arr", arr);
        return this;
    }

    private UsageDrivenOpportunitiesTest activeUsers(long last30Days) {
        usage.putObject("users").put("last30Days", last30Days);
        return this;
    }

    private List<Opportunity> find() {
        AccountFacts facts = new AccountFacts(
                null,
                subscription.isEmpty() ? null : JSON.convertValue(subscription, SubscriptionSection.class),
                null,
                null,
                usage.isEmpty() ? null : JSON.convertValue(usage, UsageSection.class),
                sales.isEmpty() ? null : JSON.convertValue(sales, SalesSection.class),
                NOW);
        return OpportunityFinder.find(facts, DefaultThresholds.ROUTING);
    }

    private static Opportunity only(List<Opportunity> found, String type) {
        List<Opportunity> of = found.stream().filter(o -> o.type().equals(type)).toList();
        assertThat(of).hasSize(1);
        return of.get(0);
    }

    private static Map<String, Number> figures(Object... namesAndValues) {
        Map<String, Number> figures = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            figures.put((String) namesAndValues[i], (Number) namesAndValues[i + 1]);
        }
        return figures;
    }

    @Test
    void expansionIsThePriceOfTheSeatsNeeded() {
        // the seed's account: 245 of 250 seats (98 %), 253 active users → 3 waiting; ARR 180,000 → 720 a seat;
        // demand 253: 253 / 0.9 = 281.1 → 281 + 1 − 250 = 32 seats → 32 × 720 = 23,040
        Opportunity expansion = only(seats(250, 245, 180000.0).activeUsers(253).find(), "expansion");

        assertThat(expansion.value()).isEqualTo(23040.0);
        assertThat(expansion.signal())
                .isEqualTo(
                        "98% seat utilization (245 of 250 seats), 3 user(s) waiting for seats (253 active of 250 seats)");
        assertThat(expansion.recommendation()).isEqualTo("Propose 32 more seat(s) at 720 a seat in the next meeting");
        assertThat(expansion.evidence())
                .containsExactlyEntriesOf(figures(
                        "seats",
                        250,
                        "seatsUsed",
                        245,
                        "monthlyActiveUsers",
                        253L,
                        "usersWaitingForSeats",
                        3L,
                        "seatsNeeded",
                        32L,
                        "pricePerSeat",
                        720.0));
        assertThat(expansion.evidenceEventIds()).containsExactly("evt_subscription");
    }

    @Test
    void atTheThresholdOneSeatBringsUtilizationBelowIt() {
        // 45 of 50 (exactly 90 %), nobody waiting: 45 / 0.9 = 50 → 50 + 1 − 50 = 1 seat at 60,000 / 50 = 1,200
        Opportunity expansion = only(seats(50, 45, 60000.0).activeUsers(45).find(), "expansion");

        assertThat(expansion.value()).isEqualTo(1200.0);
        assertThat(expansion.signal()).isEqualTo("90% seat utilization (45 of 50 seats)");
        assertThat(expansion.evidence()).containsEntry("seatsNeeded", 1L).containsEntry("usersWaitingForSeats", 0L);
    }

    @Test
    void usersWaitingForSeatsAloneAreAnExpansionWithoutAPriceWhenArrIsUnknown() {
        // seats in use unknown, 60 active users on 50 seats: 10 waiting; 60 / 0.9 = 66.7 → 66 + 1 − 50 = 17 seats;
        // no ARR → no price, no value
        Opportunity expansion = only(seats(50, null, null).activeUsers(60).find(), "expansion");

        assertThat(expansion.value()).isNull();
        assertThat(expansion.signal()).isEqualTo("10 user(s) waiting for seats (60 active of 50 seats)");
        assertThat(expansion.recommendation()).isEqualTo("Propose 17 more seat(s) in the next meeting");
        assertThat(expansion.evidence())
                .containsExactlyEntriesOf(figures(
                        "seats", 50, "monthlyActiveUsers", 60L, "usersWaitingForSeats", 10L, "seatsNeeded", 17L));
    }

    @Test
    void roomOnTheSeatsIsNoExpansion() {
        // 40 of 50 (80 %), 40 active
        assertThat(seats(50, 40, 60000.0).activeUsers(40).find())
                .extracting(Opportunity::type)
                .doesNotContain("expansion");
    }

    private UsageDrivenOpportunitiesTest api(int included, long usesIn90Days) {
        ((ObjectNode) subscription.get("subscription")).put("apiCallsIncluded", included);
        usage.putArray("features").addObject().put("feature", "API").put("usesLast90Days", usesIn90Days);
        return this;
    }

    @Test
    void apiUseBeyondThePlanIsAnUpsell() {
        // 360,000 calls in 90 days = 120,000 a month against 100,000 included: 120 %
        Opportunity api = only(seats(50, 10, 60000.0).api(100000, 360000).find(), "api_upsell");

        assertThat(api.signal())
                .isEqualTo(
                        "API use beyond the plan: 120,000 calls a month (90-day average) against 100,000 included (120%)");
        assertThat(api.value()).isNull();
        assertThat(api.basis()).isEqualTo("observed");
        assertThat(api.evidence())
                .containsExactlyEntriesOf(
                        figures("apiCallsPerMonth", 120000L, "apiCallsIncluded", 100000, "percentOfPlan", 120L));
        assertThat(api.expansion()).isTrue();
    }

    @Test
    void apiUseWithinThePlanIsNone() {
        // 300,000 in 90 days = 100,000 a month: exactly the allowance
        assertThat(seats(50, 10, 60000.0).api(100000, 300000).find())
                .extracting(Opportunity::type)
                .doesNotContain("api_upsell");
    }

    private UsageDrivenOpportunitiesTest requested(String feature, long requests, String... eventIds) {
        ObjectNode request = sales.withArrayProperty("featureRequests")
                .addObject()
                .put("feature", feature)
                .put("requests", requests)
                .put("lastRequestedAt", NOW.toString());
        ArrayNode ids = request.putArray("eventIds");
        for (String id : eventIds) {
            ids.add(id);
        }
        return this;
    }

    @Test
    void featuresAskedForButNotInThePlanAreAnUpsell() {
        seats(50, 10, 60000.0);
        ((ObjectNode) subscription.get("subscription"))
                .putArray("features")
                .add("sso")
                .add("api")
                .add("Audit-Log");
        // audit_log is the plan's Audit-Log; sandbox (2 requests) and custom roles (1) are not in the plan
        requested("audit_log", 3, "evt_r1").requested("sandbox", 2, "evt_r2", "evt_r3");
        requested("custom roles", 1, "evt_r4");

        Opportunity features = only(find(), "feature_upsell");

        assertThat(features.signal())
                .isEqualTo("Asked for but not in the plan: sandbox (2 requests), custom roles (1 request)");
        assertThat(features.recommendation()).isEqualTo("Present the plan or add-on that includes sandbox");
        assertThat(features.evidence()).containsExactlyEntriesOf(figures("featuresRequested", 2, "requests", 3L));
        assertThat(features.evidenceEventIds()).containsExactly("evt_r2", "evt_r3", "evt_r4");
    }

    @Test
    void withoutThePlansFeaturesNoRequestIsKnownToBeMissing() {
        seats(50, 10, 60000.0).requested("sandbox", 2, "evt_r2");
        assertThat(find()).extracting(Opportunity::type).doesNotContain("feature_upsell");
    }
}

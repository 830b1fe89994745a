package io.customer360.aggregator.service.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.domain.Conflict;
import io.customer360.aggregator.domain.EngagementMetrics;
import io.customer360.aggregator.domain.SourceValue;
import io.customer360.aggregator.service.provider.ProviderOutcome;
import io.customer360.aggregator.service.provider.ProviderResults;
import io.customer360.common.contract.profile.SubscriptionSection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sources that disagree: the configured precedence chooses, the sections show the choice, the conflict is listed. */
class ReconcilerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Reconciler RECONCILER = new Reconciler(
            Map.of(
                    "arr",
                    List.of("billing-service", "crm-service"),
                    "seatsTotal",
                    List.of("Billing-Service ", "crm-service"),
                    "contractEndDate",
                    List.of("crm-service", "billing-service")),
            Map.of("role", List.of("crm-service")));

    private static ObjectNode value(String source, Object value, String at, String eventId) {
        ObjectNode entry =
                JSON.createObjectNode().put("source", source).put("at", at).put("eventId", eventId);
        entry.set("value", JSON.valueToTree(value));
        return entry;
    }

    /** A subscription section as profile-service answers it; the top-level values are the newest (the CRM's here). */
    private static ObjectNode subscription(ObjectNode... arr) {
        ObjectNode section = JSON.createObjectNode();
        ObjectNode record = section.putObject("subscription")
                .put("id", "primary")
                .put("arr", 48000)
                .put("seatsTotal", 55)
                .put("seatsUsed", 50);
        record.putObject("sources").putArray("arr").addAll(List.of(arr));
        section.putObject("seats").put("total", 55).put("used", 50).put("utilization", 0.909);
        section.putObject("billing").put("arr", 48000).put("arrSource", "reported");
        return section;
    }

    /** The provider's answer read into its record, as the REST client reads profile-service's JSON. */
    private static ProviderResults results(String provider, JsonNode data) {
        Class<?> type = provider.equals(Reconciler.SUBSCRIPTION) ? SubscriptionSection.class : EngagementMetrics.class;
        Object answer = JSON.convertValue(data, type);
        return new ProviderResults(List.of(new ProviderOutcome(
                provider, "profile-service", ProviderOutcome.Status.OK, answer, Duration.ofMillis(3), null)));
    }

    /** A provider's answer as JSON again, to read it by path. */
    private static JsonNode json(ProviderResults results, String provider) {
        return JSON.valueToTree(results.data(provider));
    }

    @Test
    void theFirstSourceOfThePrecedenceWinsEverywhereTheFieldIsShown() {
        ProviderResults answered = results(
                "subscription_details",
                subscription(
                        value("billing-service", 50400, "2026-10-01T00:00:00Z", "ev_b"),
                        value("crm-service", 48000, "2026-10-02T00:00:00Z", "ev_c")));

        Reconciler.Reconciled reconciled = RECONCILER.reconcile(answered);

        JsonNode section = json(reconciled.results(), "subscription_details");
        assertThat(section.at("/subscription/arr").intValue()).isEqualTo(50400);
        assertThat(section.at("/billing/arr").intValue()).isEqualTo(50400);
        assertThat(reconciled.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.field()).isEqualTo("subscription.arr");
            assertThat(conflict.recordId()).isEqualTo("primary");
            assertThat(conflict.chosen().source()).isEqualTo("billing-service");
            assertThat(conflict.chosen().value().intValue()).isEqualTo(50400);
            assertThat(conflict.rule()).isEqualTo("precedence billing-service > crm-service");
            assertThat(conflict.values())
                    .extracting(SourceValue::source, SourceValue::eventId)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("billing-service", "ev_b"),
                            org.assertj.core.groups.Tuple.tuple("crm-service", "ev_c"));
            assertThat(conflict.values().get(0).at()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        });
        // the answer as received is left as it was
        assertThat(json(answered, "subscription_details").at("/billing/arr").intValue())
                .isEqualTo(48000);
    }

    @Test
    void sourcesThatAgreeOrASingleSourceAreNoConflict() {
        ProviderResults agreeing = results(
                "subscription_details",
                subscription(
                        value("billing-service", 48000, "2026-10-01T00:00:00Z", "ev_b"),
                        value("crm-service", 48000.0, "2026-10-02T00:00:00Z", "ev_c")));
        ProviderResults single = results(
                "subscription_details", subscription(value("crm-service", 48000, "2026-10-02T00:00:00Z", "ev_c")));

        for (ProviderResults answered : List.of(agreeing, single)) {
            Reconciler.Reconciled reconciled = RECONCILER.reconcile(answered);
            assertThat(reconciled.conflicts()).isEmpty();
            assertThat(reconciled.results()).isSameAs(answered);
        }
    }

    @Test
    void withoutAPrecedenceOrWhenNoListedSourceReportedTheNewestValueWins() {
        ObjectNode section = subscription(
                value("finance-sheet", 51000, "2026-10-03T00:00:00Z", "ev_f"),
                value("partner-portal", 49000, "2026-10-01T00:00:00Z", "ev_p"));
        ObjectNode end = section.withObjectProperty("subscription")
                .put("contractEndDate", "2027-03-31T00:00:00Z")
                .withObjectProperty("sources");
        end.putArray("contractEndDate")
                .add(value("billing-service", "2027-03-31T00:00:00Z", "2026-10-01T00:00:00Z", "ev_1"))
                .add(value("finance-sheet", "2027-06-30T00:00:00Z", "2026-10-03T00:00:00Z", "ev_2"));
        end.putArray("currency")
                .add(value("billing-service", "USD", "2026-10-01T00:00:00Z", "ev_1"))
                .add(value("crm-service", "EUR", "2026-10-04T00:00:00Z", "ev_3"));

        Reconciler.Reconciled reconciled = RECONCILER.reconcile(results("subscription_details", section));

        assertThat(reconciled.conflicts())
                .extracting(Conflict::field, c -> c.chosen().source(), Conflict::rule)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "subscription.arr",
                                "finance-sheet",
                                "most recent (none of billing-service, crm-service reported it)"),
                        org.assertj.core.groups.Tuple.tuple(
                                "subscription.contractEndDate",
                                "billing-service",
                                "precedence crm-service > billing-service"),
                        org.assertj.core.groups.Tuple.tuple("subscription.currency", "crm-service", "most recent"));
        JsonNode reconciledSection = json(reconciled.results(), "subscription_details");
        assertThat(reconciledSection.at("/subscription/arr").intValue()).isEqualTo(51000);
        assertThat(reconciledSection.at("/subscription/currency").asText()).isEqualTo("EUR");
    }

    @Test
    void chosenSeatsRecomputeTheUtilization() {
        ObjectNode section = subscription();
        section.withObjectProperty("subscription")
                .withObjectProperty("sources")
                .putArray("seatsTotal")
                .add(value("billing-service", 100, "2026-10-01T00:00:00Z", "ev_b"))
                .add(value("crm-service", 55, "2026-10-02T00:00:00Z", "ev_c"));

        JsonNode seats = json(
                        RECONCILER
                                .reconcile(results("subscription_details", section))
                                .results(),
                        "subscription_details")
                .path("seats");

        assertThat(seats.path("total").intValue()).isEqualTo(100);
        assertThat(seats.path("utilization").decimalValue()).isEqualByComparingTo("0.500");
    }

    @Test
    void aContactsChosenRolePutsItBackAmongTheChampions() throws IOException {
        JsonNode engagement = JSON.readTree("""
                {"engagement": {}, "contacts": {"activeContacts": 1, "champions": [], "executiveSponsors": [], "departedKeyContacts": [],
                  "contacts": [{"id": "c1", "name": "Dana Wu", "role": "user", "status": "active", "sources": {"role": [
                    {"source": "crm-service", "value": "champion", "at": "2026-10-01T00:00:00Z", "eventId": "ev_crm"},
                    {"source": "support-system", "value": "user", "at": "2026-10-03T00:00:00Z", "eventId": "ev_sup"}]}}]}}""");

        Reconciler.Reconciled reconciled = RECONCILER.reconcile(results("engagement_metrics", engagement));

        JsonNode contacts = json(reconciled.results(), "engagement_metrics").path("contacts");
        assertThat(contacts.at("/contacts/0/role").asText()).isEqualTo("champion");
        assertThat(contacts.at("/champions/0/id").asText()).isEqualTo("c1");
        assertThat(reconciled.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.field()).isEqualTo("contact.role");
            assertThat(conflict.recordId()).isEqualTo("c1");
            assertThat(conflict.rule()).isEqualTo("precedence crm-service");
        });
    }
}

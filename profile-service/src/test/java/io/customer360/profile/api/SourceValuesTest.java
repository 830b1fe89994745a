package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.customer360.common.auth.Roles;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.profile.Fixtures;
import io.customer360.profile.service.EventApplier;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fields several systems report keep each source's newest value beside the newest value overall: billing and the CRM
 * disagree on ARR, seats and the contract end, the CRM and support on a contact's role. The same events applied in
 * opposite orders give the same record, sources included.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class SourceValuesTest {

    private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

    @Inject
    EventApplier applier;

    /** Billing first, then the CRM a day later, then support a day after that. */
    private static Fixtures disagreeing(String customer) {
        return Fixtures.customer(ACME, customer)
                .eventFrom(
                        "billing-service",
                        "subscription_created",
                        T0,
                        Map.of("plan", "Pro", "arr", 50400, "seats_total", 60, "contract_end_date", "2027-03-31"))
                .eventFrom(
                        "crm-service",
                        "subscription_updated",
                        T0.plus(Duration.ofDays(1)),
                        Map.of("arr", 48000, "seats_total", 55, "contract_end_date", "2027-06-30"))
                .eventFrom(
                        "crm-service",
                        "contact_added",
                        T0,
                        Map.of("contact_id", "c1", "contact_name", "Dana Wu", "role", "champion"))
                .eventFrom(
                        "support-system",
                        "contact_updated",
                        T0.plus(Duration.ofDays(2)),
                        Map.of("contact_id", "c1", "role", "user"));
    }

    private void apply(List<NormalizedEvent> events) {
        applier.apply(events).await().atMost(Duration.ofSeconds(30));
    }

    private static JsonPath get(String customer, String section) {
        return given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer + "/" + section)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void eachSourcesValueIsKeptAndTheSameInAnyOrder() {
        String forward = Fixtures.unique("src_");
        String backward = Fixtures.unique("src_");
        apply(disagreeing(forward).events());
        List<NormalizedEvent> reversed = new ArrayList<>(disagreeing(backward).events());
        Collections.reverse(reversed);
        reversed.forEach(event -> apply(List.of(event)));

        JsonPath subscription = get(forward, "subscription");
        // the newest value stays on top, as before: the CRM's
        assertThat(subscription.getInt("subscription.arr")).isEqualTo(48000);
        assertThat(subscription.getList("subscription.sources.arr.source"))
                .containsExactly("billing-service", "crm-service");
        assertThat(subscription.getList("subscription.sources.arr.value", Integer.class))
                .containsExactly(50400, 48000);
        assertThat(subscription.getList("subscription.sources.seatsTotal.value", Integer.class))
                .containsExactly(60, 55);
        assertThat(subscription.getList("subscription.sources.contractEndDate.value"))
                .containsExactly("2027-03-31T00:00:00Z", "2027-06-30T00:00:00Z");
        assertThat(subscription.getString("subscription.sources.arr[0].at")).isEqualTo(T0.toString());
        assertThat(subscription.getString("subscription.sources.arr[0].eventId"))
                .startsWith("ev_");
        assertThat(subscription.getMap("subscription")).doesNotContainKeys("arr@billing-service", "arr@crm-service");
        JsonPath contacts = get(forward, "contacts");
        assertThat(contacts.getString("contacts[0].role")).isEqualTo("user");
        assertThat(contacts.getList("contacts[0].sources.role.source"))
                .containsExactly("crm-service", "support-system");
        assertThat(contacts.getList("contacts[0].sources.role.value")).containsExactly("champion", "user");

        JsonPath other = get(backward, "subscription");
        assertThat(withoutEventIds(other.getMap("subscription.sources")))
                .isEqualTo(withoutEventIds(subscription.getMap("subscription.sources")));
        assertThat(get(backward, "contacts").getList("contacts[0].sources.role.value"))
                .containsExactly("champion", "user");
    }

    @Test
    void aFieldNobodyReportsPerSourceHasNoSources() {
        String customer = Fixtures.unique("src_");
        apply(Fixtures.customer(ACME, customer)
                .eventFrom("billing-service", "invoice_issued", T0, Map.of("invoice_id", "INV-1", "amount", 100))
                .events());
        assertThat(get(customer, "subscription").getMap("recentInvoices[0]")).doesNotContainKey("sources");
    }

    @Test
    void anOddSourceNameBecomesAToken() {
        String customer = Fixtures.unique("src_");
        String odd = " Billing Service/Ä <b>" + "x".repeat(300);
        apply(Fixtures.customer(ACME, customer)
                .eventFrom(odd, "seats_changed", T0, Map.of("seats_total", 10))
                .events());
        String source = get(customer, "subscription").getString("subscription.sources.seatsTotal[0].source");
        // lower-cased, each character outside a-z 0-9 . _ - as _, cut at 64
        assertThat(source).isEqualTo("billing_service____b_" + "x".repeat(43));
    }

    /** Event ids differ between the two customers' copies of the history; everything else must match. */
    private static Map<String, Object> withoutEventIds(Map<String, Object> sources) {
        Map<String, Object> copy = new java.util.TreeMap<>();
        sources.forEach((field, values) -> copy.put(
                field,
                ((List<?>) values)
                        .stream()
                                .map(value -> {
                                    Map<?, ?> entry = new java.util.TreeMap<>((Map<?, ?>) value);
                                    entry.remove("eventId");
                                    return entry;
                                })
                                .toList()));
        return copy;
    }
}

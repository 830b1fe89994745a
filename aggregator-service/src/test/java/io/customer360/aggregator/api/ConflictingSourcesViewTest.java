package io.customer360.aggregator.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.aggregator.testing.ViewSchemas;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Sources that disagree, seeded into the real profile-service: billing and the CRM on ARR, seats and the contract end,
 * the CRM and support on a contact's role. The view shows the value the default precedence chose, the rule and the
 * conflict; sources that agree, or a single source, give no conflict. The contact, a champion by the CRM's word, has
 * opted out of calls: no action calls her.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class ConflictingSourcesViewTest {

    private static JsonPath view(String customer) {
        return answer(customer).jsonPath();
    }

    private static ExtractableResponse<Response> answer(String customer) {
        return given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer)
                .then()
                .statusCode(200)
                .extract();
    }

    @Test
    void theViewShowsTheChosenValuesTheRuleAndEachConflict() throws InterruptedException {
        String customer = "conflicted_" + UUID.randomUUID().toString().substring(0, 8);
        String billingEnd;
        String crmEnd;
        try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
            billingEnd = seed.date(200);
            crmEnd = seed.date(230);
            seed.event("profile_update", Duration.ofDays(400), Map.of("customer_name", "Umbrella"));
            seed.eventFrom(
                    "billing-service",
                    "subscription_created",
                    Duration.ofDays(30),
                    Map.of(
                            "plan",
                            "Enterprise",
                            "arr",
                            50400,
                            "seats_total",
                            60,
                            "seats_used",
                            42,
                            "contract_end_date",
                            billingEnd));
            // the CRM speaks last: by last-writer-wins alone its figures would be shown
            seed.eventFrom(
                    "crm-service",
                    "subscription_updated",
                    Duration.ofDays(20),
                    Map.of("arr", 48000, "seats_total", 55, "contract_end_date", crmEnd));
            seed.eventFrom(
                    "crm-service",
                    "contact_added",
                    Duration.ofDays(90),
                    Map.of(
                            "contact_id",
                            "c1",
                            "contact_name",
                            "Dana Wu",
                            "job_title",
                            "Head of Data",
                            "role",
                            "champion",
                            "opted_out_channels",
                            List.of("call")));
            seed.eventFrom(
                    "support-system",
                    "contact_updated",
                    Duration.ofDays(10),
                    Map.of("contact_id", "c1", "role", "user"));
            // no meeting for 50 days: an engagement drop, whose check-in would call the champion
            seed.event("meeting_held", Duration.ofDays(50), Map.of("meeting_id", "m1", "meeting_type", "checkin"));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath view = view(customer);
            // get, not getInt: a section still null (events not applied yet) fails the assertion and is polled again
            assertThat(view.<Integer>get("commercialSummary.arr")).isEqualTo(50400);
            assertThat(view.<Integer>get("accountProfile.arr")).isEqualTo(50400);
            assertThat(view.<Integer>get("commercialSummary.expansion.currentSeats"))
                    .isEqualTo(60);
            assertThat(view.<Float>get("commercialSummary.expansion.seatUtilization"))
                    .isEqualTo(0.7f);
            assertThat(view.getString("commercialSummary.contract.endDate")).isEqualTo(crmEnd);
            assertThat(view.getString("accountProfile.contractEnd")).isEqualTo(crmEnd);
            assertThat(view.getString("engagementSummary.champion.name")).isEqualTo("Dana Wu");

            assertThat(view.getList("guardrails.conflicts.field"))
                    .containsExactlyInAnyOrder(
                            "subscription.arr",
                            "subscription.seatsTotal",
                            "subscription.contractEndDate",
                            "contact.role");
            Map<String, Object> arr = conflict(view, "subscription.arr");
            assertThat(arr)
                    .containsEntry("recordId", "primary")
                    .containsEntry("rule", "precedence billing-service > crm-service")
                    .containsEntry("chosen", Map.of("value", 50400, "source", "billing-service"));
            assertThat((List<Map<String, Object>>) arr.get("values"))
                    .extracting(v -> v.get("source"), v -> v.get("value"))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("billing-service", 50400),
                            org.assertj.core.groups.Tuple.tuple("crm-service", 48000));
            assertThat((List<Map<String, Object>>) arr.get("values"))
                    .allSatisfy(v -> assertThat(v).containsKeys("at", "eventId"));
            assertThat(conflict(view, "subscription.contractEndDate"))
                    .containsEntry("rule", "precedence crm-service > billing-service")
                    .containsEntry("chosen", Map.of("value", crmEnd + "T00:00:00Z", "source", "crm-service"));
            assertThat(conflict(view, "contact.role"))
                    .containsEntry("recordId", "c1")
                    .containsEntry("rule", "precedence crm-service")
                    .containsEntry("chosen", Map.of("value", "champion", "source", "crm-service"));

            // respected preferences: the champion is met, never called, and the view says why
            List<Map<String, Object>> actions = view.getList("recommendedActions");
            assertThat(actions).extracting(a -> a.get("channel")).doesNotContain("call");
            assertThat(actions)
                    .extracting(a -> (String) a.get("action"))
                    .noneMatch(text -> text.contains("call"))
                    .contains("Schedule an account check-in: meet Dana Wu (champion)");
            assertThat(view.getList("guardrails.contactPreferences", String.class))
                    .contains(
                            "Schedule an account check-in: Dana Wu (champion) opted out of call; meet Dana Wu (champion) instead");
        });

        // the reconciled values keep the types the schemas give them
        ViewSchemas.assertValid(answer(customer).asString());

        // an AI assistant's context pack states the disputed value as disputed, with what each source said
        List<Map<String, Object>> items = given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customer-360/" + customer + "/context?format=json&maxTokens=8000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        assertThat(items)
                .filteredOn(item -> "conflict".equals(item.get("kind")))
                .extracting(item -> (String) item.get("text"))
                .contains(
                        "Conflict subscription.arr (primary): shown 50400 from billing-service (precedence billing-service > "
                                + "crm-service); sources said billing-service 50400, crm-service 48000.");
    }

    @Test
    void sourcesThatAgreeOrASingleSourceShowNoConflict() throws InterruptedException {
        String customer = "agreeing_" + UUID.randomUUID().toString().substring(0, 8);
        try (ProfileSeed seed = new ProfileSeed("acme", customer)) {
            seed.eventFrom(
                    "billing-service",
                    "subscription_created",
                    Duration.ofDays(30),
                    Map.of("plan", "Pro", "arr", 50400, "seats_total", 60, "contract_end_date", seed.date(200)));
            seed.eventFrom(
                    "crm-service",
                    "subscription_updated",
                    Duration.ofDays(20),
                    Map.of("arr", 50400.0, "seats_total", 60));
            seed.eventFrom(
                    "crm-service",
                    "contact_added",
                    Duration.ofDays(90),
                    Map.of("contact_id", "c1", "contact_name", "Ola Berg", "role", "champion"));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath view = view(customer);
            assertThat(view.<Integer>get("commercialSummary.arr")).isEqualTo(50400);
            assertThat(view.getString("engagementSummary.champion.name")).isEqualTo("Ola Berg");
            assertThat(view.getList("guardrails.conflicts")).isEmpty();
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> conflict(JsonPath view, String field) {
        return view.getMap("guardrails.conflicts.find { it.field == '" + field + "' }");
    }
}

package io.customer360.aggregator.service.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.config.VisibilityConfig;
import io.customer360.aggregator.domain.Customer360;
import io.customer360.aggregator.domain.SectionStatus;
import io.customer360.common.contract.profile.Customer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A visibility rule withholds exactly the parts it names, for exactly the callers without its roles, for an account in
 * any of its segments; when the account's segments are unknown, every rule the caller lacks a role for applies.
 */
class VisibilityRulesTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    record Rule(List<String> segments, List<String> parts, List<String> roles) implements VisibilityConfig.Rule {}

    private final VisibilityRules rules = new VisibilityRules(
            Map.of(
                    "enterprise-commercial",
                    new Rule(
                            List.of("Enterprise"),
                            List.of("commercialSummary", "salesPipeline"),
                            List.of("billing.reader", "c360.admin"))),
            JSON);

    private static Customer360 view(String segment) throws Exception {
        return JSON.readValue("""
                {"accountId":"cust_1","generatedAt":"2026-11-22T10:00:00Z","dataCompleteness":1.0,
                 "accountProfile":{"name":"Acme Corp","segment":"%s","arr":240000,"contractEnd":"2027-01-01"},
                 "healthSummary":{"overallScore":72},"engagementSummary":{"activeUsers":12},"supportSummary":{"openTickets":1},
                 "usageSummary":{"sessions":40},"commercialSummary":{"arr":240000,"renewalDate":"2027-01-01"},
                 "keyNarrative":"Healthy.","riskIndicators":[],"opportunities":[],"recommendedActions":[],"exitState":"healthy",
                 "sections":{"commercialSummary":{"status":"complete","providers":["subscription_details"],
                   "source":["profile-service"],"freshAsOf":null,"stale":false,"missingShare":0.0,"reason":null}},
                 "agent":"assistant","focus":null,"narrativeEvidence":[],
                 "guardrails":{"minimumDataMet":true,"missingRequired":[],"staleSections":[],"incompleteSections":[],"redactions":[],
                   "conflicts":[{"field":"subscription.arr","recordId":"primary","chosen":{"value":240000,"source":"billing-service"},
                     "rule":"precedence billing-service > crm-service","values":[
                       {"source":"billing-service","value":240000,"at":"2026-11-01T00:00:00Z","eventId":"ev_1"},
                       {"source":"crm-service","value":220000,"at":"2026-11-02T00:00:00Z","eventId":"ev_2"}]},
                     {"field":"contact.role","recordId":"c1","chosen":{"value":"champion","source":"crm-service"},
                     "rule":"precedence crm-service","values":[]}],
                   "contactPreferences":[]},
                 "providers":{},"successPlan":null,"salesPipeline":{"openDeals":2},"securitySummary":{"mfa":true},
                 "enrichment":null,"keyNotes":[]}""".formatted(segment), Customer360.class);
    }

    private static boolean absent(com.fasterxml.jackson.databind.JsonNode part) {
        return part == null || part.isNull();
    }

    private static ObjectNode without(Customer360 view, String... fields) {
        ObjectNode json = JSON.valueToTree(view);
        json.remove(List.of(fields));
        return json;
    }

    @Test
    void aCallerWithoutTheRolesSeesTheNamedPartsWithheldAndNothingElseChanged() throws Exception {
        Customer360 full = view("enterprise");
        List<VisibilityRules.Rule> withheld = rules.withheldFrom(Set.of("c360.viewer", "c360.sensitive")::contains);
        Customer360 shown = rules.apply(full, withheld, Set.of("enterprise"));

        ObjectNode answer = JSON.valueToTree(shown);
        assertThat(answer.has("commercialSummary")
                        && answer.get("commercialSummary").isNull())
                .as("present and null")
                .isTrue();
        assertThat(answer.has("salesPipeline") && answer.get("salesPipeline").isNull())
                .as("present and null")
                .isTrue();
        SectionStatus commercial = shown.sections().get("commercialSummary");
        assertThat(commercial.status()).isEqualTo(SectionStatus.Status.WITHHELD);
        assertThat(commercial.providers()).containsExactly("subscription_details");
        assertThat(commercial.reason()).contains("enterprise-commercial").contains("billing.reader");
        assertThat(shown.sections().get("salesPipeline").status()).isEqualTo(SectionStatus.Status.WITHHELD);
        assertThat(shown.guardrails().redactions()).containsExactly("visibility:enterprise-commercial");
        // the ARR conflict would show the withheld ARR: it goes with the commercial summary; the contact's stays
        assertThat(shown.guardrails().conflicts()).extracting(c -> c.field()).containsExactly("contact.role");
        assertThat(full.guardrails().conflicts()).hasSize(2);
        // the account profile's copies of the subscription go with it too
        assertThat(shown.accountProfile().path("arr").isNull()).isTrue();
        assertThat(shown.accountProfile().path("contractEnd").isNull()).isTrue();
        assertThat(shown.accountProfile().path("name").asText()).isEqualTo("Acme Corp");
        assertThat(without(shown, "commercialSummary", "salesPipeline", "sections", "guardrails", "accountProfile"))
                .isEqualTo(without(
                        full, "commercialSummary", "salesPipeline", "sections", "guardrails", "accountProfile"));
    }

    @Test
    void aCallerWithOneOfTheRolesSeesEverything() throws Exception {
        Customer360 full = view("Enterprise");
        assertThat(rules.withheldFrom(Set.of("c360.viewer", "billing.reader")::contains))
                .isEmpty();
        assertThat(rules.apply(full, rules.withheldFrom(Set.of("c360.viewer", "billing.reader")::contains), null))
                .isSameAs(full);
    }

    @Test
    void anAccountOutsideTheRulesSegmentsIsShownWhole() throws Exception {
        Customer360 full = view("smb");
        assertThat(rules.apply(
                        full, rules.withheldFrom(Set.of("c360.viewer")::contains), Set.of("smb", "beta_program")))
                .isSameAs(full);
        assertThat(rules.apply(full, rules.withheldFrom(Set.of("c360.viewer")::contains), Set.of()))
                .isSameAs(full);
    }

    @Test
    void everySegmentOfTheAccountCountsNotOnlyTheFirst() throws Exception {
        // beta_program sorts before enterprise: joining it must not lift the enterprise rule
        Customer360 shown = rules.apply(
                view("beta_program"),
                rules.withheldFrom(Set.of("c360.viewer")::contains),
                VisibilityRules.segmentsOf(
                        JSON.readValue("{\"segments\":[\"beta_program\",\"Enterprise\"]}", Customer.class)));
        assertThat(absent(shown.commercialSummary())).isTrue();
        assertThat(shown.guardrails().redactions()).containsExactly("visibility:enterprise-commercial");
    }

    @Test
    void unknownSegmentsFailClosed() throws Exception {
        // customer_intelligence failed or timed out: the account may be enterprise, so the rule applies
        Customer360 shown = rules.apply(view("smb"), rules.withheldFrom(Set.of("c360.viewer")::contains), null);
        assertThat(absent(shown.commercialSummary())).isTrue();
        assertThat(absent(shown.salesPipeline())).isTrue();
        assertThat(shown.sections().get("commercialSummary").status()).isEqualTo(SectionStatus.Status.WITHHELD);
        assertThat(shown.sections().get("commercialSummary").reason())
                .contains("segments are unknown")
                .contains("enterprise-commercial");
        assertThat(shown.guardrails().redactions()).containsExactly("visibility:enterprise-commercial");
        // a caller with the role still sees it whole
        Customer360 full = view("smb");
        assertThat(rules.apply(full, rules.withheldFrom(Set.of("c360.viewer", "c360.admin")::contains), null))
                .isSameAs(full);
        assertThat(VisibilityRules.segmentsOf(null)).isNull();
        assertThat(VisibilityRules.segmentsOf(JSON.readValue("{\"name\":\"x\"}", Customer.class)))
                .isNull();
    }

    @Test
    void aRuleNamingSomethingThatIsNotAPartOfTheViewStopsTheService() {
        assertThatThrownBy(() -> new VisibilityRules(
                        Map.of("typo", new Rule(List.of("enterprise"), List.of("arr"), List.of("billing.reader"))),
                        JSON))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("arr");
        assertThatThrownBy(() -> new VisibilityRules(
                        Map.of("nobody", new Rule(List.of("enterprise"), List.of("commercialSummary"), List.of())),
                        JSON))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("roles");
    }
}

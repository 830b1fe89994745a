package io.customer360.aggregator.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.testing.ConsoleSignIn;
import io.customer360.aggregator.testing.McpSession;
import io.customer360.aggregator.testing.ProfileSeed;
import io.customer360.aggregator.testing.ViewSchemas;
import io.customer360.aggregator.testing.VisibilityProfileResource;
import io.customer360.common.auth.Roles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One visibility rule (restricted-commercial: accounts of segment "restricted" show commercial and sales data to
 * billing.reader only) configured in both services, and an account in segments beta_program and restricted (the first
 * alone would have lifted the rule before): no path serves a viewer what the view withholds — the REST view and the
 * context pack, the MCP tools, the console's view and details — while a billing reader sees it all.
 */
@QuarkusTest
@WithTestResource(VisibilityProfileResource.class)
class VisibilityEnforcementTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CUSTOMER = "vis_" + UUID.randomUUID().toString().substring(0, 8);
    /** Figures only the commercial and sales records carry. */
    private static final String ARR = "731000";

    private static final String DEAL = "88123";
    private static boolean seeded;

    private final String viewer = token(ACME, Roles.VIEWER);
    private final String reader = token(ACME, Roles.VIEWER, Roles.BILLING_READER);

    @BeforeEach
    void seed() throws Exception {
        if (seeded) {
            return;
        }
        try (ProfileSeed seed = new ProfileSeed("acme", CUSTOMER)) {
            seed.event("profile_update", Duration.ofDays(100), Map.of("customer_name", "Vandelay Industries"));
            seed.event("segment_joined", Duration.ofDays(90), Map.of("segment_name", "beta_program"));
            seed.event("segment_joined", Duration.ofDays(90), Map.of("segment_name", "restricted"));
            seed.event(
                    "subscription_created",
                    Duration.ofDays(80),
                    Map.of(
                            "plan",
                            "Enterprise",
                            "arr",
                            Integer.parseInt(ARR),
                            "seats_total",
                            100,
                            "seats_used",
                            90,
                            "renewal_date",
                            seed.date(200)));
            seed.event("invoice_issued", Duration.ofDays(20), Map.of("invoice_id", "inv_vis", "amount", 60917));
            seed.event(
                    "deal_created",
                    Duration.ofDays(10),
                    Map.of("deal_id", "d_vis", "amount", Integer.parseInt(DEAL), "stage", "proposal"));
            seed.event(
                    "ticket_opened",
                    Duration.ofDays(2),
                    Map.of("ticket_id", "T-VIS", "priority", "low", "title", "Slow"));
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().auth()
                        .oauth2(reader)
                        .get("/api/v1/customer-360/" + CUSTOMER)
                        .then()
                        .statusCode(200)
                        .body("salesPipeline.openDeals", equalTo(1))
                        .body("supportSummary.openTickets", equalTo(1)));
        seeded = true;
    }

    @Test
    void theViewWithholdsThePartsAndTheDataOwnerWithholdsTheRecordsBehindThem() {
        String view = given().auth()
                .oauth2(viewer)
                .get("/api/v1/customer-360/" + CUSTOMER)
                .then()
                .statusCode(200)
                .body("commercialSummary", nullValue())
                .body("salesPipeline", nullValue())
                .body("sections.commercialSummary.status", equalTo("withheld"))
                .body("sections.salesPipeline.status", equalTo("withheld"))
                .body("guardrails.redactions", hasItem("visibility:restricted-commercial"))
                // profile-service refused the records themselves: reported as withheld, not as a failure
                .body("providers.subscription_details.status", equalTo("withheld"))
                .body("providers.sales_pipeline.status", equalTo("withheld"))
                // the first segment, as the seed's view shows it: the rule considered the second
                .body("accountProfile.segment", equalTo("beta_program"))
                .body("accountProfile.arr", nullValue())
                .body("accountProfile.contractEnd", nullValue())
                .body("supportSummary.openTickets", equalTo(1))
                .extract()
                .asString();
        assertThat(view).doesNotContain(ARR).doesNotContain(DEAL);
        // what is left, and what is withheld (present and null), is what the schemas describe
        ViewSchemas.assertValid(view);
        String pack = given().auth()
                .oauth2(viewer)
                .get("/api/v1/customer-360/" + CUSTOMER + "/context")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(pack).doesNotContain(ARR).doesNotContain(DEAL).doesNotContain("731,000");

        ViewSchemas.assertValid(given().auth()
                .oauth2(reader)
                .get("/api/v1/customer-360/" + CUSTOMER)
                .then()
                .statusCode(200)
                .body("commercialSummary.arr", notNullValue())
                .body("salesPipeline.openDeals", equalTo(1))
                .body("sections.commercialSummary.status", org.hamcrest.Matchers.not(equalTo("withheld")))
                .body("providers.subscription_details.status", equalTo("ok"))
                .extract()
                .asString());
    }

    private String tool(String token, String name, Map<String, Object> arguments) throws Exception {
        String call = JSON.writeValueAsString(Map.of(
                "jsonrpc",
                "2.0",
                "id",
                1,
                "method",
                "tools/call",
                "params",
                Map.of("name", name, "arguments", arguments)));
        return McpSession.in(McpSession.open(token), token)
                .body(call)
                .post("/mcp")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    @Test
    void theMcpToolsServeAViewerNothingTheViewWithholds() throws Exception {
        for (String name : new String[] {"get_customer_360", "get_context_pack", "get_timeline"}) {
            String answer = tool(viewer, name, Map.of("customerId", CUSTOMER));
            assertThat(answer)
                    .as(name)
                    .doesNotContain("\"isError\":true")
                    .doesNotContain(ARR)
                    .doesNotContain(DEAL);
        }
        String timeline = tool(viewer, "get_timeline", Map.of("customerId", CUSTOMER));
        assertThat(timeline)
                .contains("ticket_opened")
                .doesNotContain("subscription_created")
                .doesNotContain("invoice_issued")
                .doesNotContain("deal_created");
        assertThat(tool(reader, "get_timeline", Map.of("customerId", CUSTOMER)))
                .contains("subscription_created", "deal_created");
    }

    @Test
    void theConsolesViewAndDetailsWithholdTheSame() {
        Map<String, String> viewing = ConsoleSignIn.as(ACME, Roles.VIEWER);
        JsonPath details = console(viewing, "/console/api/customers/" + CUSTOMER + "/details");
        assertThat(details.getString("subscription.status")).isEqualTo("withheld");
        assertThat(details.getString("subscription.reason")).contains("restricted-commercial");
        assertThat(details.getString("support.status")).isEqualTo("ok");
        assertThat(details.prettify()).doesNotContain(ARR);
        JsonPath page = console(viewing, "/console/api/customers/" + CUSTOMER);
        assertThat(page.getString("view.sections.commercialSummary.status")).isEqualTo("withheld");
        assertThat(page.prettify()).doesNotContain(ARR).doesNotContain(DEAL);
        assertThat(console(viewing, "/console/api/customers/" + CUSTOMER + "/timeline")
                        .prettify())
                .doesNotContain("invoice_issued")
                .doesNotContain(DEAL);

        Map<String, String> reading = ConsoleSignIn.as(ACME, Roles.VIEWER, Roles.BILLING_READER);
        assertThat(console(reading, "/console/api/customers/" + CUSTOMER + "/details")
                        .getString("subscription.status"))
                .isEqualTo("ok");
    }

    private static JsonPath console(Map<String, String> session, String path) {
        return given().header("Host", ConsoleSignIn.HOST)
                .header("X-Requested-With", "JavaScript")
                .cookies(session)
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}

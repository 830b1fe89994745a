package io.customer360.mesh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 against the real Keycloak and the whole mesh: service accounts sign in with client credentials, partners
 * post over HTTP as themselves, operator identities name the tenant of every call (and are audited), and an AI
 * assistant that knows only the MCP URL discovers how to authenticate, with the official MCP TypeScript SDK.
 */
@Order(Mesh.SHARED)
class MachineIdentitiesIT {

    private static final String CUSTOMER = "cust_machines";
    private static final Path DISCOVERY_DIR = Path.of("src/test/mcp-discovery").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = Mesh.KEYCLOAK_URL + "/realms/customer360";

    private static Mesh mesh;

    @BeforeAll
    static void startMeshWithAnAcmeCustomer() throws Exception {
        NodeScripts.install(DISCOVERY_DIR, "@modelcontextprotocol/sdk");
        mesh = Mesh.shared();
        try (Connection nats = SecuredNats.connect("partner-acme")) {
            nats.jetStream().publish("customer.events." + CUSTOMER + ".purchase", """
                    {"customer_id":"%s","event_type":"purchase","timestamp":%d,"source_service":"shop",
                     "data":{"product_name":"Thing","total":10,"customer_name":"Mia Machine"}}""".formatted(
                            CUSTOMER, Instant.now().getEpochSecond())
                    .getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(Keycloak.token("acme-viewer"))
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/" + CUSTOMER)
                        .then()
                        .statusCode(200));
    }

    @Test
    void serviceTokensAreShortLivedTenantBoundAndCarryOnlyTheirRoles() throws Exception {
        record Expected(String client, String tenant, List<String> roles) {}
        for (Expected expected : List.of(
                new Expected("partner-acme", "acme", List.of("events.writer")),
                new Expected("partner-globex", "globex", List.of("events.writer")),
                new Expected("assistant-acme", "acme", List.of("c360.viewer")),
                new Expected("c360-billing", null, List.of("billing.reader", "c360.operator")),
                new Expected("c360-aggregator", null, List.of("c360.viewer", "c360.operator")))) {
            JsonNode answer = Keycloak.clientCredentials(expected.client(), expected.client() + "-secret");
            assertThat(answer.path("status").asInt()).as(expected.client()).isEqualTo(200);
            assertThat(answer.has("refresh_token"))
                    .as(expected.client() + " gets no refresh token")
                    .isFalse();
            JsonNode claims = claims(answer.path("access_token").asText());
            assertThat(claims.path("exp").asLong() - claims.path("iat").asLong())
                    .as(expected.client())
                    .isLessThanOrEqualTo(300);
            assertThat(claims.path("aud").toString()).as(expected.client()).contains("c360-api");
            if (expected.tenant() == null) {
                assertThat(claims.has("org_id"))
                        .as(expected.client() + " serves every tenant")
                        .isFalse();
            } else {
                assertThat(claims.path("org_id").asText()).as(expected.client()).isEqualTo(expected.tenant());
            }
            List<String> roles = new ArrayList<>();
            claims.path("realm_access").path("roles").forEach(role -> roles.add(role.asText()));
            assertThat(roles).as(expected.client()).containsExactlyInAnyOrderElementsOf(expected.roles());
        }
        assertThat(Keycloak.clientCredentials("c360-billing", "not-the-secret")
                        .path("status")
                        .asInt())
                .isEqualTo(401);
    }

    @Test
    void aDisabledClientGetsNoToken() {
        Keycloak.setClientEnabled("partner-globex", false);
        try {
            JsonNode answer = Keycloak.clientCredentials("partner-globex", "partner-globex-secret");
            assertThat(answer.path("status").asInt()).isIn(400, 401);
            assertThat(answer.has("access_token")).isFalse();
        } finally {
            Keycloak.setClientEnabled("partner-globex", true);
        }
        assertThat(Keycloak.clientCredentials("partner-globex", "partner-globex-secret")
                        .path("status")
                        .asInt())
                .isEqualTo(200);
    }

    @Test
    void aPartnerPostsEventsAsItselfIntoItsOwnTenantOnly() {
        String partner = Keycloak.clientToken("partner-acme");
        given().auth()
                .oauth2(partner)
                .contentType(ContentType.JSON)
                .body("""
                        {"event_id":"partner-http-1","customer_id":"cust_partner_http","event_type":"contact","timestamp":%d,
                         "source_service":"crm","data":{"name":"Pia"},"metadata":{}}""".formatted(Instant.now().getEpochSecond()))
                .post(mesh.ingest.baseUrl() + "/api/v1/events")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo("accepted"));
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(Keycloak.token("acme-viewer"))
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_partner_http/timeline")
                        .then()
                        .statusCode(200)
                        .body("items.eventId", hasItem("partner-http-1")));
        given().auth()
                .oauth2(Keycloak.token("globex-viewer"))
                .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_partner_http")
                .then()
                .statusCode(404);
        // a writer of events reads nothing, and cannot name another tenant
        given().auth()
                .oauth2(partner)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/cust_partner_http")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(partner)
                .header("C360-Tenant", "globex")
                .contentType(ContentType.JSON)
                .body("""
                        {"event_id":"partner-http-2","customer_id":"cust_partner_http","event_type":"contact","timestamp":%d,
                         "source_service":"crm","data":{},"metadata":{}}""".formatted(Instant.now().getEpochSecond()))
                .post(mesh.ingest.baseUrl() + "/api/v1/events")
                .then()
                .statusCode(400)
                .body("violations.field", hasItem("C360-Tenant"));
    }

    @Test
    void operatorsNameTheTenantOfEveryCallAndAreAudited() throws Exception {
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        String billing = Keycloak.clientToken("c360-billing");
        String ledger = mesh.enrichment.baseUrl() + "/api/v1/enrichment/ledger/totals?month=" + month;
        given().auth()
                .oauth2(billing)
                .header("C360-Tenant", "acme")
                .get(ledger)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(billing)
                .header("C360-Tenant", "globex")
                .get(ledger)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(billing)
                .get(ledger)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("tenant"));
        given().auth()
                .oauth2(billing)
                .header("C360-Tenant", "initech")
                .get(ledger)
                .then()
                .statusCode(400)
                .body("violations.field", hasItem("tenant"));
        // the billing job reads usage, not customers
        given().auth()
                .oauth2(billing)
                .header("C360-Tenant", "acme")
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + CUSTOMER)
                .then()
                .statusCode(403);
        // a person's token may not name a tenant, not even its own
        given().auth()
                .oauth2(Keycloak.token("acme-admin"))
                .header("C360-Tenant", "acme")
                .get(ledger)
                .then()
                .statusCode(400)
                .body("violations.field", hasItem("C360-Tenant"));

        String aggregator = Keycloak.clientToken("c360-aggregator");
        given().auth()
                .oauth2(aggregator)
                .header("C360-Tenant", "acme")
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + CUSTOMER)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(aggregator)
                .header("C360-Tenant", "globex")
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + CUSTOMER)
                .then()
                .statusCode(404);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String enrichmentLog = Files.readString(mesh.enrichment.log());
            assertThat(enrichmentLog)
                    .contains("operator=service-account-c360-billing tenant=acme method=GET "
                            + "path=/api/v1/enrichment/ledger/totals status=200");
            assertThat(enrichmentLog)
                    .contains("operator=service-account-c360-billing tenant=- method=GET "
                            + "path=/api/v1/enrichment/ledger/totals status=400");
            assertThat(Files.readString(mesh.profile.log()))
                    .contains("operator=service-account-c360-aggregator tenant=globex "
                            + "method=GET path=/api/v1/customers/" + CUSTOMER + " status=404");
        });
    }

    @Test
    void backgroundRescoringSignsInAsTheAggregatorItself() {
        // cust_machines changed (its purchase) and nobody viewed it: a run started by acme's admin rescores it with the
        // aggregator's own client-credentials token and C360-Tenant; a source refusing that token would count as failed
        given().auth()
                .oauth2(Keycloak.token("acme-admin"))
                .post(mesh.aggregator.baseUrl() + "/api/v1/views/rescoring")
                .then()
                .statusCode(202)
                .body("tenants", org.hamcrest.Matchers.contains("acme"));
        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = given().get(mesh.aggregator.baseUrl() + "/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(counter(metrics, "c360_rescoring_accounts_total", "outcome=\"rescored\"")
                            + counter(metrics, "c360_rescoring_accounts_total", "outcome=\"incomplete\""))
                    .isPositive();
            assertThat(counter(metrics, "c360_rescoring_accounts_total", "outcome=\"failed\""))
                    .isZero();
            // the shared mesh has other acme accounts due as well: wait for this one's reads
            assertThat(readLog(mesh.profile.log()))
                    .contains("operator=service-account-c360-aggregator tenant=acme method=GET "
                            + "path=/api/v1/customers/" + CUSTOMER);
        });
        // a viewer may not start one
        given().auth()
                .oauth2(Keycloak.token("acme-viewer"))
                .post(mesh.aggregator.baseUrl() + "/api/v1/views/rescoring")
                .then()
                .statusCode(403);
    }

    private static double counter(String metrics, String name, String label) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anAssistantDiscoversTheMcpServerFromItsUrlAlone() throws Exception {
        String mcp = mesh.aggregator.baseUrl() + "/mcp";
        String challenge = given().contentType(ContentType.JSON)
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                .post(mcp)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .extract()
                .header("WWW-Authenticate");
        assertThat(challenge)
                .matches(
                        "Bearer resource_metadata=\"http://127\\.0\\.0\\.1:\\d+/\\.well-known/oauth-protected-resource\"");

        NodeScripts.Result discovery = NodeScripts.run(
                DISCOVERY_DIR,
                List.of(
                        "node",
                        "discover.mjs",
                        "--url",
                        mcp,
                        "--client",
                        "assistant-acme",
                        "--issuer",
                        ISSUER,
                        "--customer",
                        CUSTOMER),
                Map.of("MCP_CLIENT_SECRET", "assistant-acme-secret"),
                Duration.ofMinutes(2));
        JsonNode summary = JSON.readTree(discovery.output());
        assertThat(discovery.exitCode()).as(discovery.output()).isZero();
        assertThat(summary.path("resourceMetadata")
                        .path("authorization_servers")
                        .get(0)
                        .asText())
                .isEqualTo(ISSUER);
        List<String> tools = new ArrayList<>();
        summary.path("tools").forEach(tool -> tools.add(tool.asText()));
        assertThat(tools).contains("get_customer_360", "get_context_pack", "get_timeline", "search_customers");
        assertThat(summary.path("call").path("json").path("accountId").asText()).isEqualTo(CUSTOMER);
        // the SDK validated it against get_customer_360's outputSchema
        assertThat(summary.path("call")
                        .path("structuredContent")
                        .path("accountId")
                        .asText())
                .isEqualTo(CUSTOMER);

        // the same client with a wrong secret gets nothing
        NodeScripts.Result refused = NodeScripts.run(
                DISCOVERY_DIR,
                List.of(
                        "node",
                        "discover.mjs",
                        "--url",
                        mcp,
                        "--client",
                        "assistant-acme",
                        "--issuer",
                        ISSUER,
                        "--customer",
                        CUSTOMER),
                Map.of("MCP_CLIENT_SECRET", "wrong"),
                Duration.ofMinutes(2));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(refused.output()).has("tools")).isFalse();
    }

    private static JsonNode claims(String token) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }
}

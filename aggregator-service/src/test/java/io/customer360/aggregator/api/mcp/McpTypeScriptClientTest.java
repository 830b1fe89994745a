package io.customer360.aggregator.api.mcp;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.testing.McpSession;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ErrorBodies;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.common.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MCP server at /mcp, driven by the official MCP TypeScript SDK ({@code src/test/mcp-client/mcp-check.mjs}) as an
 * AI assistant would drive it, against this test instance and the real profile-service. Every tool result that holds
 * data came from profile-service with the caller's token propagated: without the token profile-service answers 401,
 * which the tools report as an error, never as data. Sessions are enforced (MCP 2025-06-18): a session id this server
 * did not issue, or one deleted, is a 404.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class McpTypeScriptClientTest {

    private static final Path CLIENT_DIR = Path.of("src/test/mcp-client").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOOLS =
            List.of("get_context_pack", "get_customer_360", "get_timeline", "search_customers");
    private static final int MAX_TOKENS = 300;
    /** The seeded customer, given a company no other customer has, so that search finds exactly it. */
    private static final String CUSTOMER = "mcp_" + UUID.randomUUID().toString().substring(0, 8);

    private static final String COMPANY =
            "Mcpcheck" + UUID.randomUUID().toString().replaceAll("[^a-f]", "") + " Labs";
    private static boolean seeded;

    @TestHTTPResource("/mcp")
    URL mcp;

    @Inject
    Pool pool;

    @BeforeAll
    static void installTheSdk() throws Exception {
        if (!Files.exists(CLIENT_DIR.resolve("node_modules/@modelcontextprotocol/sdk/package.json"))) {
            Result npm = run(
                    List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"),
                    Map.of(),
                    Duration.ofMinutes(5));
            assertThat(npm.exitCode())
                    .as("npm ci in %s: %s", CLIENT_DIR, npm.stderr())
                    .isZero();
        }
    }

    @BeforeEach
    void seedOneCustomer() {
        if (seeded) {
            return;
        }
        String profileUrl = ConfigProvider.getConfig().getValue("quarkus.rest-client.profile.url", String.class);
        ProfileServiceResource.seedPurchase(CUSTOMER);
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().baseUri(profileUrl)
                        .auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customers/" + CUSTOMER)
                        .then()
                        .statusCode(200));
        given().baseUri(profileUrl)
                .auth()
                .oauth2(token(ACME, Roles.EDITOR))
                .contentType("application/json")
                .body(Map.of("company", COMPANY))
                .patch("/api/v1/customers/" + CUSTOMER)
                .then()
                .statusCode(200);
        // the first views after start may miss the providers' time budget (cold clients): warm them up
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customer-360/" + CUSTOMER)
                        .then()
                        .statusCode(200));
        seeded = true;
    }

    @Test
    void sdkInitializesListsEveryToolAndCallsEachForTheCallersCustomer() throws Exception {
        Result result = check(
                token(ACME, Roles.VIEWER),
                "--customer",
                CUSTOMER,
                "--query",
                COMPANY,
                "--max-tokens",
                String.valueOf(MAX_TOKENS));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode summary = result.json();

        assertThat(summary.at("/server/name").asText()).isEqualTo("customer360-aggregator");
        assertThat(names(summary.get("tools"))).containsExactlyInAnyOrderElementsOf(TOOLS);
        for (JsonNode tool : summary.get("tools")) {
            assertThat(tool.get("description").asText())
                    .as(tool.get("name").asText())
                    .hasSizeGreaterThan(80);
            assertThat(tool.at("/inputSchema/type").asText()).isEqualTo("object");
            assertThat(tool.at("/inputSchema/properties").size()).isPositive();
            tool.at("/inputSchema/properties")
                    .forEach(argument -> assertThat(argument.path("description").asText())
                            .as(tool.get("name") + " argument")
                            .isNotBlank());
            // MCP 2025-06-18: every tool states the shape of its result, and the SDK checked each call's against it
            assertThat(tool.at("/outputSchema/type").asText())
                    .as(tool.get("name").asText())
                    .isEqualTo("object");
        }
        assertThat(summary.get("calls"))
                .allSatisfy(call -> assertThat(call.get("structuredContent").isObject())
                        .as(call.get("name").asText())
                        .isTrue());
        assertThat(names(schemaRequired(summary, "get_timeline"))).containsExactly("customerId");
        assertThat(names(schemaRequired(summary, "search_customers"))).containsExactly("query");

        JsonNode view = call(summary, "get_customer_360").get("json");
        assertThat(view.get("accountId").asText()).isEqualTo(CUSTOMER);
        assertThat(view.at("/accountProfile/name").asText()).isEqualTo("John Smith");

        assertThat(call(summary, "get_customer_360").get("structuredContent")).isEqualTo(view);

        String pack = call(summary, "get_context_pack").get("text").asText();
        assertThat(pack)
                .startsWith("# Customer context")
                .contains("John Smith")
                .hasSizeLessThanOrEqualTo(MAX_TOKENS * 4);
        // the markdown pack's structured content is its JSON form, fitted to the same budget
        JsonNode packJson = call(summary, "get_context_pack").get("structuredContent");
        assertThat(packJson.get("customerId").asText()).isEqualTo(CUSTOMER);
        assertThat(packJson.get("maxTokens").asInt()).isEqualTo(MAX_TOKENS);
        assertThat(packJson.get("items"))
                .anySatisfy(item -> assertThat(item.get("text").asText()).contains("John Smith"));
        assertThat(JSON.writeValueAsString(packJson)).hasSizeLessThanOrEqualTo(MAX_TOKENS * 4);

        JsonNode timeline = call(summary, "get_timeline").get("json");
        assertThat(timeline.get("items")).anySatisfy(event -> {
            assertThat(event.get("eventType").asText()).isEqualTo("purchase");
            assertThat(event.get("eventId").asText()).isEqualTo(CUSTOMER + "_p");
        });

        JsonNode search = call(summary, "search_customers").get("json");
        assertThat(search.get("items")).anySatisfy(hit -> {
            assertThat(hit.get("kind").asText()).isEqualTo("customer");
            assertThat(hit.get("customerId").asText()).isEqualTo(CUSTOMER);
        });

        // the 360 view and the context pack are audited like the REST view, with their channel
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> assertThat(mcpAudit()).contains("acme:200:support:mcp-check", "acme:200:assistant:null"));
    }

    @Test
    void anotherTenantGetsNotFoundForTheSameIdAndNoData() throws Exception {
        Result result = check(token(GLOBEX, Roles.VIEWER), "--customer", CUSTOMER, "--query", COMPANY);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode summary = result.json();

        for (String tool : List.of("get_customer_360", "get_context_pack", "get_timeline")) {
            JsonNode call = call(summary, tool);
            assertThat(call.get("isError").asBoolean()).as(tool).isTrue();
            assertThat(call.get("text").asText()).as(tool).isEqualTo("Customer '" + CUSTOMER + "' was not found");
        }
        JsonNode search = call(summary, "search_customers");
        assertThat(search.get("isError").asBoolean()).isFalse();
        assertThat(search.at("/json/items")).isEmpty();
        assertThat(result.stdout()).doesNotContain("John Smith", "john.smith");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(mcpAudit()).contains("globex:404:support:mcp-check"));
    }

    @Test
    void withoutTokenConnectingFailsWith401() throws Exception {
        Result result = check(null, "--customer", CUSTOMER);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.json().at("/connectError/status").asInt()).isEqualTo(401);
        assertThat(result.json().has("calls")).isFalse();
    }

    @Test
    void withoutTheViewerRoleEveryToolCallIsRefused() throws Exception {
        Result result = check(token(ACME, Roles.BILLING_READER), "--customer", CUSTOMER, "--query", COMPANY);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);

        assertThat(result.json().get("calls")).hasSize(TOOLS.size()).allSatisfy(call -> {
            // -32001: the MCP server's security error, a protocol error rather than a result
            assertThat(call.at("/error/code").asInt())
                    .as(call.get("name").asText())
                    .isEqualTo(-32001);
            // issue 19: the message names the missing role, not the exception (ForbiddenException) behind it
            assertThat(call.at("/error/message").asText())
                    .contains("c360.viewer")
                    .doesNotContain("Exception");
            assertThat(call.has("text")).isFalse();
        });
        assertThat(result.stdout()).doesNotContain("John Smith", "john.smith");
    }

    @Test
    void aTokenWithoutTenantGetsToolErrorsAndNoData() throws Exception {
        Result result = check(TestTokens.tokenWithoutTenant(Roles.VIEWER), "--customer", CUSTOMER, "--query", COMPANY);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);

        assertThat(texts(result.json()))
                .hasSize(TOOLS.size())
                .containsOnly("The token carries no valid 'org_id' claim naming its tenant");
    }

    @Test
    void badArgumentsAreToolErrorsThatSayWhatIsWrong() throws Exception {
        String calls = JSON.writeValueAsString(List.of(
                Map.of("name", "get_customer_360", "arguments", Map.of("customerId", "a.b")),
                Map.of("name", "get_timeline", "arguments", Map.of("customerId", " ")),
                Map.of("name", "get_timeline", "arguments", Map.of("customerId", "cust>1")),
                Map.of("name", "get_timeline", "arguments", Map.of("customerId", CUSTOMER, "limit", 0)),
                Map.of("name", "get_timeline", "arguments", Map.of("customerId", CUSTOMER, "limit", 101)),
                Map.of("name", "get_timeline", "arguments", Map.of("customerId", CUSTOMER, "cursor", "not-a-cursor")),
                Map.of("name", "search_customers", "arguments", Map.of("query", "  ")),
                Map.of("name", "get_timeline", "arguments", Map.of())));
        Result result = check(token(ACME, Roles.VIEWER), "--calls", calls);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);

        assertThat(result.json().get("calls"))
                .allSatisfy(call -> assertThat(call.get("isError").asBoolean())
                        .as(call.toString())
                        .isTrue());
        List<String> texts = texts(result.json());
        assertThat(texts.subList(0, 7))
                .containsExactly(
                        "customerId: must be 1-128 characters without '.', '*', '>', white space or control characters",
                        "customerId: must be 1-128 characters without '.', '*', '>', white space or control characters",
                        "customerId: must be 1-128 characters without '.', '*', '>', white space or control characters",
                        "limit: must be a whole number between 1 and 100",
                        "limit: must be a whole number between 1 and 100",
                        "cursor: is not a cursor this service issued",
                        "query: is required");
        assertThat(texts.get(7)).as("a missing required argument").contains("customerId");
    }

    @Test
    void aSessionServesItsCallsUntilItIsDeletedThenItIs404() {
        String viewer = token(ACME, Roles.VIEWER);
        String session = McpSession.open(viewer);
        assertThat(McpSession.in(session, viewer)
                        .body(timelineCall(7))
                        .post(mcp.getPath())
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("\"id\":7", CUSTOMER + "_p")
                .doesNotContain("\"isError\":true");

        McpSession.in(session, viewer).delete(mcp.getPath()).then().statusCode(200);

        // MCP 2025-06-18: a request naming a terminated session is a 404, and the client initializes again
        String refused = McpSession.in(session, viewer)
                .body(timelineCall(8))
                .post(mcp.getPath())
                .then()
                .statusCode(404)
                .extract()
                .asString();
        assertThat(refused).doesNotContain(CUSTOMER + "_p");
        ErrorBodies.assertNamesNoInternals(refused);
        McpSession.in(session, viewer).delete(mcp.getPath()).then().statusCode(404);
        assertThat(McpSession.open(viewer)).isNotEqualTo(session);
    }

    @Test
    void aSessionIdThisServerNeverIssuedIs404() {
        String viewer = token(ACME, Roles.VIEWER);
        String madeUp = UUID.randomUUID().toString();
        String refused = McpSession.in(madeUp, viewer)
                .body(timelineCall(9))
                .post(mcp.getPath())
                .then()
                .statusCode(404)
                .extract()
                .asString();
        assertThat(refused).doesNotContain(CUSTOMER + "_p");
        // initialize naming an unknown session does not adopt it either
        McpSession.in(madeUp, viewer)
                .body(McpSession.INITIALIZE)
                .post(mcp.getPath())
                .then()
                .statusCode(404);
        McpSession.in(madeUp, viewer).delete(mcp.getPath()).then().statusCode(404);
    }

    private static String timelineCall(int id) {
        return """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call",
                 "params":{"name":"get_timeline","arguments":{"customerId":"%s","type":"purchase"}}}""".formatted(id, CUSTOMER);
    }

    private Result check(String bearer, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "mcp-check.mjs", "--url", mcp.toString()));
        command.addAll(List.of(args));
        return run(command, bearer == null ? Map.of() : Map.of("MCP_TOKEN", bearer), Duration.ofSeconds(60));
    }

    /** The audit rows of the seeded customer's accesses through MCP: tenant:status:agent:purpose. */
    private List<String> mcpAudit() {
        return StreamSupport.stream(
                        pool.preparedQuery("SELECT tenant, status, agent, purpose FROM access_audit "
                                        + "WHERE customer_id = $1 AND channel = 'mcp' ORDER BY id")
                                .execute(Tuple.of(CUSTOMER))
                                .await()
                                .indefinitely()
                                .spliterator(),
                        false)
                .map(row -> row.getString("tenant") + ":" + row.getInteger("status") + ":" + row.getString("agent")
                        + ":" + row.getString("purpose"))
                .toList();
    }

    private static JsonNode call(JsonNode summary, String tool) {
        return StreamSupport.stream(summary.get("calls").spliterator(), false)
                .filter(call -> call.get("name").asText().equals(tool))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode schemaRequired(JsonNode summary, String tool) {
        return StreamSupport.stream(summary.get("tools").spliterator(), false)
                .filter(t -> t.get("name").asText().equals(tool))
                .findFirst()
                .orElseThrow()
                .at("/inputSchema/required");
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(node -> node.isTextual() ? node.asText() : node.get("name").asText())
                .toList();
    }

    private static List<String> texts(JsonNode summary) {
        return StreamSupport.stream(summary.get("calls").spliterator(), false)
                .map(c -> c.path("text").asText())
                .toList();
    }

    private static Result run(List<String> command, Map<String, String> env, Duration within) throws Exception {
        Path stdout = Files.createTempFile("mcp-check", ".out");
        Path stderr = Files.createTempFile("mcp-check", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(CLIENT_DIR.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().remove("MCP_TOKEN");
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(command.get(0) + " did not finish within " + within);
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {

        JsonNode json() throws IOException {
            return JSON.readTree(stdout);
        }
    }
}

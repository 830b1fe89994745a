package io.customer360.aggregator.api.mcp;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.customer360.aggregator.service.view.Focus;
import io.customer360.aggregator.testing.McpSession;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MCP tools' contracts (MCP 2025-06-18): {@code tools/list} states the limits of every argument and the JSON Schema
 * of every result; a value beyond any stated limit is refused with a tool error naming the argument; each result's
 * {@code structuredContent} validates against the tool's {@code outputSchema}, and its text says the same.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
class McpToolSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CUSTOMER =
            "mcpschema_" + UUID.randomUUID().toString().substring(0, 8);
    private static final AtomicInteger IDS = new AtomicInteger(100);
    private static boolean seeded;

    private String viewer;
    private String session;

    @BeforeEach
    void seedOneCustomerAndOpenASession() {
        viewer = token(ACME, Roles.VIEWER);
        if (!seeded) {
            ProfileServiceResource.seedPurchase(CUSTOMER);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().auth()
                            .oauth2(viewer)
                            .get("/api/v1/customer-360/" + CUSTOMER)
                            .then()
                            .statusCode(200));
            seeded = true;
        }
        session = McpSession.open(viewer);
    }

    @Test
    void toolsListStatesTheLimitsTheDescriptionsName() {
        Map<String, JsonNode> tools = tools();
        assertThat(tools).containsOnlyKeys("get_customer_360", "get_context_pack", "get_timeline", "search_customers");

        JsonNode view = tools.get("get_customer_360").at("/inputSchema/properties");
        assertThat(view.at("/customerId/minLength").asInt()).isEqualTo(1);
        assertThat(view.at("/customerId/maxLength").asInt()).isEqualTo(128);
        Pattern customerId = Pattern.compile(view.at("/customerId/pattern").asText());
        assertThat(customerId.matcher("cust_123").find()).isTrue();
        for (String impossible : List.of("a.b", "a*", "a>b", "a b", "a\tb", "a\u0000b")) {
            assertThat(customerId.matcher(impossible).find()).as(impossible).isFalse();
        }
        assertThat(texts(view.at("/agent/enum")))
                .contains("assistant", "support", "success", "sales", "billing", "security");
        assertThat(texts(view.at("/focus/enum"))).containsExactlyElementsOf(Focus.AREAS);
        assertThat(view.at("/purpose/maxLength").asInt()).isEqualTo(200);

        JsonNode pack = tools.get("get_context_pack").at("/inputSchema/properties");
        assertThat(pack.at("/maxTokens/type").asText()).isEqualTo("integer");
        assertThat(pack.at("/maxTokens/minimum").asInt()).isEqualTo(100);
        assertThat(pack.at("/maxTokens/maximum").asInt()).isEqualTo(32000);
        assertThat(texts(pack.at("/format/enum"))).containsExactly("markdown", "json");

        JsonNode timeline = tools.get("get_timeline").at("/inputSchema/properties");
        assertThat(timeline.at("/limit/minimum").asInt()).isEqualTo(1);
        assertThat(timeline.at("/limit/maximum").asInt()).isEqualTo(100);
        assertThat(timeline.at("/limit/default").asInt()).isEqualTo(20);
        assertThat(Pattern.compile(timeline.at("/type/pattern").asText())
                        .matcher("payment_failed")
                        .find())
                .isTrue();
        assertThat(timeline.at("/cursor/maxLength").asInt()).isEqualTo(512);
        assertThat(texts(tools.get("get_timeline").at("/inputSchema/required"))).containsExactly("customerId");

        JsonNode search = tools.get("search_customers").at("/inputSchema/properties");
        assertThat(search.at("/query/minLength").asInt()).isEqualTo(1);
        assertThat(search.at("/query/maxLength").asInt()).isEqualTo(200);
        assertThat(search.at("/limit/maximum").asInt()).isEqualTo(50);

        tools.forEach((name, tool) -> {
            assertThat(tool.at("/outputSchema/type").asText()).as(name).isEqualTo("object");
            assertThat(tool.at("/outputSchema/required").size()).as(name).isPositive();
            // a 2020-12 $schema makes the MCP SDKs' default (draft-07) validators refuse the schema
            assertThat(tool.get("outputSchema").has("$schema")).as(name).isFalse();
        });
    }

    @Test
    void aValueBeyondAnyStatedLimitIsRefusedNamingTheArgument() {
        List<String> checked = new ArrayList<>();
        tools().forEach((name, tool) -> tool.at("/inputSchema/properties")
                .fields()
                .forEachRemaining(property -> {
                    String argument = property.getKey();
                    for (Object beyond : valuesBeyond(property.getValue())) {
                        Map<String, Object> arguments = validArguments(name);
                        arguments.put(argument, beyond);
                        JsonNode result = call(name, arguments);
                        String what = name + "(" + argument + "=" + abbreviated(beyond) + ")";
                        assertThat(result.path("isError").asBoolean())
                                .as(what + ": " + result)
                                .isTrue();
                        assertThat(result.at("/content/0/text").asText())
                                .as(what)
                                .startsWith(argument + ": ");
                        checked.add(what);
                    }
                }));
        // every limit of every tool was tried: length, pattern, enum and range
        assertThat(checked)
                .hasSizeGreaterThanOrEqualTo(20)
                .contains(
                        "get_customer_360(customerId=a.b !)",
                        "get_customer_360(agent=wizard)",
                        "get_context_pack(maxTokens=32001)",
                        "get_timeline(limit=101)",
                        "search_customers(limit=51)",
                        "search_customers(query=aaaaaaaaaa…)",
                        "get_timeline(cursor=a.b !)");
    }

    @Test
    void everyResultsStructuredContentMatchesItsOutputSchemaAndItsText() throws Exception {
        Map<String, JsonNode> tools = tools();
        List<Map<String, Object>> calls = new ArrayList<>();
        for (JsonNode agent : tools.get("get_customer_360").at("/inputSchema/properties/agent/enum")) {
            calls.add(Map.of(
                    "name", "get_customer_360", "arguments", Map.of("customerId", CUSTOMER, "agent", agent.asText())));
        }
        calls.add(Map.of("name", "get_context_pack", "arguments", Map.of("customerId", CUSTOMER, "maxTokens", 300)));
        calls.add(Map.of("name", "get_context_pack", "arguments", Map.of("customerId", CUSTOMER, "format", "json")));
        calls.add(Map.of("name", "get_timeline", "arguments", Map.of("customerId", CUSTOMER, "limit", 5)));
        calls.add(Map.of("name", "search_customers", "arguments", Map.of("query", "John Smith")));

        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (Map<String, Object> call : calls) {
            String name = (String) call.get("name");
            @SuppressWarnings("unchecked")
            JsonNode result = call(name, (Map<String, Object>) call.get("arguments"));
            assertThat(result.path("isError").asBoolean())
                    .as(call + ": " + result)
                    .isFalse();
            JsonNode structured = result.get("structuredContent");
            assertThat(structured).as(call.toString()).isNotNull();
            assertThat(factory.getSchema(tools.get(name).get("outputSchema")).validate(structured))
                    .as(call.toString())
                    .isEmpty();

            String text = result.at("/content/0/text").asText();
            if (text.startsWith("# Customer context")) {
                assertThat(text).contains(CUSTOMER);
            } else {
                // for clients that read only text: the same JSON
                assertThat(JSON.readTree(text)).as(call.toString()).isEqualTo(structured);
            }
        }
        JsonNode view = call("get_customer_360", Map.of("customerId", CUSTOMER)).get("structuredContent");
        assertThat(view.get("accountId").asText()).isEqualTo(CUSTOMER);
        assertThat(view.at("/accountProfile/name").asText()).isEqualTo("John Smith");
    }

    /** Arguments every tool accepts, for the seeded customer. */
    private static Map<String, Object> validArguments(String tool) {
        Map<String, Object> arguments = new HashMap<>();
        if (tool.equals("search_customers")) {
            arguments.put("query", "John");
        } else {
            arguments.put("customerId", CUSTOMER);
        }
        return arguments;
    }

    /** One value beyond each limit a property states. */
    private static List<Object> valuesBeyond(JsonNode property) {
        List<Object> values = new ArrayList<>();
        if (property.has("maxLength")) {
            values.add("a".repeat(property.get("maxLength").asInt() + 1));
        }
        if (property.path("minLength").asInt() > 0) {
            values.add("");
        }
        if (property.has("pattern")) {
            String outside = "a.b !";
            assertThat(Pattern.compile(property.get("pattern").asText())
                            .matcher(outside)
                            .find())
                    .isFalse();
            values.add(outside);
        }
        if (property.has("enum")) {
            values.add("wizard");
        }
        if (property.has("minimum")) {
            values.add(property.get("minimum").asInt() - 1);
        }
        if (property.has("maximum")) {
            values.add(property.get("maximum").asInt() + 1);
        }
        return values;
    }

    private static String abbreviated(Object value) {
        String text = String.valueOf(value);
        return text.length() > 10 ? text.substring(0, 10) + "…" : text;
    }

    private Map<String, JsonNode> tools() {
        JsonNode listed = rpc("tools/list", JSON.createObjectNode());
        Map<String, JsonNode> tools = new LinkedHashMap<>();
        listed.at("/result/tools").forEach(tool -> tools.put(tool.get("name").asText(), tool));
        return tools;
    }

    private JsonNode call(String tool, Map<String, Object> arguments) {
        ObjectNode params = JSON.createObjectNode().put("name", tool);
        params.set("arguments", JSON.valueToTree(arguments));
        JsonNode answer = rpc("tools/call", params);
        assertThat(answer.has("result"))
                .as(tool + " " + arguments + ": " + answer)
                .isTrue();
        return answer.get("result");
    }

    /** A JSON-RPC request of the session; the answer, whether sent as JSON or as one server-sent event. */
    private JsonNode rpc(String method, ObjectNode params) {
        ObjectNode request = JSON.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", IDS.incrementAndGet())
                .put("method", method);
        request.set("params", params);
        String body = McpSession.in(session, viewer)
                .body(request.toString())
                .post("/mcp")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        try {
            String json = body.lines()
                    .filter(line -> line.startsWith("data:"))
                    .map(line -> line.substring(5).strip())
                    .findFirst()
                    .orElse(body);
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}

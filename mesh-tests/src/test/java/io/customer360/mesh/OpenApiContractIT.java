package io.customer360.mesh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.nats.client.Connection;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Issue 22: what the four services serve is what their OpenAPI documents say. Starts the mesh, seeds the console's
 * demo accounts through NATS (and a dead letter and a tracking plan), then calls every GET operation of the four served
 * documents with real ids and every required parameter filled, and checks each answer against the document: its status
 * must be documented, and its body must validate against the schema documented for that status and media type
 * (networknt json-schema-validator, OpenAPI 3.1 dialect: JSON Schema 2020-12). Every mismatch is listed with the
 * operation and the JSON path; the test fails on any.
 */
@Order(Mesh.SHARED)
class OpenApiContractIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT_TYPE = "contract_checked";

    private static Mesh mesh;
    private static String deadLetterId;
    private static String noteId;

    @BeforeAll
    static void startMeshAndSeed() throws Exception {
        mesh = Mesh.shared();
        try (Connection nats = SecuredNats.connect("partner-default")) {
            ConsoleSeed.publish(nats, "");
            // not a partner event: dead-lettered, so GET /api/v1/dead-letters/{id} has a real id
            nats.jetStream()
                    .publish(
                            "customer.events." + ConsoleSeed.TROUBLED + ".purchase",
                            "{\"this is\": \"not an event\"}".getBytes(StandardCharsets.UTF_8));
        }
        String admin = Keycloak.token("acme-admin");
        given().auth()
                .oauth2(admin)
                .contentType("application/json")
                .body("{\"type\":\"object\",\"properties\":{\"total\":{\"type\":\"number\"}}}")
                .put(mesh.ingest.baseUrl() + "/api/v1/tracking-plans/event-types/" + EVENT_TYPE)
                .then()
                .statusCode(200);
        await().atMost(WAIT)
                .untilAsserted(() -> given().auth()
                        .oauth2(admin)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/" + ConsoleSeed.TROUBLED + "/notes")
                        .then()
                        .statusCode(200)
                        .body("items", hasSize(2)));
        noteId = given().auth()
                .oauth2(admin)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + ConsoleSeed.TROUBLED + "/notes")
                .then()
                .extract()
                .path("items[0].id");
        deadLetterId = await().atMost(WAIT)
                .until(
                        () -> given().auth()
                                .oauth2(admin)
                                .get(mesh.ingest.baseUrl() + "/api/v1/dead-letters")
                                .then()
                                .statusCode(200)
                                .extract()
                                .<String>path("items[0].id"),
                        id -> id != null);
    }

    @Test
    void everyGetAnswersWhatItsDocumentSays() throws Exception {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, String> service : services().entrySet()) {
            String document = given().accept("application/json")
                    .get(service.getValue() + "/q/openapi")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            Contract contract = new Contract(service.getKey(), document);
            for (Map.Entry<String, JsonNode> path :
                    contract.document.path("paths").properties()) {
                JsonNode get = path.getValue().path("get");
                if (get.isMissingNode() || get.path("responses").toString().contains("text/event-stream")) {
                    continue; // server-sent events never end: the stream ITs check them
                }
                Response response = call(service.getValue(), path.getKey(), get, null);
                mismatches.addAll(contract.check("GET " + path.getKey(), response));
                checked++;
            }
        }
        System.out.printf("OpenApiContractIT: %d GET operations checked, %d mismatches%n", checked, mismatches.size());
        mismatches.forEach(mismatch -> System.out.println("  " + mismatch));
        assertThat(checked).as("GET operations checked").isGreaterThan(40);
        assertThat(mismatches)
                .as("answers that differ from their OpenAPI documents")
                .isEmpty();
    }

    @Test
    void theContextPackAnswersTheTypeAskedFor() throws Exception {
        String document = given().accept("application/json")
                .get(mesh.aggregator.baseUrl() + "/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Contract contract = new Contract("aggregator", document);
        String path = "/api/v1/customer-360/{id}/context";
        JsonNode get = contract.document.path("paths").path(path).path("get");
        Response json = call(mesh.aggregator.baseUrl(), path, get, "application/json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/json");
        assertThat(contract.check("GET " + path + " (Accept: application/json)", json))
                .isEmpty();
        Response markdown = call(mesh.aggregator.baseUrl(), path, get, "text/markdown");
        assertThat(markdown.contentType()).startsWith("text/markdown");
        Response refused = call(mesh.aggregator.baseUrl(), path, get, "image/png");
        assertThat(refused.statusCode()).isEqualTo(406);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    private static Map<String, String> services() {
        Map<String, String> services = new LinkedHashMap<>();
        services.put("ingest", mesh.ingest.baseUrl());
        services.put("profile", mesh.profile.baseUrl());
        services.put("enrichment", mesh.enrichment.baseUrl());
        services.put("aggregator", mesh.aggregator.baseUrl());
        return services;
    }

    /** The operation called as a caller its roles allow, with real ids and every required query parameter filled. */
    private static Response call(String baseUrl, String path, JsonNode operation, String accept) {
        List<String> roles = new ArrayList<>();
        operation
                .path("security")
                .forEach(requirement -> requirement
                        .properties()
                        .forEach(scheme -> scheme.getValue().forEach(role -> roles.add(role.asString()))));
        RequestSpecification request = given().urlEncodingEnabled(false);
        if (!Collections.disjoint(roles, Set.of("c360.viewer", "c360.editor", "c360.admin", "events.writer"))) {
            request = request.auth().oauth2(Keycloak.token("acme-admin"));
        } else {
            // billing.reader alone: the billing job, an operator naming the tenant of its call
            request =
                    request.auth().oauth2(Keycloak.clientToken("c360-billing")).header("C360-Tenant", "acme");
        }
        if (accept != null) {
            request = request.accept(accept);
        }
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("in").asString().equals("query")
                    && parameter.path("required").asBoolean()) {
                String name = parameter.path("name").asString();
                request = request.queryParam(
                        name,
                        switch (name) {
                            case "month" -> YearMonth.now(ZoneOffset.UTC).toString();
                            case "q" -> ConsoleSeed.TROUBLED_NAME;
                            default ->
                                throw new AssertionError("no value for the required parameter " + name + " of " + path);
                        });
            }
        }
        return request.get(baseUrl + pathWithIds(path));
    }

    private static String pathWithIds(String path) {
        Matcher matcher = Pattern.compile("\\{([^}]+)}").matcher(path);
        StringBuilder url = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            url.append(path, last, matcher.start());
            String value = switch (matcher.group(1)) {
                case "id" -> path.startsWith("/api/v1/dead-letters") ? deadLetterId : ConsoleSeed.TROUBLED;
                case "customer_id" -> ConsoleSeed.TROUBLED;
                case "noteId" -> noteId;
                case "eventType" -> EVENT_TYPE;
                case "segment_name" -> "enterprise";
                case "month" -> YearMonth.now(ZoneOffset.UTC).toString();
                default ->
                    throw new AssertionError("no value for the path parameter " + matcher.group(1) + " of " + path);
            };
            url.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            last = matcher.end();
        }
        return url.append(path.substring(last)).toString();
    }

    /** One served document and the schemas in it, resolved by JSON pointer (with their {@code $ref}s) by the validator. */
    private static final class Contract {

        final String service;
        final JsonNode document;
        private final String uri;
        private final SchemaRegistry registry;

        Contract(String service, String text) {
            this.service = service;
            this.document = JSON.readTree(text);
            this.uri = "https://contract.customer360.test/" + service + "/openapi.json";
            // OpenAPI 3.1's schema dialect (JSON Schema 2020-12 and OpenAPI's keywords); the document itself is the
            // only resource the validator may load
            this.registry = SchemaRegistry.withDefaultDialect(
                    Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(uri, text)));
        }

        List<String> check(String operation, Response response) {
            String what = service + " " + operation;
            String status = String.valueOf(response.statusCode());
            JsonNode responses =
                    document.at(pointer("paths", operation.substring(4).split(" ")[0], "get", "responses"));
            JsonNode documented =
                    responses.path(status).isMissingNode() ? responses.path("default") : responses.path(status);
            if (documented.isMissingNode()) {
                return List.of(what + " → status " + status + " is not documented (documented: "
                        + String.join(", ", responses.propertyNames()) + "); body: "
                        + abbreviated(response.asString()));
            }
            JsonNode content = documented.path("content");
            if (content.isMissingNode() || content.isEmpty()) {
                return response.asByteArray().length == 0
                        ? List.of()
                        : List.of(what + " → " + status + " has a body, but its document says none");
            }
            String contentType = response.contentType() == null
                    ? ""
                    : response.contentType().split(";")[0].trim();
            if (!content.has(contentType)) {
                return List.of(what + " → " + status + " answered " + contentType + ", documented: "
                        + String.join(", ", content.propertyNames()));
            }
            if (!contentType.endsWith("json")) {
                return List.of(); // markdown, CSV: text the schema says is a string
            }
            String schemaPointer = pointer(
                    "paths",
                    operation.substring(4).split(" ")[0],
                    "get",
                    "responses",
                    status,
                    "content",
                    contentType,
                    "schema");
            if (document.at(schemaPointer).isMissingNode()) {
                return List.of(what + " → " + status + " " + contentType + " has no schema");
            }
            Schema schema = registry.getSchema(SchemaLocation.of(uri + "#" + schemaPointer));
            List<Error> errors = schema.validate(JSON.readTree(response.asString()));
            return errors.stream()
                    .map(error ->
                            what + " → " + status + " at " + error.getInstanceLocation() + ": " + error.getMessage())
                    .toList();
        }

        private static String pointer(String... tokens) {
            StringBuilder pointer = new StringBuilder();
            for (String token : tokens) {
                pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
            }
            return pointer.toString();
        }
    }

    private static String abbreviated(String value) {
        return value.length() > 300 ? value.substring(0, 300) + "…" : value;
    }
}

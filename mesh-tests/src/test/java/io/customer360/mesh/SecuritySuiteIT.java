package io.customer360.mesh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security suite, generated from the four services' OpenAPI documents so a new endpoint is covered without
 * anyone remembering it: every operation without a token, with a forged token, with another tenant's token, with a
 * token lacking its role, and with an injection corpus in every string parameter.
 */
class SecuritySuiteIT {

    private static final String SECRET_NAME = "Secret Person";
    private static final String SECRET_EMAIL = "secret.person@example.com";
    private static final String CUSTOMER = "cust_secret";
    private static final List<String> INJECTIONS = List.of(
            "' OR '1'='1", "\"; DROP TABLE customers; --", "../../../../etc/passwd", "%00", "{\"$gt\":\"\"}",
            "${jndi:ldap://127.0.0.1:1/x}", "<script>alert(1)</script>", "\r\nX-Injected: yes", "*", ">", "a.b",
            "\u0000", "😀💥", "x".repeat(5000));
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Mesh mesh;
    private static List<Operation> operations;

    /** One operation of one service's OpenAPI document. */
    record Operation(String service, String baseUrl, String method, String path, List<String> roles,
            List<String> queryParameters) {

        String url(String pathValue) {
            Matcher matcher = Pattern.compile("\\{([^}]+)}").matcher(path);
            StringBuilder url = new StringBuilder(baseUrl);
            int last = 0;
            while (matcher.find()) {
                url.append(path, last, matcher.start());
                String value = pathValue != null ? pathValue : matcher.group(1).toLowerCase().contains("type") ? "purchase" : CUSTOMER;
                url.append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
                last = matcher.end();
            }
            return url.append(path.substring(last)).toString();
        }

        boolean hasPathParameter() {
            return path.contains("{");
        }

        Response call(RequestSpecification request, String pathValue) {
            RequestSpecification spec = request.contentType("application/json").urlEncodingEnabled(false);
            if (Set.of("POST", "PUT", "PATCH").contains(method)) {
                spec = spec.body("{}");
            }
            return spec.request(method, url(pathValue));
        }

        @Override
        public String toString() {
            return service + " " + method + " " + path;
        }
    }

    @BeforeAll
    static void startMeshWithAnAcmeCustomer() throws Exception {
        mesh = Mesh.start();
        try (Connection nats = Nats.connect(Mesh.NATS_URL)) {
            nats.jetStream().publish(Mesh.SUBJECT_PREFIX + "customer.events." + CUSTOMER + ".purchase", """
                    {"customer_id":"%s","event_type":"purchase","timestamp":1734134400,"source_service":"shop",
                     "data":{"product_name":"Thing","total":10,"customer_name":"%s","email":"%s"}}"""
                    .formatted(CUSTOMER, SECRET_NAME, SECRET_EMAIL).getBytes(StandardCharsets.UTF_8));
        }
        String admin = Keycloak.token("acme-admin");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + CUSTOMER).then().statusCode(200));
        operations = new ArrayList<>();
        for (Map.Entry<String, String> service : Map.of("ingest", mesh.ingest.baseUrl(), "profile", mesh.profile.baseUrl(),
                "enrichment", mesh.enrichment.baseUrl(), "aggregator", mesh.aggregator.baseUrl()).entrySet()) {
            operations.addAll(operationsOf(service.getKey(), service.getValue()));
        }
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void everyOperationIsDocumentedWithItsRole() {
        assertThat(operations).hasSizeGreaterThan(10);
        assertThat(operations).allSatisfy(operation -> assertThat(operation.roles()).as(operation.toString()).isNotEmpty());
    }

    @Test
    void withoutATokenEveryOperationIs401Problem() {
        for (Operation operation : operations) {
            Response response = operation.call(given(), null);
            assertThat(response.statusCode()).as(operation.toString()).isEqualTo(401);
            assertThat(response.contentType()).as(operation.toString()).startsWith("application/problem+json");
        }
    }

    @Test
    void aForgedTokenIs401Everywhere() {
        String real = Keycloak.token("acme-admin");
        String[] parts = real.split("\\.");
        // the real token's header and claims, a signature of another key
        String forged = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("not the realm's signature".getBytes(StandardCharsets.UTF_8));
        for (Operation operation : operations) {
            assertThat(operation.call(given().auth().oauth2(forged), null).statusCode()).as(operation.toString()).isEqualTo(401);
        }
    }

    @Test
    void anotherTenantNeverSeesAByteOfTheCustomer() {
        String globex = Keycloak.token("globex-admin");
        for (Operation operation : operations) {
            Response response = operation.call(given().auth().oauth2(globex), null);
            assertThat(response.statusCode()).as(operation.toString()).isLessThan(500);
            assertThat(response.asString()).as(operation.toString()).doesNotContain(SECRET_NAME).doesNotContain(SECRET_EMAIL);
            if (operation.hasPathParameter() && operation.path().contains("customer") && !operation.method().equals("POST")) {
                assertThat(response.statusCode()).as(operation.toString()).isEqualTo(404);
            }
        }
        given().auth().oauth2(Keycloak.token("acme-viewer")).get(mesh.profile.baseUrl() + "/api/v1/customers/" + CUSTOMER)
                .then().statusCode(200);
    }

    @Test
    void aTokenWithoutTheRoleIs403() {
        String viewer = Keycloak.token("acme-viewer");
        int checked = 0;
        for (Operation operation : operations) {
            if (operation.roles().contains("c360.viewer")) {
                continue; // every demo user is a viewer; these are covered by the services' @QuarkusTests
            }
            Response response = operation.call(given().auth().oauth2(viewer), null);
            assertThat(response.statusCode()).as(operation.toString()).isEqualTo(403);
            assertThat(response.contentType()).as(operation.toString()).startsWith("application/problem+json");
            checked++;
        }
        assertThat(checked).isPositive();
    }

    @Test
    void injectionInAnyStringParameterNeverCausesA5xx() {
        String admin = Keycloak.token("acme-admin");
        for (Operation operation : operations) {
            if (operation.method().equals("DELETE")) {
                continue; // a DELETE with a hostile id is a 404; erasing with a real one is not this test's business
            }
            for (String value : INJECTIONS) {
                if (operation.hasPathParameter()) {
                    Response response = operation.call(given().auth().oauth2(admin), value);
                    assertThat(response.statusCode()).as(operation + " path=" + abbreviated(value)).isLessThan(500);
                }
                for (String parameter : operation.queryParameters()) {
                    Response response = operation.call(given().auth().oauth2(admin).queryParam(parameter,
                            URLEncoder.encode(value, StandardCharsets.UTF_8)), null);
                    assertThat(response.statusCode()).as(operation + " " + parameter + "=" + abbreviated(value)).isLessThan(500);
                }
            }
        }
    }

    private static String abbreviated(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    private static List<Operation> operationsOf(String service, String baseUrl) throws Exception {
        JsonNode document = MAPPER.readTree(given().get(baseUrl + "/q/openapi?format=json").then().statusCode(200)
                .extract().asString());
        List<Operation> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/v1")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                List<String> roles = new ArrayList<>();
                method.getValue().path("security").forEach(requirement ->
                        requirement.fields().forEachRemaining(scheme -> scheme.getValue().forEach(role -> roles.add(role.asText()))));
                List<String> query = new ArrayList<>();
                method.getValue().path("parameters").forEach(parameter -> {
                    if (parameter.path("in").asText().equals("query")) {
                        query.add(parameter.path("name").asText());
                    }
                });
                found.add(new Operation(service, baseUrl, method.getKey().toUpperCase(), path.getKey(), roles, query));
            }
        }
        return found;
    }
}

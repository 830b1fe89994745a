package io.customer360.mesh;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The security suite, generated from the four services' OpenAPI documents so a new endpoint is covered without
 * anyone remembering it: every operation without a token, with a forged token, with another tenant's token, with a
 * token lacking its role, and with an injection corpus in every string parameter.
 */
@Order(Mesh.SHARED)
class SecuritySuiteIT {

    private static final String SECRET_NAME = "Secret Person";
    private static final String SECRET_EMAIL = "secret.person@example.com";
    private static final String CUSTOMER = "cust_secret";
    private static final List<String> INJECTIONS = List.of(
            "' OR '1'='1",
            "\"; DROP TABLE customers; --",
            "../../../../etc/passwd",
            "%00",
            "{\"$gt\":\"\"}",
            "${jndi:ldap://127.0.0.1:1/x}",
            "<script>alert(1)</script>",
            "\r\nX-Injected: yes",
            "*",
            ">",
            "a.b",
            "\u0000",
            "😀💥",
            "x".repeat(5000),
            "1; SELECT pg_sleep(5)",
            "' UNION SELECT email FROM customers --",
            "%2e%2e%2f%2e%2e%2f",
            "..\\..\\windows\\win.ini",
            "{\"a\":",
            "[]",
            "null",
            "-1",
            "9".repeat(40),
            "1e309",
            "\u202egnp.exe",
            "%0d%0aSet-Cookie: injected=1",
            "\nFAKE LOG LINE level=ERROR",
            "$(reboot)",
            "`id`",
            "<!--#exec cmd=\"id\"-->",
            "{{7*7}}",
            "%s%s%s%n");
    /** Headers a proxy or a client might forward, each given a hostile value: never a 5xx. */
    private static final List<String> HEADERS = List.of(
            "X-Request-Id",
            "X-Forwarded-For",
            "X-Forwarded-Host",
            "Accept-Language",
            "traceparent",
            "Last-Event-ID",
            "X-Tenant");
    /** Larger than every service's body limit (ingest 5 MiB, the others 1 MiB). */
    private static final int OVERSIZED_BODY_BYTES = 6 * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Mesh mesh;
    private static List<Operation> operations;

    /** One operation of one service's OpenAPI document. */
    record Operation(
            String service,
            String baseUrl,
            String method,
            String path,
            List<String> roles,
            List<String> queryParameters,
            List<String> requiredQueryParameters,
            boolean streaming) {

        String url(String pathValue) {
            Matcher matcher = Pattern.compile("\\{([^}]+)}").matcher(path);
            StringBuilder url = new StringBuilder(baseUrl);
            int last = 0;
            while (matcher.find()) {
                url.append(path, last, matcher.start());
                String value = pathValue != null
                        ? pathValue
                        : matcher.group(1).toLowerCase().contains("type") ? "purchase" : CUSTOMER;
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
            return streaming ? EventStreams.open(spec, method, url(pathValue)) : spec.request(method, url(pathValue));
        }

        @Override
        public String toString() {
            return service + " " + method + " " + path;
        }
    }

    @BeforeAll
    static void startMeshWithAnAcmeCustomer() throws Exception {
        mesh = Mesh.shared();
        try (Connection nats = SecuredNats.connect("partner-default")) {
            nats.jetStream().publish("customer.events." + CUSTOMER + ".purchase", """
                    {"customer_id":"%s","event_type":"purchase","timestamp":1734134400,"source_service":"shop",
                     "data":{"product_name":"Thing","total":10,"customer_name":"%s","email":"%s"}}""".formatted(
                            CUSTOMER, SECRET_NAME, SECRET_EMAIL)
                    .getBytes(StandardCharsets.UTF_8));
        }
        String admin = Keycloak.token("acme-admin");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().auth()
                        .oauth2(admin)
                        .get(mesh.profile.baseUrl() + "/api/v1/customers/" + CUSTOMER)
                        .then()
                        .statusCode(200));
        operations = new ArrayList<>();
        for (Map.Entry<String, String> service : Map.of(
                        "ingest",
                        mesh.ingest.baseUrl(),
                        "profile",
                        mesh.profile.baseUrl(),
                        "enrichment",
                        mesh.enrichment.baseUrl(),
                        "aggregator",
                        mesh.aggregator.baseUrl())
                .entrySet()) {
            operations.addAll(operationsOf(service.getKey(), service.getValue()));
        }
    }

    @Test
    void everyOperationIsDocumentedWithItsRole() {
        assertThat(operations).hasSizeGreaterThan(10);
        assertThat(operations)
                .allSatisfy(operation ->
                        assertThat(operation.roles()).as(operation.toString()).isNotEmpty());
    }

    @Test
    void withoutATokenEveryOperationIs401Problem() {
        for (Operation operation : operations) {
            Response response = operation.call(given(), null);
            assertProblem(response, 401, operation.toString());
        }
    }

    @Test
    void aForgedTokenIs401Everywhere() {
        String real = Keycloak.token("acme-admin");
        String[] parts = real.split("\\.");
        // the real token's header and claims, a signature of another key
        String forged = parts[0] + "." + parts[1] + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("not the realm's signature".getBytes(StandardCharsets.UTF_8));
        for (Operation operation : operations) {
            assertThat(operation.call(given().auth().oauth2(forged), null).statusCode())
                    .as(operation.toString())
                    .isEqualTo(401);
        }
    }

    @Test
    void anExpiredTokenIs401Everywhere() throws InterruptedException {
        String shortLived = Keycloak.shortLivedToken("acme-admin");
        // valid while it lives: the 401s below are for its age, not for anything else about it
        given().auth()
                .oauth2(shortLived)
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + CUSTOMER)
                .then()
                .statusCode(200);
        Thread.sleep((Keycloak.SHORT_LIFESPAN_SECONDS + 2) * 1000L);
        for (Operation operation : operations) {
            Response response = operation.call(given().auth().oauth2(shortLived), null);
            assertProblem(response, 401, operation.toString());
        }
    }

    @Test
    void aTokenOfAnotherIssuerIs401Everywhere() {
        String foreign = Keycloak.tokenOfAnotherIssuer();
        for (Operation operation : operations) {
            Response response = operation.call(given().auth().oauth2(foreign), null);
            assertThat(response.statusCode()).as(operation.toString()).isEqualTo(401);
            assertThat(response.asString()).as(operation.toString()).doesNotContain(SECRET_NAME);
        }
    }

    @Test
    void anOversizedBodyIs413ProblemEverywhere() {
        String admin = Keycloak.token("acme-admin");
        byte[] oversized = new byte[OVERSIZED_BODY_BYTES];
        java.util.Arrays.fill(oversized, (byte) ' ');
        int checked = 0;
        for (Operation operation : operations) {
            if (!Set.of("POST", "PUT", "PATCH").contains(operation.method())) {
                continue;
            }
            Response response = given().auth()
                    .oauth2(admin)
                    .contentType("application/json")
                    .body(oversized)
                    .urlEncodingEnabled(false)
                    .request(operation.method(), operation.url(null));
            assertProblem(response, 413, operation.toString());
            checked++;
        }
        assertThat(checked).isPositive();
    }

    @Test
    void anOversizedOrNonsensePageIs400NamingTheParameter() {
        String admin = Keycloak.token("acme-admin");
        int checked = 0;
        for (Operation operation : operations) {
            if (!operation.queryParameters().contains("limit")) {
                continue;
            }
            for (String limit : List.of("100000", "0", "-5", "ten")) {
                RequestSpecification request = given().auth().oauth2(admin).queryParam("limit", limit);
                for (String required : operation.requiredQueryParameters()) {
                    // valid, so only the limit is wrong
                    request = request.queryParam(
                            required,
                            required.equals("month")
                                    ? java.time.YearMonth.now(java.time.ZoneOffset.UTC)
                                            .toString()
                                    : "headphones");
                }
                Response response = operation.call(request, null);
                assertProblem(response, 400, operation + " limit=" + limit);
                assertThat(response.asString())
                        .as(operation + " limit=" + limit)
                        .contains("limit");
            }
            checked++;
        }
        assertThat(checked).isPositive();
    }

    @Test
    void hostileHeadersNeverCauseA5xx() {
        String admin = Keycloak.token("acme-admin");
        for (Operation operation : operations) {
            if (operation.method().equals("DELETE")) {
                continue;
            }
            for (String value : INJECTIONS) {
                if (value.chars().anyMatch(c -> c < 0x20 || c > 0x7e) || value.length() > 1000) {
                    // a header value is visible ASCII (the HTTP client refuses to send others), and seven
                    // 5,000-character
                    // headers exceed the server's header limit: it closes the connection while the client still writes
                    continue;
                }
                RequestSpecification request = given().auth().oauth2(admin);
                for (String header : HEADERS) {
                    request = request.header(header, value);
                }
                Response response = operation.call(request, null);
                assertThat(response.statusCode())
                        .as(operation + " headers: " + abbreviated(value))
                        .isLessThan(500);
            }
        }
    }

    @Test
    void anotherTenantNeverSeesAByteOfTheCustomer() {
        String globex = Keycloak.token("globex-admin");
        for (Operation operation : operations) {
            Response response = operation.call(given().auth().oauth2(globex), null);
            assertThat(response.statusCode()).as(operation.toString()).isLessThan(500);
            assertThat(response.asString())
                    .as(operation.toString())
                    .doesNotContain(SECRET_NAME)
                    .doesNotContain(SECRET_EMAIL);
            if (operation.hasPathParameter()
                    && operation.path().contains("customer")
                    && !operation.method().equals("POST")) {
                assertThat(response.statusCode()).as(operation.toString()).isEqualTo(404);
            }
        }
        given().auth()
                .oauth2(Keycloak.token("acme-viewer"))
                .get(mesh.profile.baseUrl() + "/api/v1/customers/" + CUSTOMER)
                .then()
                .statusCode(200);
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
            assertProblem(response, 403, operation.toString());
            checked++;
        }
        assertThat(checked).isPositive();
    }

    /**
     * Issue 18: a service account's client credentials work on every operation its roles allow and nowhere else. An
     * operator identity (no tenant of its own) names the tenant of each call; the tenant-bound ones may not.
     */
    @Test
    void serviceAccountsReachWhatTheirRolesAllowAndNothingElse() {
        Map<String, Set<String>> accounts = Map.of(
                "partner-acme", Set.of("events.writer"),
                "assistant-acme", Set.of("c360.viewer"),
                "c360-billing", Set.of("billing.reader", "c360.operator"),
                "c360-aggregator", Set.of("c360.viewer", "c360.operator"));
        int allowed = 0;
        int refused = 0;
        for (Map.Entry<String, Set<String>> account : accounts.entrySet()) {
            String token = Keycloak.clientToken(account.getKey());
            boolean operator = account.getValue().contains("c360.operator");
            for (Operation operation : operations) {
                if (operation.method().equals("DELETE")) {
                    continue; // an allowed DELETE would erase; refusals of DELETE are covered by the role tests
                }
                RequestSpecification request = given().auth().oauth2(token);
                if (operator) {
                    request = request.header("C360-Tenant", "acme");
                }
                Response response = operation.call(request, null);
                String what = account.getKey() + " " + operation;
                if (java.util.Collections.disjoint(operation.roles(), account.getValue())) {
                    assertProblem(response, 403, what);
                    refused++;
                } else {
                    assertThat(response.statusCode())
                            .as(what + ": " + abbreviated(response.asString()))
                            .isNotIn(401, 403);
                    allowed++;
                }
            }
        }
        assertThat(allowed).isPositive();
        assertThat(refused).isPositive();
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
                    assertThat(response.statusCode())
                            .as(operation + " path=" + abbreviated(value))
                            .isLessThan(500);
                }
                for (String parameter : operation.queryParameters()) {
                    Response response = operation.call(
                            given().auth()
                                    .oauth2(admin)
                                    .queryParam(parameter, URLEncoder.encode(value, StandardCharsets.UTF_8)),
                            null);
                    assertThat(response.statusCode())
                            .as(operation + " " + parameter + "=" + abbreviated(value))
                            .isLessThan(500);
                }
            }
        }
    }

    private static void assertProblem(Response response, int status, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
    }

    private static String abbreviated(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    private static List<Operation> operationsOf(String service, String baseUrl) throws Exception {
        JsonNode document = MAPPER.readTree(given().get(baseUrl + "/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        List<Operation> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths =
                        document.path("paths").fields();
                paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/v1")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                List<String> roles = new ArrayList<>();
                method.getValue()
                        .path("security")
                        .forEach(requirement -> requirement
                                .fields()
                                .forEachRemaining(
                                        scheme -> scheme.getValue().forEach(role -> roles.add(role.asText()))));
                List<String> query = new ArrayList<>();
                List<String> required = new ArrayList<>();
                method.getValue().path("parameters").forEach(parameter -> {
                    if (parameter.path("in").asText().equals("query")) {
                        query.add(parameter.path("name").asText());
                        if (parameter.path("required").asBoolean()) {
                            required.add(parameter.path("name").asText());
                        }
                    }
                });
                boolean streaming =
                        method.getValue().path("responses").toString().contains("text/event-stream");
                found.add(new Operation(
                        service,
                        baseUrl,
                        method.getKey().toUpperCase(),
                        path.getKey(),
                        roles,
                        query,
                        required,
                        streaming));
            }
        }
        return found;
    }
}

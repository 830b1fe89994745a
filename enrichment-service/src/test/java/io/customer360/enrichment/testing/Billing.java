package io.customer360.enrichment.testing;

import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.auth.Roles;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A billing job's view of the ledger in tests: a reader's and an operator's requests for a tenant (tokens bound to
 * the tenant, so tenants of a test's own need not be declared in mesh.tenants; the billing service account's own
 * calls with {@code C360-Tenant} are in LedgerResourceTest), answers read with exact decimals.
 */
public final class Billing {

    public static final String LEDGER = "/api/v1/enrichment/ledger";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Billing() {}

    /** A tenant of its own for one test: its ledger starts empty. */
    public static String freshTenant() {
        return "ledger-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification reader(String tenant) {
        return given().auth().oauth2(token(tenant, Roles.BILLING_READER));
    }

    public static RequestSpecification operator(String tenant) {
        return given().auth().oauth2(token(tenant, Roles.OPERATOR, Roles.BILLING_READER));
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not JSON: " + body, e);
        }
    }

    /** Every line of the month, read page by page with {@code after} as a billing job does. */
    public static List<JsonNode> allLines(String tenant, String month, int limit) {
        List<JsonNode> lines = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = json(reader(tenant)
                    .get(LEDGER + "?month=" + month + "&after=" + after + "&limit=" + limit)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString());
            page.path("lines").forEach(lines::add);
            after = page.path("nextAfter").asLong();
            if (!page.path("hasMore").asBoolean()) {
                return lines;
            }
        }
    }

    public static BigDecimal sum(List<JsonNode> lines, String field) {
        return lines.stream().map(line -> line.path(field).decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

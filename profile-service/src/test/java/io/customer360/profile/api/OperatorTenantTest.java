package io.customer360.profile.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.serviceAccountToken;
import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.common.testing.TestTokens.tokenWithoutTenant;
import static io.customer360.profile.ProfileEvents.event;
import static io.customer360.profile.ProfileEvents.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.customer360.common.auth.OperatorCallAudit;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.common.nats.NatsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operator identities (issue 18): a machine with role c360.operator and no tenant claim names the tenant of each call
 * in the C360-Tenant header; nobody else may send it, an operator must, and every operator call is audited.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class OperatorTenantTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String OPERATOR = serviceAccountToken("c360-aggregator", Roles.VIEWER, Roles.OPERATOR);

    @Inject
    NatsClient nats;

    private final String customer = "op_" + UUID.randomUUID().toString().substring(0, 8);
    private final List<LogRecord> audit = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            audit.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void oneAcmeCustomer() {
        Logger.getLogger(OperatorCallAudit.CATEGORY).addHandler(capture);
        publish(
                nats,
                "test.profile.",
                event(ACME, customer + "_e1", customer, null, "contact", 1734100000L, Map.of("title", "hello")),
                customer + "_e1");
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> given().auth()
                        .oauth2(token(ACME, Roles.VIEWER))
                        .get("/api/v1/customers/" + customer)
                        .then()
                        .statusCode(200));
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger(OperatorCallAudit.CATEGORY).removeHandler(capture);
    }

    @Test
    void anOperatorReadsTheTenantItNames() {
        given().auth()
                .oauth2(OPERATOR)
                .header(TenantContext.TENANT_HEADER, ACME)
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(200)
                .body("id", equalTo(customer));
        // the same customer id in another tenant does not exist
        given().auth()
                .oauth2(OPERATOR)
                .header(TenantContext.TENANT_HEADER, GLOBEX)
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void anOperatorCallWithoutTheHeaderIsRefusedNamingTenant() {
        given().auth()
                .oauth2(OPERATOR)
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations.field", hasItem("tenant"));
        for (String named : List.of("", "initech", "ACME", "acme.>", "acme' OR '1'='1")) {
            given().auth()
                    .oauth2(OPERATOR)
                    .header(TenantContext.TENANT_HEADER, named)
                    .get("/api/v1/customers/" + customer)
                    .then()
                    .statusCode(400)
                    .contentType(PROBLEM_JSON)
                    .body("violations.field", hasItem("tenant"));
        }
    }

    @Test
    void nobodyElseMayNameATenant() {
        // a tenant-bound user cannot reach another tenant through the header, nor its own
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .header(TenantContext.TENANT_HEADER, ACME)
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations.field", hasItem(TenantContext.TENANT_HEADER));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .header(TenantContext.TENANT_HEADER, ACME)
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(400)
                .body("violations.field", hasItem(TenantContext.TENANT_HEADER));
        // a token without a tenant and without the operator role stays refused
        given().auth()
                .oauth2(tokenWithoutTenant(Roles.VIEWER))
                .header(TenantContext.TENANT_HEADER, ACME)
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(400)
                .body("violations.field", hasItem(TenantContext.TENANT_HEADER));
        given().auth()
                .oauth2(tokenWithoutTenant(Roles.VIEWER))
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void anOperatorHasOnlyTheRolesItWasGranted() {
        String billing = serviceAccountToken("c360-billing", Roles.BILLING_READER, Roles.OPERATOR);
        given().auth()
                .oauth2(billing)
                .header(TenantContext.TENANT_HEADER, ACME)
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void everyOperatorCallIsAudited() {
        given().auth()
                .oauth2(OPERATOR)
                .header(TenantContext.TENANT_HEADER, ACME)
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(OPERATOR)
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/customers/" + customer)
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(audit).hasSize(2));
        assertThat(audit.get(0).getMessage())
                .contains(
                        "operator=service-account-c360-aggregator",
                        "tenant=acme",
                        "method=GET",
                        "/api/v1/customers/" + customer,
                        "status=200");
        assertThat(audit.get(1).getMessage())
                .contains("operator=service-account-c360-aggregator", "tenant=-", "status=400");
    }

    @Test
    void theHeaderIsDocumentedOnEveryOperationThatNeedsAToken() {
        JsonPath document = JsonPath.from(given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        List<String> parameters = document.getList("paths.'/api/v1/customers/{id}'.get.parameters.name");
        assertThat(parameters).contains(TenantContext.TENANT_HEADER);
        assertThat(document.getString(
                        "paths.'/api/v1/customers/{id}'.get.parameters.find { it.name == 'C360-Tenant' }.in"))
                .isEqualTo("header");
    }

    @Test
    void unauthenticatedCallersAreToldWhereTheResourceMetadataIs() {
        String challenge = given().get("/api/v1/customers/" + customer)
                .then()
                .statusCode(401)
                .extract()
                .header("WWW-Authenticate");
        assertThat(challenge).startsWith("Bearer").contains("resource_metadata=\"");
        String metadataUrl = challenge.replaceAll(".*resource_metadata=\"([^\"]+)\".*", "$1");
        assertThat(metadataUrl).endsWith("/.well-known/oauth-protected-resource");
        JsonPath metadata = JsonPath.from(
                given().get(metadataUrl).then().statusCode(200).extract().asString());
        assertThat(metadata.getString("authorization_servers[0]")).endsWith("/realms/quarkus/");
        assertThat(metadata.getString("resource")).matches("http://(localhost|127\\.0\\.0\\.1):[0-9]+");
    }
}

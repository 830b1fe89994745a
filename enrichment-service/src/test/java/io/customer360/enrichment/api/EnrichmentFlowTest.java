package io.customer360.enrichment.api;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.GLOBEX;
import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.enrichment.testing.ProviderResponses.*;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.customer360.common.auth.Roles;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.enrichment.testing.Customers;
import io.customer360.enrichment.testing.Ledgers;
import io.customer360.enrichment.testing.ProviderStubs;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trigger, cached read and refresh against WireMock providers: waterfall order and fallback, merge with provenance,
 * tier gating, what is charged and how it lands on the ledger, freshness after a re-enrichment that found less, a
 * queued lookup, the enrichment.updated and enrichment.usage messages, tenant isolation, encryption at rest, and bad
 * input.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(ProviderStubs.class)
class EnrichmentFlowTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool pool;

    @Inject
    RedisAPI redis;

    @Inject
    CircuitBreakerMaintenance breakers;

    private String customer;

    @BeforeEach
    void freshProvidersAndMonth() {
        ProviderStubs.resetAll();
        breakers.resetAll();
        Ledgers.clear(pool, ACME);
        customer = Customers.seeded();
        pdl().stubFor(pdlEnrich().willReturn(pdlMatch()));
        server("google-places").stubFor(placesSearch().willReturn(placesMatch()));
        server("opencorporates").stubFor(openCorporatesSearch().willReturn(openCorporatesMatch()));
        server("attom").stubFor(attomDetail().willReturn(attomMatch()));
        server("attom-avm").stubFor(attomAvmDetail().willReturn(attomAvmMatch()));
    }

    @Test
    void triggerMergesWaterfallsWithProvenanceAndChargesOnce() {
        editor().post(path())
                .then()
                .statusCode(200)
                .body("enriched", equalTo(true))
                .body("fresh", equalTo(true))
                .body("charged", equalTo(true))
                .body("tier", equalTo("free"))
                .body("person.jobTitle", equalTo("head of audio engineering"))
                .body("business.rating", equalTo(4.6f))
                .body("business.registrationNumber", equalTo("20181234567"))
                .body("social", nullValue())
                .body("properties", hasSize(0))
                .body("fields.find { it.field == 'jobTitle' }.provider", equalTo("people-data-labs"))
                .body("fields.find { it.field == 'jobTitle' }.confidence", equalTo(0.9f))
                .body("fields.find { it.field == 'jobTitle' }.cost", equalTo(0.28f))
                .body("fields.find { it.field == 'registrationNumber' }.provider", equalTo("opencorporates"))
                .body("fields.find { it.field == 'rating' }.expiresAt", notNullValue());
        // person was complete after People Data Labs: the later person providers were never asked
        assertThat(server("clearbit").getAllServeEvents()).isEmpty();
        assertThat(server("hunter").getAllServeEvents()).isEmpty();

        editor().post(path()).then().statusCode(200).body("charged", equalTo(false));
        viewer().get(path()).then().statusCode(200).body("person.company", equalTo("acme audio"));
        assertThat(pdl().getAllServeEvents()).hasSize(1);
        viewer().get("/api/v1/enrichment/quota")
                .then()
                .statusCode(200)
                .body("current", equalTo(1))
                .body("limit", equalTo(50))
                .body("canEnrich", equalTo(true))
                .body("tier", equalTo("free"));
    }

    @Test
    void failingFirstProviderFallsBackToTheNextInOrder() {
        pdl().stubFor(pdlEnrich().willReturn(status(500)));
        server("clearbit").stubFor(clearbitFind().willReturn(clearbitMatch()));
        editor().post(path())
                .then()
                .statusCode(200)
                .body("person.jobTitle", equalTo("Audio Engineer"))
                .body("fields.find { it.field == 'jobTitle' }.provider", equalTo("clearbit"))
                .body("fields.find { it.field == 'jobTitle' }.confidence", equalTo(0.8f))
                .body("degraded.provider", hasItem("people-data-labs"))
                .body(
                        "degraded.find { it.provider == 'people-data-labs' }.reason",
                        equalTo("people-data-labs answered 500"));
        assertThat(pdl().getAllServeEvents()).hasSize(3); // one call and two retries
        assertThat(server("clearbit").getAllServeEvents()).hasSize(1);
    }

    @Test
    void everyProviderFailingReturnsTheReasonsAndChargesNothing() {
        ProviderStubs.PROVIDERS.forEach(
                provider -> server(provider).stubFor(WireMock.any(anyUrl()).willReturn(status(503))));
        editor().post(path())
                .then()
                .statusCode(200)
                .body("enriched", equalTo(false))
                .body("charged", equalTo(false))
                .body("degraded.provider", hasItem("hunter"));
        viewer().get("/api/v1/enrichment/quota").then().body("current", equalTo(0));
    }

    @Test
    void oversizedProviderResponseIsRejectedAndTheNextProviderAsked() {
        pdl().stubFor(pdlEnrich()
                .willReturn(json("{\"likelihood\": 9, \"data\": {\"job_title\": \"" + "x".repeat(70_000) + "\"}}")));
        server("clearbit").stubFor(clearbitFind().willReturn(clearbitMatch()));
        editor().post(path())
                .then()
                .statusCode(200)
                .body("person.jobTitle", equalTo("Audio Engineer"))
                .body(
                        "degraded.find { it.provider == 'people-data-labs' }.reason",
                        equalTo("people-data-labs sent a response over 65536 bytes"));
    }

    @Test
    void refreshEnrichesAgainAndChargesAgain() {
        editor().post(path()).then().statusCode(200).body("charged", equalTo(true));
        editor().post(path() + "/refresh").then().statusCode(200).body("charged", equalTo(true));
        assertThat(pdl().getAllServeEvents()).hasSize(2);
        viewer().get("/api/v1/enrichment/quota").then().body("current", equalTo(2));
    }

    @Test
    void proTierAddsSocialAndPropertyAndEnterpriseIsAlwaysFresh() {
        admin().body("{\"tier\":\"pro\"}")
                .put("/api/v1/enrichment/tier")
                .then()
                .statusCode(200)
                .body("monthlyLimit", equalTo(500));
        editor().body("{\"propertyAddress\":{\"line1\":\"4529 Winona Court\",\"line2\":\"Denver, CO\"}}")
                .post(path())
                .then()
                .statusCode(200)
                .body("social.preferred", equalTo("linkedin"))
                .body("social.profiles.linkedin.url", equalTo("https://linkedin.com/in/johnsmith-audio"))
                .body("social.profiles.facebook", nullValue())
                .body("properties[0].yearBuilt", equalTo(1900))
                // from ATTOM's AVM (property detail has no value), with the AVM's score as confidence
                .body("properties[0].ownership.marketValue", equalTo(612000))
                .body("fields.find { it.field == 'marketValue' }.provider", equalTo("attom-avm"))
                .body("fields.find { it.field == 'marketValue' }.confidence", equalTo(0.81f));
        assertThat(server("attom")
                        .getAllServeEvents()
                        .get(0)
                        .getRequest()
                        .queryParameter("address1")
                        .firstValue())
                .isEqualTo("4529 Winona Court");
        assertThat(server("attom-avm")
                        .getAllServeEvents()
                        .get(0)
                        .getRequest()
                        .queryParameter("address2")
                        .firstValue())
                .isEqualTo("Denver, CO");

        admin().body("{\"tier\":\"enterprise\"}")
                .put("/api/v1/enrichment/tier")
                .then()
                .statusCode(200)
                .body("monthlyLimit", nullValue());
        editor().post(path())
                .then()
                .statusCode(200)
                .body("charged", equalTo(true))
                .body("fresh", equalTo(false));
        editor().post(path()).then().statusCode(200).body("charged", equalTo(true));
    }

    @Test
    void freeTierHidesSocialAndPropertyEvenWhenStored() {
        admin().body("{\"tier\":\"pro\"}").put("/api/v1/enrichment/tier").then().statusCode(200);
        editor().post(path()).then().statusCode(200).body("social", notNullValue());
        admin().body("{\"tier\":\"free\"}")
                .put("/api/v1/enrichment/tier")
                .then()
                .statusCode(200);
        viewer().get(path())
                .then()
                .statusCode(200)
                .body("social", nullValue())
                .body("fields.dataType", org.hamcrest.Matchers.not(hasItem("social")));
    }

    @Test
    void anEnrichmentIsOneUnitOnTheLedgerWithALinePerMatchedCall() {
        editor().post(path()).then().statusCode(200);
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        given().auth()
                .oauth2(token(ACME, Roles.BILLING_READER))
                .get("/api/v1/enrichment/ledger?month=" + month)
                .then()
                .statusCode(200)
                .body("lines.provider", contains("people-data-labs", "google-places", "opencorporates"))
                .body("lines.dataType", contains("person", "business", "business"))
                .body("lines.units", contains(1, 0, 0))
                .body("lines.unitCost", contains(0.28f, 0.032f, 0.0f))
                .body("lines.customerId", contains(customer, customer, customer))
                .body("lines.status", contains("charged", "charged", "charged"))
                .body("lines.currency", contains("USD", "USD", "USD"));
        // the 12-month usage is a view over the same lines
        given().auth()
                .oauth2(token(ACME, Roles.BILLING_READER))
                .get("/api/v1/enrichment/usage")
                .then()
                .statusCode(200)
                .body("months", hasSize(12))
                .body("months[0].month", equalTo(month))
                .body("months[0].enrichments", equalTo(1))
                .body("months[0].limit", equalTo(50))
                .body("months[0].apiCosts.people-data-labs", equalTo(0.28f))
                .body("months[0].totalCost", equalTo(0.312f));
        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/enrichment/usage")
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        editor().body("{\"propertyAddress\":{\"line1\":\"4529 Winona Court\"}}")
                .post(path())
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations.field", contains("propertyAddress.line2"));
        admin().body("{\"tier\":\"platinum\"}")
                .put("/api/v1/enrichment/tier")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations.field", contains("tier"));
        given().auth()
                .oauth2(token(ACME, Roles.BILLING_READER))
                .get("/api/v1/enrichment/ledger/export?month=2026-13")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("violations.field", contains("month"));
        assertThat(pdl().getAllServeEvents()).isEmpty();
    }

    @Test
    void rolesAreChecked() {
        viewer().contentType(ContentType.JSON)
                .post(path())
                .then()
                .statusCode(403)
                .contentType(PROBLEM_JSON);
        editor().body("{\"tier\":\"pro\"}")
                .put("/api/v1/enrichment/tier")
                .then()
                .statusCode(403);
        given().contentType(ContentType.JSON)
                .post(path())
                .then()
                .statusCode(401)
                .contentType(PROBLEM_JSON);
    }

    @Test
    void anotherTenantSeesNothingAndCacheKeysAndRowsAreTenantScoped() {
        editor().post(path()).then().statusCode(200);
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER))
                .get(path())
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON);
        given().auth()
                .oauth2(token(GLOBEX, Roles.VIEWER, Roles.EDITOR))
                .contentType(ContentType.JSON)
                .post(path())
                .then()
                .statusCode(404);
        assertThat(redis.exists(List.of("test-enrichment:customer:acme:" + customer))
                        .await()
                        .indefinitely()
                        .toInteger())
                .isEqualTo(1);
        assertThat(redis.exists(List.of("test-enrichment:customer:globex:" + customer))
                        .await()
                        .indefinitely()
                        .toInteger())
                .isZero();
        assertThat(pool.preparedQuery(
                                "SELECT count(*) FROM enrichment_fields WHERE tenant = 'globex' AND customer_id = $1")
                        .execute(Tuple.of(customer))
                        .await()
                        .indefinitely()
                        .iterator()
                        .next()
                        .getLong(0))
                .isZero();
    }

    @Test
    void valuesAreEncryptedAtRest() {
        editor().post(path()).then().statusCode(200);
        var rows = pool.preparedQuery(
                        "SELECT sealed_value FROM enrichment_fields WHERE tenant = 'acme' AND customer_id = $1")
                .execute(Tuple.of(customer))
                .await()
                .indefinitely();
        assertThat(rows.size()).isPositive();
        rows.forEach(row -> assertThat(new String(
                        row.getBuffer("sealed_value").getBytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("audio")
                .doesNotContain("Acme"));
        String cached = redis.get("test-enrichment:customer:acme:" + customer)
                .await()
                .indefinitely()
                .toString();
        assertThat(cached).doesNotContain("audio");
    }

    @Test
    void aReEnrichmentThatFindsFewerFieldsLeavesTheRecordFreshSoTheNextRequestCallsNoProvider() {
        ProviderStubs.resetAll();
        pdl().stubFor(pdlEnrich().willReturn(json("""
                {"status": 200, "likelihood": 9, "data": {"full_name": "john smith",
                  "job_title": "head of audio engineering", "job_company_name": "acme audio"}}""")));
        editor().post(path())
                .then()
                .statusCode(200)
                .body("charged", equalTo(true))
                .body("fields", hasSize(3));
        expireStoredFields();

        pdl().stubFor(pdlEnrich().willReturn(json("""
                {"status": 200, "likelihood": 9, "data": {"job_title": "chief audio officer"}}""")));
        editor().post(path())
                .then()
                .statusCode(200)
                .body("charged", equalTo(true))
                .body("fresh", equalTo(true))
                .body("person.jobTitle", equalTo("chief audio officer"))
                // the fields no provider answered this time stay, re-checked now: their retrievedAt is unchanged
                .body("person.fullName", equalTo("john smith"));
        int calls = allProviderCalls();

        editor().post(path())
                .then()
                .statusCode(200)
                .body("charged", equalTo(false))
                .body("fresh", equalTo(true));
        assertThat(allProviderCalls()).isEqualTo(calls);
        assertThat(pdl().getAllServeEvents()).hasSize(2);
        viewer().get("/api/v1/enrichment/quota").then().body("current", equalTo(2));
    }

    @Test
    void aQueuedClearbitLookupIsNoFailureAndTheNextPersonProviderAnswers() {
        pdl().stubFor(pdlEnrich().willReturn(status(404)));
        server("clearbit")
                .stubFor(clearbitFind()
                        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                                .withStatus(202)));
        server("fullcontact").stubFor(fullContactEnrich().willReturn(fullContactMatch()));
        editor().post(path())
                .then()
                .statusCode(200)
                .body("person.jobTitle", equalTo("Principal Audio Engineer"))
                .body("fields.find { it.field == 'jobTitle' }.provider", equalTo("fullcontact"))
                .body(
                        "degraded.find { it.provider == 'clearbit' }.reason",
                        equalTo("lookup queued by the provider: no data yet"));
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
        given().auth()
                .oauth2(token(ACME, Roles.BILLING_READER))
                .get("/api/v1/enrichment/ledger?month=" + month)
                .then()
                .statusCode(200)
                .body("lines.provider", contains("fullcontact", "google-places", "opencorporates"));
    }

    @Test
    void anEnrichmentPublishesEnrichmentUpdatedAndOneUsageMessagePerLedgerLine() throws Exception {
        String updatedSubject = "test.enrichment.enrichment.updated.acme." + customer; // %test.mesh.nats.subject-prefix
        String usageSubject = "test.enrichment.enrichment.usage.acme." + customer;
        try (Connection nats = Nats.connect("nats://127.0.0.1:4222")) {
            Subscription updated = nats.subscribe(updatedSubject);
            Subscription usage = nats.subscribe(usageSubject);
            nats.flush(Duration.ofSeconds(2));

            editor().post(path()).then().statusCode(200).body("charged", equalTo(true));

            Message update = updated.nextMessage(Duration.ofSeconds(10));
            assertThat(update).as("enrichment.updated").isNotNull();
            JsonNode event = JSON.readTree(update.getData());
            assertThat(event.get("tenant").asText()).isEqualTo("acme");
            assertThat(event.get("customerId").asText()).isEqualTo(customer);
            assertThat(event.get("dataTypes")).extracting(JsonNode::asText).containsExactly("person", "business");
            assertThat(event.get("occurredAt").asText()).isNotBlank();

            List<JsonNode> lines = new java.util.ArrayList<>();
            List<String> messageIds = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Message line = usage.nextMessage(Duration.ofSeconds(15)); // published by the outbox relay
                assertThat(line).as("enrichment.usage message %d", i + 1).isNotNull();
                lines.add(JSON.readTree(line.getData()));
                messageIds.add(line.getHeaders().getFirst("Nats-Msg-Id"));
            }
            assertThat(lines)
                    .extracting(line -> line.get("provider").asText())
                    .containsExactly("people-data-labs", "google-places", "opencorporates");
            assertThat(lines)
                    .extracting(
                            line -> line.get("tenant").asText(),
                            line -> line.get("customerId").asText(),
                            line -> line.get("units").asInt(),
                            line -> line.get("unitCost").asDouble(),
                            line -> line.get("status").asText(),
                            line -> line.get("currency").asText())
                    .containsExactly(
                            tuple("acme", customer, 1, 0.28, "charged", "USD"),
                            tuple("acme", customer, 0, 0.032, "charged", "USD"),
                            tuple("acme", customer, 0, 0.0, "charged", "USD"));
            assertThat(messageIds)
                    .containsExactly(lines.stream()
                            .map(line -> "acme:" + line.get("chargeId").asLong())
                            .toArray(String[]::new));
            assertThat(lines)
                    .extracting(line -> line.get("enrichmentId").asLong())
                    .containsOnly(lines.get(0).get("chargeId").asLong());
            assertThat(usage.nextMessage(Duration.ofMillis(500)))
                    .as("no fourth usage message")
                    .isNull();
        }
    }

    /** Every stored field of the customer expired (and its hot copy gone), as after the tier's TTL. */
    private void expireStoredFields() {
        pool.preparedQuery("UPDATE enrichment_fields SET expires_at = now() - interval '1 minute' "
                        + "WHERE tenant = 'acme' AND customer_id = $1")
                .execute(Tuple.of(customer))
                .await()
                .indefinitely();
        redis.del(List.of("test-enrichment:customer:acme:" + customer)).await().indefinitely();
    }

    private static int allProviderCalls() {
        return ProviderStubs.PROVIDERS.stream()
                .mapToInt(provider -> server(provider).getAllServeEvents().size())
                .sum();
    }

    private String path() {
        return "/api/v1/enrichment/customers/" + customer;
    }

    private static io.restassured.specification.RequestSpecification viewer() {
        return given().auth().oauth2(token(ACME, Roles.VIEWER));
    }

    /** Editors read customers too: profile-service checks the propagated token for c360.viewer. */
    private static io.restassured.specification.RequestSpecification editor() {
        return given().auth().oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR)).contentType(ContentType.JSON);
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(token(ACME, Roles.ADMIN)).contentType(ContentType.JSON);
    }

    private static com.github.tomakehurst.wiremock.WireMockServer pdl() {
        return server("people-data-labs");
    }

    private static com.github.tomakehurst.wiremock.WireMockServer server(String provider) {
        return ProviderStubs.server(provider);
    }
}

package io.customer360.enrichment.api;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.common.testing.TestTokens.token;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.TextNode;
import io.customer360.common.auth.Roles;
import io.customer360.common.contract.enrichment.EnrichmentField;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.enrichment.domain.LookupSubject;
import io.customer360.enrichment.service.AutoEnrichment;
import io.customer360.enrichment.store.EnrichmentCache;
import io.customer360.enrichment.store.EnrichmentRecords;
import io.customer360.enrichment.testing.Customers;
import io.customer360.enrichment.testing.ProviderStubs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ENABLE_CUSTOMER_ENRICHMENT=false}, as the README says: stored data is still served, triggers and refreshes
 * answer 503 {@code enrichment-disabled}, profile changes are not enriched, and no provider is ever called.
 */
@QuarkusTest
@TestProfile(EnrichmentSwitchedOffTest.SwitchedOff.class)
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(ProviderStubs.class)
class EnrichmentSwitchedOffTest {

    /** The feature switch off, as the environment variable sets it. */
    public static class SwitchedOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("enrichment.enabled", "false");
        }
    }

    private static final String DISABLED = "https://customer360.io/problems/enrichment-disabled";

    @Inject
    EnrichmentRecords records;

    @Inject
    AutoEnrichment autoEnrichment;

    @Inject
    EnrichmentCache cache;

    @Test
    void storedDataIsServedTriggersAre503AndNoProviderIsCalled() {
        ProviderStubs.resetAll();
        String customer = Customers.seeded();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        records.save(
                        "acme",
                        customer,
                        List.of(new EnrichmentField(
                                "person",
                                "jobTitle",
                                TextNode.valueOf("stored before the switch"),
                                "people-data-labs",
                                new BigDecimal("0.900"),
                                now,
                                now.plusDays(7),
                                new BigDecimal("0.2800"))))
                .await()
                .indefinitely();
        // as an enrichment stored before the switch would have left it: the hot cache no longer says "nothing stored"
        // (what Customers.seeded's read remembered)
        cache.evict("acme", customer).await().indefinitely();

        given().auth()
                .oauth2(token(ACME, Roles.VIEWER))
                .get("/api/v1/enrichment/customers/" + customer)
                .then()
                .statusCode(200)
                .body("enriched", equalTo(true))
                .body("person.jobTitle", equalTo("stored before the switch"));
        for (String trigger : List.of("", "/refresh")) {
            given().auth()
                    .oauth2(token(ACME, Roles.VIEWER, Roles.EDITOR))
                    .contentType(ContentType.JSON)
                    .post("/api/v1/enrichment/customers/" + customer + trigger)
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo(DISABLED))
                    .body("status", equalTo(503));
        }
        assertThat(autoEnrichment
                        .onProfileChanged(
                                "acme",
                                customer,
                                new LookupSubject(
                                        "John Smith", "john.new@acme-audio.example", "Acme Audio", null, null, null))
                        .await()
                        .indefinitely())
                .isEqualTo(AutoEnrichment.Outcome.SWITCHED_OFF);

        assertThat(ProviderStubs.PROVIDERS)
                .allSatisfy(
                        provider -> assertThat(ProviderStubs.server(provider).getAllServeEvents())
                                .as(provider)
                                .isEmpty());
    }
}

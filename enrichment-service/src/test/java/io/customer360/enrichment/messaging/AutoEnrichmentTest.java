package io.customer360.enrichment.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.customer360.common.testing.TestTokens.token;
import static io.customer360.enrichment.testing.ProviderResponses.openCorporatesMatch;
import static io.customer360.enrichment.testing.ProviderResponses.openCorporatesSearch;
import static io.customer360.enrichment.testing.ProviderResponses.pdlEnrich;
import static io.customer360.enrichment.testing.ProviderResponses.pdlMatch;
import static io.customer360.enrichment.testing.ProviderResponses.placesMatch;
import static io.customer360.enrichment.testing.ProviderResponses.placesSearch;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.customer360.common.auth.Roles;
import io.customer360.common.contract.enrichment.EnrichmentField;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.common.testing.ProfileServiceResource;
import io.customer360.enrichment.store.EnrichmentRecords;
import io.customer360.enrichment.testing.ProviderStubs;
import io.nats.client.api.PublishAck;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * profile.changed enriches automatically, through the same quota and tier rules as an editor, once per cause:
 * a duplicate message, a tenant that did not opt in, a change that gains nothing and a spent quota enrich nothing.
 * Each test has a tenant of its own; "consumed" means the durable consumer's ack floor passed the message.
 */
@QuarkusTest
@WithTestResource(ProfileServiceResource.class)
@WithTestResource(ProviderStubs.class)
class AutoEnrichmentTest {

    @Inject
    NatsClient nats;

    @Inject
    Pool pool;

    @Inject
    EnrichmentRecords records;

    @Inject
    CircuitBreakerMaintenance breakers;

    private final String tenant = "auto" + UUID.randomUUID().toString().substring(0, 8);
    private final String customer = "cus_" + UUID.randomUUID().toString().substring(0, 8);
    private final String email = customer + "@acme-audio.example";

    @BeforeEach
    void providersAnswer() {
        ProviderStubs.resetAll();
        breakers.resetAll();
        pdl().stubFor(pdlEnrich().willReturn(pdlMatch()));
        ProviderStubs.server("google-places").stubFor(placesSearch().willReturn(placesMatch()));
        ProviderStubs.server("opencorporates").stubFor(openCorporatesSearch().willReturn(openCorporatesMatch()));
    }

    @Test
    void gainedEmailIsEnrichedOnceAndStoredWithProvenance() throws Exception {
        setTier("free", true);

        consumed(publish(customer, email, null));

        assertThat(pdlCallsFor(email)).isEqualTo(1);
        List<EnrichmentField> fields = records.fields(tenant, customer).await().indefinitely();
        assertThat(fields)
                .filteredOn(field -> field.field().equals("jobTitle"))
                .extracting(field -> field.value().asText(), EnrichmentField::provider)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("head of audio engineering", "people-data-labs"));
        assertThat(quotaUsed()).isEqualTo(1);
    }

    @Test
    void duplicateMessagesEnrichOnce() throws Exception {
        setTier("free", true);

        // two copies in flight at once, then a late one after the first settled
        publish(customer, email, null);
        consumed(publish(customer, email, null));
        consumed(publish(customer, email, null));

        assertThat(pdlCallsFor(email)).isEqualTo(1);
        assertThat(quotaUsed()).isEqualTo(1);
    }

    @Test
    void changeThatGainsNothingDoesNotEnrichButANewCompanyDoes() throws Exception {
        setTier("free", true);
        consumed(publish(customer, email, null));

        consumed(publish(customer, " " + email.toUpperCase(java.util.Locale.ROOT), null));
        assertThat(pdl().getAllServeEvents()).hasSize(1);

        consumed(publish(customer, email, "Acme Audio"));
        assertThat(pdl().getAllServeEvents()).hasSize(2);
        assertThat(pdl().findAll(getRequestedFor(urlPathEqualTo("/v5/person/enrich"))
                        .withQueryParam("company", WireMock.equalTo("Acme Audio"))))
                .hasSize(1);
        assertThat(quotaUsed()).isEqualTo(2);
    }

    @Test
    void tenantWithAutoEnrichOffIsNotEnriched() throws Exception {
        setTier("pro", false);

        consumed(publish(customer, email, "Acme Audio"));

        assertThat(pdlCallsFor(email)).isZero();
        assertThat(records.fields(tenant, customer).await().indefinitely()).isEmpty();
        assertThat(quotaUsed()).isZero();
    }

    @Test
    void spentQuotaIsNeverExceeded() throws Exception {
        setTier("free", true);
        pool.preparedQuery("""
                        INSERT INTO enrichment_quota (tenant, month, tier, used, quota_limit, version)
                        VALUES ($1, date_trunc('month', now() AT TIME ZONE 'UTC')::date, 'free', 49, 50, 1)""").execute(Tuple.of(tenant)).await().indefinitely();
        String second = customer + "_2";

        consumed(publish(customer, email, null));
        consumed(publish(second, "second." + email, null));

        assertThat(quotaUsed()).isEqualTo(50);
        assertThat(pdlCallsFor(email) + pdlCallsFor("second." + email)).isEqualTo(1);
        assertThat(records.fields(tenant, second).await().indefinitely()).isEmpty();
    }

    @Test
    void changesWhoseBodyOrSubjectDoNotNameTheirCustomerEnrichNothing() throws Exception {
        setTier("free", true);
        String other = "auto" + UUID.randomUUID().toString().substring(0, 8);
        given().auth()
                .oauth2(token(other, Roles.ADMIN))
                .contentType("application/json")
                .body("{\"tier\":\"free\",\"autoEnrich\":true}")
                .put("/api/v1/enrichment/tier")
                .then()
                .statusCode(200);

        // this tenant's subject, a body naming another tenant, then another customer
        publishOn("profile.changed." + tenant + "." + customer, other, customer, email);
        publishOn("profile.changed." + tenant + "." + customer, tenant, customer + "_2", email);
        // a wildcard, and a missing customer token
        publishOn("profile.changed." + tenant + ".*", tenant, "*", email);
        consumed(publishOn("profile.changed." + tenant, tenant, customer, email));

        assertThat(pdlCallsFor(email)).isZero();
        assertThat(records.fields(tenant, customer).await().indefinitely()).isEmpty();
        assertThat(records.fields(other, customer).await().indefinitely()).isEmpty();
        assertThat(quotaUsed()).isZero();
    }

    private PublishAck publishOn(String subject, String bodyTenant, String bodyCustomer, String customerEmail)
            throws Exception {
        String payload = """
                {"tenant":"%s","customerId":"%s","sections":["profile"],
                 "identity":{"name":"John Smith","email":"%s","company":null,"domain":null},
                 "eventIds":["%s"],"occurredAt":"2026-01-01T00:00:00Z"}""".formatted(bodyTenant, bodyCustomer, customerEmail, UUID.randomUUID());
        return nats.jetStream().publish(nats.subject(subject), payload.getBytes(StandardCharsets.UTF_8));
    }

    private void setTier(String tier, boolean autoEnrich) {
        given().auth()
                .oauth2(token(tenant, Roles.ADMIN))
                .contentType("application/json")
                .body("{\"tier\":\"" + tier + "\",\"autoEnrich\":" + autoEnrich + "}")
                .put("/api/v1/enrichment/tier")
                .then()
                .statusCode(200);
    }

    private PublishAck publish(String customerId, String customerEmail, String company) throws Exception {
        String payload = """
                {"tenant":"%s","customerId":"%s","sections":["profile"],
                 "identity":{"name":"John Smith","email":"%s","company":%s,"domain":null},
                 "eventIds":["%s"],"occurredAt":"2026-01-01T00:00:00Z"}""".formatted(
                tenant, customerId, customerEmail, company == null ? "null" : "\"" + company + "\"", UUID.randomUUID());
        return nats.jetStream()
                .publish(
                        nats.subject("profile.changed." + tenant + "." + customerId),
                        payload.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until the auto-enrichment consumer has acked everything up to and including this message. */
    private void consumed(PublishAck published) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> nats.management()
                                .getConsumerInfo(
                                        nats.name(Topology.PROFILE_CHANGES),
                                        nats.name(Topology.ENRICHMENT_AUTO_ENRICH.durable()))
                                .getAckFloor()
                                .getStreamSequence()
                        >= published.getSeqno());
    }

    private int pdlCallsFor(String customerEmail) {
        return pdl().findAll(getRequestedFor(urlPathEqualTo("/v5/person/enrich"))
                        .withQueryParam("email", WireMock.equalTo(customerEmail)))
                .size();
    }

    private int quotaUsed() {
        var rows = pool.preparedQuery("SELECT used FROM enrichment_quota WHERE tenant = $1")
                .execute(Tuple.of(tenant))
                .await()
                .indefinitely();
        return rows.size() == 0 ? 0 : rows.iterator().next().getInteger("used");
    }

    private static WireMockServer pdl() {
        return ProviderStubs.server("people-data-labs");
    }
}

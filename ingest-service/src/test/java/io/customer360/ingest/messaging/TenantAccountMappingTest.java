package io.customer360.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.NatsClient;
import io.customer360.ingest.SeedEvents;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The tenant of an event comes from the NATS account its publisher belongs to, never from what it publishes. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(TenantAccountsNatsServer.class)
class TenantAccountMappingTest {

    @Inject
    NatsClient nats;

    @Inject
    ObjectMapper mapper;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void eventsOfEachTenantAccountGetThatTenant() throws Exception {
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.*.*.purchase"));
        nats.connection().flush(Duration.ofSeconds(2));

        // the seed's snippet, unchanged in spirit: a core publish on the plain subject, from each tenant's account
        publishAs("acme", "customer.events.a_" + run + ".purchase", SeedEvents.purchase("a_" + run));
        publishAs("globex", "customer.events.g_" + run + ".purchase", SeedEvents.purchase("g_" + run));

        assertThat(tenantsOf(downstream, "a_" + run, "g_" + run))
                .containsEntry("a_" + run, "acme")
                .containsEntry("g_" + run, "globex");
    }

    @Test
    void aPublisherCannotClaimAnotherTenant() throws Exception {
        Subscription downstream = nats.connection().subscribe(nats.subject("profile.events.*.*.purchase"));
        nats.connection().flush(Duration.ofSeconds(2));

        // an acme publisher naming globex in the subject: the subject stays inside acme's account
        publishAs(
                "acme",
                "tenant.globex.customer.events.spoof_" + run + ".purchase",
                SeedEvents.purchase("spoof_" + run));
        publishAs(
                "acme",
                TenantAccountsNatsServer.PREFIX + "tenant.globex.customer.events.spoof_" + run + ".purchase",
                SeedEvents.purchase("spoof_" + run));
        publishAs("acme", "customer.events.real_" + run + ".purchase", SeedEvents.purchase("real_" + run));

        // the legitimate event arrives; the spoofed ones never do
        JsonNode first = next(downstream, Duration.ofSeconds(15));
        assertThat(first.get("customerId").asText()).isEqualTo("real_" + run);
        assertThat(first.get("tenant").asText()).isEqualTo("acme");
        assertThat(downstream.nextMessage(Duration.ofSeconds(2))).isNull();
    }

    private static void publishAs(String account, String subject, String event) throws Exception {
        try (Connection partner = Nats.connect(TenantAccountsNatsServer.url(account))) {
            partner.publish(subject, event.getBytes(StandardCharsets.UTF_8));
            partner.flush(Duration.ofSeconds(2));
        }
    }

    /** The tenant each customer's normalized event carries, in whatever order they arrive. */
    private Map<String, String> tenantsOf(Subscription downstream, String... customerIds) throws Exception {
        Map<String, String> tenants = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (tenants.size() < customerIds.length && System.nanoTime() < deadline) {
            JsonNode event = next(downstream, Duration.ofMillis(500));
            if (event != null
                    && List.of(customerIds).contains(event.path("customerId").asText())) {
                tenants.put(
                        event.get("customerId").asText(), event.get("tenant").asText());
            }
        }
        return tenants;
    }

    private JsonNode next(Subscription subscription, Duration wait) throws Exception {
        Message message = subscription.nextMessage(wait);
        return message == null ? null : mapper.readTree(message.getData());
    }
}

package io.customer360.enrichment.api.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import io.customer360.common.contract.enrichment.EnrichmentField;
import io.customer360.common.contract.messages.EnrichmentUpdated;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.enrichment.messaging.EnrichmentEvents;
import io.customer360.enrichment.messaging.UsagePublisher;
import io.customer360.enrichment.store.EnrichmentRecords;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * customer.erased deletes the customer's enrichment, and only that customer's, of that tenant only, and purges its
 * enrichment.updated and enrichment.usage messages from stream ENRICHMENT; tenant and customer are the subject's, so
 * an erasure whose body names another tenant or customer, or whose subject is a wildcard, erases nothing.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class ErasureConsumerTest {

    @Inject
    NatsClient nats;

    @Inject
    Pool pool;

    @Inject
    EnrichmentRecords records;

    @Inject
    EnrichmentEvents events;

    @Inject
    UsagePublisher usage;

    private final String customer = "erase_" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void erasureDeletesTheCustomersFieldsOnly() throws Exception {
        store("acme", customer);
        store("acme", customer + "_other");
        store("globex", customer);

        nats.jetStream()
                .publish(
                        nats.subject("customer.erased.acme." + customer),
                        ("{\"tenant\":\"acme\",\"customerId\":\"" + customer
                                        + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}")
                                .getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(15)).until(() -> fields("acme", customer) == 0);
        assertThat(fields("acme", customer + "_other")).isEqualTo(1);
        assertThat(fields("globex", customer)).isEqualTo(1);
    }

    @Test
    void erasurePurgesTheCustomersEnrichmentMessagesOnly() throws Exception {
        for (String tenant : List.of("acme", "globex")) {
            for (String customerId : List.of(customer, customer + "_other")) {
                announce(tenant, customerId);
            }
        }
        // usage is published per customer, with a message id qualified by the tenant
        MessageInfo message = nats.management()
                .getLastMessage(nats.name(Topology.ENRICHMENT), nats.subject("enrichment.usage.acme." + customer));
        assertThat(message.getHeaders().getFirst("Nats-Msg-Id")).matches("acme:[0-9]+");
        assertThat(held("enrichment.updated.acme." + customer)).isTrue();

        erase("acme", customer, "{\"tenant\":\"acme\",\"customerId\":\"" + customer + "\"}");

        await().atMost(Duration.ofSeconds(15))
                .until(() ->
                        !held("enrichment.updated.acme." + customer) && !held("enrichment.usage.acme." + customer));
        for (String kept :
                List.of("acme." + customer + "_other", "globex." + customer, "globex." + customer + "_other")) {
            assertThat(held("enrichment.updated." + kept)).as(kept).isTrue();
            assertThat(held("enrichment.usage." + kept)).as(kept).isTrue();
        }
    }

    @Test
    void forgedErasuresEraseNothing() throws Exception {
        store("acme", customer);
        store("globex", customer);
        announce("globex", customer);

        // acme's subject, a body naming globex (or another customer); a wildcard for the customer
        erase("acme", customer, "{\"tenant\":\"globex\",\"customerId\":\"" + customer + "\"}");
        erase("acme", customer, "{\"tenant\":\"acme\",\"customerId\":\"someone_else\"}");
        erase("globex", "*", "{\"tenant\":\"globex\",\"customerId\":\"*\"}");
        erase("globex", ">", "{}");
        PublishAck last =
                erase("acme", customer + "_nobody", "{\"tenant\":\"acme\",\"customerId\":\"" + customer + "_nobody\"}");

        await().atMost(Duration.ofSeconds(15))
                .until(() -> nats.management()
                                .getConsumerInfo(
                                        nats.name(Topology.PROFILE_CHANGES),
                                        nats.name(Topology.ENRICHMENT_ERASURES.durable()))
                                .getAckFloor()
                                .getStreamSequence()
                        >= last.getSeqno());
        assertThat(fields("acme", customer)).isEqualTo(1);
        assertThat(fields("globex", customer)).isEqualTo(1);
        assertThat(held("enrichment.updated.globex." + customer)).isTrue();
        assertThat(held("enrichment.usage.globex." + customer)).isTrue();
    }

    /** An enrichment result and a ledger line's usage message of the customer, published as the service publishes them. */
    private void announce(String tenant, String customerId) {
        Instant now = Instant.now();
        events.updated(new EnrichmentUpdated(tenant, customerId, List.of("person"), now))
                .await()
                .indefinitely();
        long chargeId = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) + 1;
        usage.publish(
                        tenant,
                        customerId,
                        chargeId,
                        ("{\"chargeId\":" + chargeId + ",\"tenant\":\"" + tenant + "\",\"customerId\":\"" + customerId
                                        + "\",\"provider\":\"people-data-labs\",\"cost\":0.28}")
                                .getBytes(StandardCharsets.UTF_8))
                .await()
                .indefinitely();
    }

    private PublishAck erase(String tenant, String customerId, String body) throws Exception {
        return nats.jetStream()
                .publish(
                        nats.subject("customer.erased." + tenant + "." + customerId),
                        body.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether stream ENRICHMENT holds a message on this (contract) subject. */
    private boolean held(String subject) throws Exception {
        try {
            nats.management().getLastMessage(nats.name(Topology.ENRICHMENT), nats.subject(subject));
            return true;
        } catch (JetStreamApiException e) {
            return false;
        }
    }

    private void store(String tenant, String customerId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        records.save(
                        tenant,
                        customerId,
                        List.of(new EnrichmentField(
                                "person",
                                "jobTitle",
                                TextNode.valueOf("CTO"),
                                "people-data-labs",
                                new BigDecimal("0.900"),
                                now,
                                now.plusDays(30),
                                new BigDecimal("0.28"))))
                .await()
                .indefinitely();
    }

    private long fields(String tenant, String customerId) {
        return pool.preparedQuery("SELECT count(*) FROM enrichment_fields WHERE tenant = $1 AND customer_id = $2")
                .execute(Tuple.of(tenant, customerId))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }
}

package io.customer360.enrichment.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customer360.common.nats.NatsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import com.fasterxml.jackson.databind.node.TextNode;
import io.customer360.enrichment.domain.EnrichmentField;
import io.customer360.enrichment.store.EnrichmentRecords;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** customer.erased deletes the customer's enrichment, and only that customer's, of that tenant only. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class ErasureConsumerTest {

    @Inject
    NatsClient nats;
    @Inject
    Pool pool;
    @Inject
    EnrichmentRecords records;

    private final String customer = "erase_" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void erasureDeletesTheCustomersFieldsOnly() throws Exception {
        store("acme", customer);
        store("acme", customer + "_other");
        store("globex", customer);

        nats.jetStream().publish(nats.subject("customer.erased.acme." + customer),
                ("{\"tenant\":\"acme\",\"customerId\":\"" + customer + "\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(15)).until(() -> fields("acme", customer) == 0);
        assertThat(fields("acme", customer + "_other")).isEqualTo(1);
        assertThat(fields("globex", customer)).isEqualTo(1);
    }

    private void store(String tenant, String customerId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        records.save(tenant, customerId, List.of(new EnrichmentField("person", "jobTitle", TextNode.valueOf("CTO"),
                "people-data-labs", new BigDecimal("0.900"), now, now.plusDays(30), new BigDecimal("0.28"))))
                .await().indefinitely();
    }

    private long fields(String tenant, String customerId) {
        return pool.preparedQuery("SELECT count(*) FROM enrichment_fields WHERE tenant = $1 AND customer_id = $2")
                .execute(Tuple.of(tenant, customerId)).await().indefinitely().iterator().next().getLong(0);
    }
}

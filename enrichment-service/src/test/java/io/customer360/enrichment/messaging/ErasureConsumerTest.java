package io.customer360.enrichment.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customer360.common.nats.NatsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.core.json.JsonObject;
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
        pool.preparedQuery("""
                        INSERT INTO enrichment_fields (tenant, customer_id, data_type, field, value, provider, confidence,
                                                       retrieved_at, expires_at, cost)
                        VALUES ($1, $2, 'person', 'job_title', $3, 'people_data_labs', 0.9, now(), now() + interval '30 days', 0.01)""")
                .execute(Tuple.of(tenant, customerId, new JsonObject().put("v", "CTO"))).await().indefinitely();
    }

    private long fields(String tenant, String customerId) {
        return pool.preparedQuery("SELECT count(*) FROM enrichment_fields WHERE tenant = $1 AND customer_id = $2")
                .execute(Tuple.of(tenant, customerId)).await().indefinitely().iterator().next().getLong(0);
    }
}

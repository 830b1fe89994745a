package io.customer360.enrichment.api.nats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.CustomerErasures;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.Topology;
import io.customer360.enrichment.service.EnrichmentService;
import io.customer360.enrichment.store.EnrichmentRecords;
import io.nats.client.JetStreamApiException;
import io.nats.client.PurgeOptions;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.List;

/**
 * On {@code customer.erased}, deletes everything enrichment holds about the customer: its stored fields, its hot
 * cache entry, and its messages in stream ENRICHMENT ({@code enrichment.updated.{tenant}.{customer_id}} and
 * {@code enrichment.usage.{tenant}.{customer_id}}, purged by subject). Charges stay (billing needs them) and hold no
 * enrichment data, only the customer id. Tenant and customer come from the subject ({@link CustomerErasures}).
 */
@ApplicationScoped
public class ErasureConsumer {

    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final EnrichmentRecords records;
    private final EnrichmentService enrichment;
    private final RefusedMessages refused;
    private DurableConsumer consumer;

    ErasureConsumer(
            NatsClient nats,
            ObjectMapper mapper,
            EnrichmentRecords records,
            EnrichmentService enrichment,
            RefusedMessages refused) {
        this.nats = nats;
        this.mapper = mapper;
        this.records = records;
        this.enrichment = enrichment;
        this.refused = refused;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        consumer = CustomerErasures.consume(
                nats,
                mapper,
                refused,
                Topology.ENRICHMENT_ERASURES,
                (tenant, customerId) -> records.deleteCustomer(tenant, customerId)
                        .call(() -> enrichment.forget(tenant, customerId))
                        .flatMap(deleted -> Uni.createFrom()
                                .item(() -> purge(tenant, customerId))
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                                .invoke(purged -> Log.infof(
                                        "Erased customer %s of tenant %s: %d enrichment fields deleted, "
                                                + "%d NATS messages purged",
                                        customerId, tenant, deleted, purged)))
                        .replaceWithVoid());
    }

    /**
     * Purges the customer's {@code enrichment.updated} and {@code enrichment.usage} messages from stream ENRICHMENT
     * (blocking: one JetStream API request each). A failure fails the erasure, which is then redelivered.
     */
    long purge(String tenant, String customerId) {
        long purged = 0;
        try {
            for (String kind : List.of("enrichment.updated.", "enrichment.usage.")) {
                purged += nats.management()
                        .purgeStream(
                                nats.name(Topology.ENRICHMENT),
                                PurgeOptions.subject(nats.subject(kind + tenant + "." + customerId)))
                        .getPurged();
            }
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(
                    "Cannot purge customer " + customerId + " of tenant " + tenant + " from NATS", e);
        }
        return purged;
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
    }
}

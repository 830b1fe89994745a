package io.customer360.enrichment.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.CustomerErasures;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.Topology;
import io.customer360.enrichment.service.EnrichmentService;
import io.customer360.enrichment.store.EnrichmentRecords;
import io.nats.client.JetStreamApiException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;

/**
 * On {@code customer.erased}, deletes everything enrichment holds about the customer: its stored fields and its hot
 * cache entry. Charges stay (billing needs them) and hold no enrichment data, only the customer id.
 */
@ApplicationScoped
public class ErasureConsumer {

    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final EnrichmentRecords records;
    private final EnrichmentService enrichment;
    private final RefusedMessages refused;
    private DurableConsumer consumer;

    ErasureConsumer(NatsClient nats, ObjectMapper mapper, EnrichmentRecords records, EnrichmentService enrichment,
            RefusedMessages refused) {
        this.nats = nats;
        this.mapper = mapper;
        this.records = records;
        this.enrichment = enrichment;
        this.refused = refused;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        consumer = CustomerErasures.consume(nats, mapper, refused, Topology.ENRICHMENT_ERASURES, (tenant, customerId) ->
                records.deleteCustomer(tenant, customerId)
                        .call(() -> enrichment.forget(tenant, customerId))
                        .invoke(deleted -> Log.infof("Erased customer %s of tenant %s: %d enrichment fields deleted",
                                customerId, tenant, deleted))
                        .replaceWithVoid());
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
    }
}

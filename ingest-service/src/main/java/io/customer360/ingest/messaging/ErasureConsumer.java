package io.customer360.ingest.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.CustomerErasures;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.Topology;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.store.DeadLetterStore;
import io.customer360.ingest.store.ErasedCustomers;
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
 * On {@code customer.erased.{tenant}.{customer_id}}: records a tombstone (so a replay never resurrects the customer),
 * purges the customer's retained raw events from the partner stream and deletes its dead letters.
 */
@ApplicationScoped
public class ErasureConsumer {

    private final NatsClient nats;
    private final IngestConfig config;
    private final ObjectMapper mapper;
    private final ErasedCustomers erased;
    private final DeadLetterStore deadLetters;
    private final RefusedMessages refused;
    private DurableConsumer consumer;

    ErasureConsumer(NatsClient nats, IngestConfig config, ObjectMapper mapper, ErasedCustomers erased, DeadLetterStore deadLetters,
            RefusedMessages refused) {
        this.nats = nats;
        this.config = config;
        this.mapper = mapper;
        this.erased = erased;
        this.deadLetters = deadLetters;
        this.refused = refused;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        consumer = CustomerErasures.consume(nats, mapper, refused, Topology.INGEST_ERASURES, this::erase);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
    }

    private Uni<Void> erase(String tenant, String customerId) {
        return erased.record(tenant, customerId)
                .flatMap(ignored -> Uni.createFrom().item(() -> purgeRawEvents(tenant, customerId))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .flatMap(purged -> deadLetters.deleteCustomer(tenant, customerId)
                        .invoke(deleted -> Log.infof("Erased customer %s of tenant %s: %d raw events purged, %d dead letters deleted",
                                customerId, tenant, purged, deleted)))
                .replaceWithVoid();
    }

    private long purgeRawEvents(String tenant, String customerId) {
        String stream = nats.name(Topology.CUSTOMER_EVENTS);
        List<String> subjects = tenant.equals(config.defaultTenant())
                ? List.of("customer.events." + customerId + ".>", "tenant." + tenant + ".customer.events." + customerId + ".>")
                : List.of("tenant." + tenant + ".customer.events." + customerId + ".>");
        long purged = 0;
        try {
            for (String subject : subjects) {
                purged += nats.management().purgeStream(stream, PurgeOptions.subject(nats.subject(subject))).getPurged();
            }
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Cannot purge erased customer's events", e);
        }
        return purged;
    }
}

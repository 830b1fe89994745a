package io.customer360.ingest.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Streams;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.store.DeadLetterStore;
import io.customer360.ingest.store.ErasedCustomers;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.PurgeOptions;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * On {@code customer.erased.{tenant}.{customer_id}}: records a tombstone (so a replay never resurrects the customer),
 * purges the customer's retained raw events from the partner stream and deletes its dead letters.
 */
@ApplicationScoped
public class ErasureConsumer {

    static final String CHANGES_STREAM = "PROFILE_CHANGES";

    private final NatsClient nats;
    private final IngestConfig config;
    private final ObjectMapper mapper;
    private final ErasedCustomers erased;
    private final DeadLetterStore deadLetters;
    private DurableConsumer consumer;

    ErasureConsumer(NatsClient nats, IngestConfig config, ObjectMapper mapper, ErasedCustomers erased, DeadLetterStore deadLetters) {
        this.nats = nats;
        this.config = config;
        this.mapper = mapper;
        this.erased = erased;
        this.deadLetters = deadLetters;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        String stream = nats.name(CHANGES_STREAM);
        Streams.ensure(nats.management(), stream,
                List.of(nats.subject("profile.changed.>"), nats.subject("customer.erased.>")),
                Duration.ofDays(7), Duration.ofMinutes(2), nats.streamReplicas());
        ConsumerConfiguration consumerConfig = ConsumerConfiguration.builder()
                .durable(nats.name(config.nats().durable() + "-erasure"))
                .filterSubject(nats.subject("customer.erased.>"))
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(Duration.ofSeconds(60))
                .build();
        consumer = DurableConsumer.start(nats, stream, consumerConfig, 10, this::handle);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
    }

    private CompletionStage<Void> handle(Message message) {
        JsonNode erasure;
        try {
            erasure = mapper.readTree(message.getData());
        } catch (IOException e) {
            Log.errorf("Ignoring unreadable erasure message on %s", message.getSubject());
            return Uni.createFrom().voidItem().subscribeAsCompletionStage();
        }
        String tenant = erasure.path("tenant").asText();
        String customerId = erasure.path("customerId").asText();
        return erased.record(tenant, customerId)
                .flatMap(ignored -> Uni.createFrom().item(() -> purgeRawEvents(tenant, customerId))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .flatMap(purged -> deadLetters.deleteCustomer(tenant, customerId)
                        .invoke(deleted -> Log.infof("Erased customer %s of tenant %s: %d raw events purged, %d dead letters deleted",
                                customerId, tenant, purged, deleted)))
                .replaceWithVoid()
                .subscribeAsCompletionStage();
    }

    private long purgeRawEvents(String tenant, String customerId) {
        String stream = nats.name(config.nats().stream());
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

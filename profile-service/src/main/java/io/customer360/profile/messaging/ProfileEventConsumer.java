package io.customer360.profile.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.profile.config.ProfileConfig;
import io.customer360.profile.domain.ProfileEvent;
import io.customer360.profile.service.EventApplier;
import io.customer360.profile.store.ParkedEvents;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * Consumes normalized events from {@code PROFILE_EVENTS} through one durable consumer shared by every replica,
 * applies them in batches, and acks each only after its batch committed and its {@code profile.changed} was stored
 * by JetStream. An event that keeps failing is parked after {@code max-deliveries}.
 */
@ApplicationScoped
public class ProfileEventConsumer {

    private final NatsClient nats;
    private final ProfileConfig config;
    private final ObjectMapper mapper;
    private final EventApplier applier;
    private final ParkedEvents parked;
    private DurableConsumer consumer;
    private EventBatcher batcher;

    ProfileEventConsumer(NatsClient nats, ProfileConfig config, ObjectMapper mapper, EventApplier applier, ParkedEvents parked) {
        this.nats = nats;
        this.config = config;
        this.mapper = mapper;
        this.applier = applier;
        this.parked = parked;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        batcher = new EventBatcher(applier::apply, config.events().batchSize(), config.events().concurrentBatches(),
                config.events().linger());
        consumer = DurableConsumer.bind(nats, Topology.PROFILE_NORMALIZED_EVENTS, config.events().batchSize(), this::handle);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
        if (batcher != null) {
            batcher.close();
        }
    }

    private CompletionStage<Void> handle(Message message) {
        long delivery = message.metaData().deliveredCount();
        return Uni.createFrom().item(() -> read(message))
                .flatMap(event -> Uni.createFrom().completionStage(batcher.submit(event)))
                .onFailure(failure -> delivery >= config.events().maxDeliveries())
                .recoverWithUni(failure -> park(message, failure, delivery))
                .subscribeAsCompletionStage();
    }

    /**
     * The event, checked: ingest-service publishes only complete events, so a message that is not one (or names a
     * tenant other than its subject's) is an error that ends parked, never a half-applied event.
     */
    private ProfileEvent read(Message message) {
        ProfileEvent event;
        try {
            event = mapper.readValue(message.getData(), ProfileEvent.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Unreadable normalized event on " + message.getSubject(), e);
        }
        String[] tokens = message.getSubject().split("\\.");
        String subjectTenant = tokens.length >= 2 ? tokens[tokens.length - 2] : null;
        if (event.eventId() == null || event.tenant() == null || event.eventType() == null || event.occurredAt() == null
                || event.sourceService() == null || event.data() == null || (event.customerId() == null && event.email() == null)) {
            throw new IllegalArgumentException("Incomplete normalized event on " + message.getSubject());
        }
        if (!event.tenant().equals(subjectTenant)) {
            throw new IllegalArgumentException("Event of tenant " + event.tenant() + " on the subject of tenant " + subjectTenant);
        }
        return event;
    }

    private String customerIdOf(Message message) {
        try {
            JsonNode customerId = mapper.readTree(message.getData()).get("customerId");
            return customerId != null && customerId.isTextual() ? customerId.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Uni<Void> park(Message message, Throwable failure, long delivery) {
        String payload = new String(message.getData(), StandardCharsets.UTF_8);
        String[] tokens = message.getSubject().split("\\.");
        String tenant = tokens.length >= 3 ? tokens[tokens.length - 2] : "unknown";
        String eventId = message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id");
        Log.errorf("Parking event %s of tenant %s after %d deliveries: %s", eventId, tenant, delivery, failure.toString());
        return parked.park(tenant, eventId == null ? "seq:" + message.metaData().streamSequence() : eventId,
                customerIdOf(message), message.getSubject(), payload, failure.toString(), delivery);
    }
}

package io.customer360.aggregator.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.messaging.ProfileChanged;
import io.customer360.common.nats.CustomerErasures;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads {@code profile.changed} (durable {@code aggregator-skill-triggers}, shared by the replicas) and fires the
 * skills its changes trigger ({@link ChangeTriggerRules}). A message is acked once its triggers are stored; tenant and
 * customer come from the subject, as for every consumer of the stream. A message that cannot be read is logged and
 * acked: it would fail the same way on every delivery.
 */
@ApplicationScoped
public class ChangeTriggers {

    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final SkillTriggers triggers;
    private final AggregatorConfig config;
    private DurableConsumer consumer;

    ChangeTriggers(NatsClient nats, ObjectMapper mapper, SkillTriggers triggers, AggregatorConfig config) {
        this.nats = nats;
        this.mapper = mapper;
        this.triggers = triggers;
        this.config = config;
    }

    // after ViewInvalidation (default priority), whose erasure consumer creates the PROFILE_CHANGES stream when missing
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent ignored)
            throws IOException, JetStreamApiException {
        consumer = DurableConsumer.start(nats, nats.name(CustomerErasures.STREAM), ConsumerConfiguration.builder()
                .durable(nats.name("aggregator-skill-triggers"))
                .filterSubject(nats.subject("profile.changed.>"))
                .deliverPolicy(DeliverPolicy.New)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(Duration.ofSeconds(30))
                .build(), 100, this::onChange);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
    }

    private CompletionStage<Void> onChange(Message message) {
        String[] tokens = message.getSubject().split("\\.");
        ProfileChanged change;
        try {
            change = mapper.readValue(message.getData(), ProfileChanged.class);
        } catch (IOException | RuntimeException e) {
            Log.warnf("Unreadable profile.changed on %s, no triggers from it: %s", message.getSubject(), e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        if (tokens.length < 4) {
            return CompletableFuture.completedFuture(null);
        }
        String tenant = tokens[tokens.length - 2];
        String customerId = tokens[tokens.length - 1];
        return triggers.fire(ChangeTriggerRules.triggers(tenant, customerId, change, config.triggers()))
                .subscribeAsCompletionStage();
    }
}

package io.customer360.aggregator.api.nats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.config.AccuracyConfig;
import io.customer360.aggregator.service.accuracy.InsightLog;
import io.customer360.aggregator.service.accuracy.Outcome;
import io.customer360.common.contract.messages.ProfileChanged;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.Topology;
import io.nats.client.JetStreamApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;

/**
 * Reads {@code profile.changed} (durable {@code aggregator-insight-outcomes}) for outcomes: a cancellation, a renewal,
 * a won deal, a resolved ticket ({@link Outcome}), and scores the customer's earlier insights with each
 * ({@link InsightLog#outcome}). Acked once recorded.
 */
@ApplicationScoped
public class OutcomeConsumer {

    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final RefusedMessages refused;
    private final InsightLog log;
    private final AccuracyConfig config;
    private DurableConsumer consumer;

    OutcomeConsumer(
            NatsClient nats, ObjectMapper mapper, RefusedMessages refused, InsightLog log, AccuracyConfig config) {
        this.nats = nats;
        this.mapper = mapper;
        this.refused = refused;
        this.log = log;
        this.config = config;
    }

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent ignored)
            throws IOException, JetStreamApiException {
        consumer = ProfileChanges.consume(nats, mapper, refused, Topology.AGGREGATOR_INSIGHT_OUTCOMES, this::record);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
    }

    private Uni<Void> record(String tenant, String customerId, ProfileChanged change) {
        Uni<Void> recorded = Uni.createFrom().voidItem();
        for (ProfileChanged.Change event : change.changes()) {
            Outcome outcome = Outcome.of(event.eventType(), config);
            if (outcome != null && event.eventId() != null && event.occurredAt() != null) {
                recorded = recorded.chain(() -> log.outcome(
                                tenant,
                                customerId,
                                event.eventId(),
                                outcome,
                                event.occurredAt(),
                                config.horizon(),
                                config.supportInsights())
                        .replaceWithVoid());
            }
        }
        return recorded;
    }
}

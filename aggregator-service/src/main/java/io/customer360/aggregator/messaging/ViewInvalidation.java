package io.customer360.aggregator.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.store.AccountStates;
import io.customer360.aggregator.view.ViewCache;
import io.customer360.common.nats.CustomerErasures;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Streams;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Drops cached views when their customer changes: {@code profile.changed} and {@code enrichment.updated} invalidate,
 * {@code customer.erased} invalidates and erases what the aggregator holds (health history, actions, state; the audit
 * keeps the bare id). Tenant and customer come from the subject's last two tokens. Durable consumers shared by the
 * replicas: the cache is shared too, so one replica's DEL serves all; new consumers start at new messages.
 */
@ApplicationScoped
public class ViewInvalidation {

    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final ViewCache cache;
    private final AccountStates states;
    private final List<DurableConsumer> consumers = new ArrayList<>();

    ViewInvalidation(NatsClient nats, ObjectMapper mapper, ViewCache cache, AccountStates states) {
        this.nats = nats;
        this.mapper = mapper;
        this.cache = cache;
        this.states = states;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        // the erasure consumer ensures the PROFILE_CHANGES stream the profile.changed consumer reads too
        consumers.add(CustomerErasures.consume(nats, mapper, "aggregator-erasure", (tenant, customerId) ->
                states.erase(tenant, customerId).chain(() -> cache.invalidate(tenant, customerId))));
        consumers.add(DurableConsumer.start(nats, nats.name(CustomerErasures.STREAM),
                consumer("aggregator-profile-changed", "profile.changed.>"), 100, this::invalidate));
        String enrichment = nats.name("ENRICHMENT");
        Streams.ensure(nats.management(), enrichment, List.of(nats.subject("enrichment.>")), Duration.ofDays(30),
                Duration.ofMinutes(2), nats.streamReplicas());
        consumers.add(DurableConsumer.start(nats, enrichment, consumer("aggregator-enrichment-updated", "enrichment.updated.>"), 100,
                this::invalidate));
    }

    void stop(@Observes ShutdownEvent ignored) {
        consumers.forEach(DurableConsumer::close);
    }

    private ConsumerConfiguration consumer(String durable, String subject) {
        return ConsumerConfiguration.builder()
                .durable(nats.name(durable))
                .filterSubject(nats.subject(subject))
                .deliverPolicy(DeliverPolicy.New)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(Duration.ofSeconds(30))
                .build();
    }

    private CompletionStage<Void> invalidate(Message message) {
        String[] tokens = message.getSubject().split("\\.");
        if (tokens.length < 4) {
            return Uni.createFrom().voidItem().subscribeAsCompletionStage();
        }
        return cache.invalidate(tokens[tokens.length - 2], tokens[tokens.length - 1]).subscribeAsCompletionStage();
    }
}

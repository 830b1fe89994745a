package io.customer360.aggregator.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.store.AccountStates;
import io.customer360.aggregator.view.ViewCache;
import io.customer360.common.nats.CustomerErasures;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.Topology;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
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
    private final RefusedMessages refused;
    private final List<DurableConsumer> consumers = new ArrayList<>();

    ViewInvalidation(NatsClient nats, ObjectMapper mapper, ViewCache cache, AccountStates states, RefusedMessages refused) {
        this.nats = nats;
        this.mapper = mapper;
        this.cache = cache;
        this.states = states;
        this.refused = refused;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        consumers.add(CustomerErasures.consume(nats, mapper, refused, Topology.AGGREGATOR_ERASURES, (tenant, customerId) ->
                states.erase(tenant, customerId).chain(() -> cache.invalidate(tenant, customerId))));
        consumers.add(DurableConsumer.bind(nats, Topology.AGGREGATOR_VIEW_INVALIDATION, 100, this::invalidate));
        consumers.add(DurableConsumer.bind(nats, Topology.AGGREGATOR_ENRICHMENT_UPDATED, 100, this::invalidate));
    }

    void stop(@Observes ShutdownEvent ignored) {
        consumers.forEach(DurableConsumer::close);
    }

    private CompletionStage<Void> invalidate(Message message) {
        String[] tokens = message.getSubject().split("\\.");
        if (tokens.length < 4) {
            return Uni.createFrom().voidItem().subscribeAsCompletionStage();
        }
        return cache.invalidate(tokens[tokens.length - 2], tokens[tokens.length - 1]).subscribeAsCompletionStage();
    }
}

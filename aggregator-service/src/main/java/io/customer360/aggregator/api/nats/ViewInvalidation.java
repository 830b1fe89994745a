package io.customer360.aggregator.api.nats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.store.AccountStates;
import io.customer360.aggregator.store.RescoringQueue;
import io.customer360.aggregator.store.ViewCache;
import io.customer360.common.contract.messages.EnrichmentUpdated;
import io.customer360.common.contract.messages.ProfileChanged;
import io.customer360.common.nats.CustomerErasures;
import io.customer360.common.nats.CustomerSubject;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.RefusedMessages.Reason;
import io.customer360.common.nats.Topology;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PurgeOptions;
import io.opentelemetry.api.trace.Span;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Drops cached views when their customer changes: {@code profile.changed} and {@code enrichment.updated} invalidate,
 * and a {@code profile.changed} marks its customer due for background rescoring (acked once both are done);
 * {@code customer.erased} invalidates and erases what the aggregator holds (health history, actions, state; the audit
 * keeps the bare id) and purges the customer's {@code customer360.state} and {@code customer360.triggers} messages
 * from stream {@code CUSTOMER360}. Tenant and customer come from the subject ({@code <kind>.{tenant}.{customer_id}});
 * a message whose subject does not name a valid tenant and customer (a wildcard, say), or whose body names another,
 * is refused ({@link RefusedMessages}: acked, counted, nothing invalidated or erased). Durable consumers shared by the
 * replicas: the cache is shared too, so one replica's DEL serves all; new consumers start at new messages.
 */
@ApplicationScoped
public class ViewInvalidation {

    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final ViewCache cache;
    private final AccountStates states;
    private final RefusedMessages refused;
    private final RescoringQueue rescoring;
    private final List<DurableConsumer> consumers = new ArrayList<>();

    ViewInvalidation(
            NatsClient nats,
            ObjectMapper mapper,
            ViewCache cache,
            AccountStates states,
            RefusedMessages refused,
            RescoringQueue rescoring) {
        this.nats = nats;
        this.mapper = mapper;
        this.cache = cache;
        this.states = states;
        this.refused = refused;
        this.rescoring = rescoring;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        consumers.add(CustomerErasures.consume(
                nats,
                mapper,
                refused,
                Topology.AGGREGATOR_ERASURES,
                (tenant, customerId) -> states.erase(tenant, customerId)
                        .chain(() -> Uni.createFrom()
                                .item(() -> purge(tenant, customerId))
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                        .invoke(purged -> Log.infof(
                                "Erased customer %s of tenant %s: %d NATS messages purged", customerId, tenant, purged))
                        .chain(() -> cache.invalidate(tenant, customerId))));
        consumers.add(DurableConsumer.bind(
                nats,
                Topology.AGGREGATOR_VIEW_INVALIDATION,
                100,
                message -> invalidate(Topology.AGGREGATOR_VIEW_INVALIDATION.durable(), "profile.changed", message)));
        consumers.add(DurableConsumer.bind(
                nats,
                Topology.AGGREGATOR_ENRICHMENT_UPDATED,
                100,
                message ->
                        invalidate(Topology.AGGREGATOR_ENRICHMENT_UPDATED.durable(), "enrichment.updated", message)));
    }

    void stop(@Observes ShutdownEvent ignored) {
        consumers.forEach(DurableConsumer::close);
    }

    /**
     * Purges the customer's {@code customer360.state} and {@code customer360.triggers} messages (blocking: one
     * JetStream API request each). A failure fails the erasure, which is then redelivered.
     */
    long purge(String tenant, String customerId) {
        long purged = 0;
        try {
            for (String kind : List.of("customer360.state.", "customer360.triggers.")) {
                purged += nats.management()
                        .purgeStream(
                                nats.name(Topology.CUSTOMER360),
                                PurgeOptions.subject(nats.subject(kind + tenant + "." + customerId)))
                        .getPurged();
            }
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(
                    "Cannot purge customer " + customerId + " of tenant " + tenant + " from NATS", e);
        }
        return purged;
    }

    private CompletionStage<Void> invalidate(String consumer, String kind, Message message) {
        CustomerSubject subject = CustomerSubject.parse(nats.contractSubject(message.getSubject()), kind);
        if (subject == null) {
            refused.refuse(consumer, message.getSubject(), Reason.INVALID_SUBJECT);
            return CompletableFuture.completedFuture(null);
        }
        Announced body = read(kind, message);
        // an empty or unreadable body still says that the customer changed; one naming another customer is refused
        if (body != null && !subject.agrees(body.tenant(), body.customerId())) {
            refused.refuse(consumer, message.getSubject(), Reason.TENANT_MISMATCH);
            return CompletableFuture.completedFuture(null);
        }
        NatsTracing.eventIds(Span.current(), subject.tenant(), body == null ? List.of() : body.eventIds());
        Uni<Void> invalidated = cache.invalidate(subject.tenant(), subject.customerId());
        if (!kind.equals("profile.changed")) {
            return invalidated.subscribeAsCompletionStage();
        }
        // durably due before the ack: a failure here redelivers the message
        return Uni.combine()
                .all()
                .unis(invalidated, rescoring.changed(subject.tenant(), subject.customerId()))
                .discardItems()
                .subscribeAsCompletionStage();
    }

    /** What a {@link ProfileChanged} or {@link EnrichmentUpdated} names: its customer and the events behind it. */
    private record Announced(String tenant, String customerId, List<String> eventIds) {}

    /** The message's body, null when it cannot be read. */
    private Announced read(String kind, Message message) {
        try {
            if (kind.equals("profile.changed")) {
                ProfileChanged change = mapper.readValue(message.getData(), ProfileChanged.class);
                return change == null ? null : new Announced(change.tenant(), change.customerId(), change.eventIds());
            }
            EnrichmentUpdated update = mapper.readValue(message.getData(), EnrichmentUpdated.class);
            return update == null ? null : new Announced(update.tenant(), update.customerId(), List.of());
        } catch (IOException e) {
            return null;
        }
    }
}

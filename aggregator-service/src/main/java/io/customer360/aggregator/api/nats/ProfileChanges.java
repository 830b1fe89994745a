package io.customer360.aggregator.api.nats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.contract.messages.ProfileChanged;
import io.customer360.common.nats.CustomerSubject;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.RefusedMessages.Reason;
import io.customer360.common.nats.Topology;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A durable consumer of {@code profile.changed} (shared by the replicas, from new messages on) that hands each
 * message, read as {@link ProfileChanged}, to a handler; acked when the handler's work completes, redelivered when it
 * fails. Tenant and customer come from the subject ({@code profile.changed.{tenant}.{customer_id}}), never the body:
 * a message whose subject does not name a valid tenant and customer (a wildcard, say), whose body names another, or
 * that cannot be read is refused ({@link RefusedMessages}: acked, counted, not handled), as no redelivery would make
 * it true.
 */
public final class ProfileChanges {

    private static final String KIND = "profile.changed";

    private ProfileChanges() {}

    @FunctionalInterface
    public interface Handler {
        Uni<Void> handle(String tenant, String customerId, ProfileChanged change);
    }

    public static DurableConsumer consume(
            NatsClient nats, ObjectMapper mapper, RefusedMessages refused, Topology.ConsumerSpec spec, Handler handler)
            throws IOException, JetStreamApiException {
        return DurableConsumer.bind(
                nats, spec, 100, message -> dispatch(nats, mapper, refused, spec.durable(), handler, message));
    }

    static CompletionStage<Void> dispatch(
            NatsClient nats,
            ObjectMapper mapper,
            RefusedMessages refused,
            String consumer,
            Handler handler,
            Message message) {
        CustomerSubject subject = CustomerSubject.parse(nats.contractSubject(message.getSubject()), KIND);
        if (subject == null) {
            refused.refuse(consumer, message.getSubject(), Reason.INVALID_SUBJECT);
            return CompletableFuture.completedFuture(null);
        }
        ProfileChanged change;
        try {
            change = mapper.readValue(message.getData(), ProfileChanged.class);
        } catch (IOException | RuntimeException e) {
            change = null;
        }
        if (change == null) {
            refused.refuse(consumer, message.getSubject(), Reason.UNREADABLE);
            return CompletableFuture.completedFuture(null);
        }
        if (!subject.agrees(change.tenant(), change.customerId())) {
            refused.refuse(consumer, message.getSubject(), Reason.TENANT_MISMATCH);
            return CompletableFuture.completedFuture(null);
        }
        NatsTracing.eventIds(Span.current(), subject.tenant(), change.eventIds());
        return handler.handle(subject.tenant(), subject.customerId(), change).subscribeAsCompletionStage();
    }
}

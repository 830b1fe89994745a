package io.customer360.aggregator.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A durable consumer of {@code profile.changed} (shared by the replicas, from new messages on) that hands each
 * message, read as {@link ProfileChanged}, to a handler; acked when the handler's work completes, redelivered when it
 * fails. Tenant and customer come from the subject, as for every consumer of the stream. A message that cannot be
 * read is logged and acked: it would fail the same way on every delivery.
 */
public final class ProfileChanges {

    private ProfileChanges() {
    }

    @FunctionalInterface
    public interface Handler {
        Uni<Void> handle(String tenant, String customerId, ProfileChanged change);
    }

    public static DurableConsumer consume(NatsClient nats, ObjectMapper mapper, Topology.ConsumerSpec spec, Handler handler)
            throws IOException, JetStreamApiException {
        return DurableConsumer.bind(nats, spec, 100, message -> dispatch(mapper, handler, message));
    }

    private static CompletionStage<Void> dispatch(ObjectMapper mapper, Handler handler, Message message) {
        String[] tokens = message.getSubject().split("\\.");
        ProfileChanged change;
        try {
            change = mapper.readValue(message.getData(), ProfileChanged.class);
        } catch (IOException | RuntimeException e) {
            Log.warnf("Unreadable profile.changed on %s, skipped: %s", message.getSubject(), e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        if (tokens.length < 4) {
            return CompletableFuture.completedFuture(null);
        }
        return handler.handle(tokens[tokens.length - 2], tokens[tokens.length - 1], change).subscribeAsCompletionStage();
    }
}

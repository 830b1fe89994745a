package io.customer360.aggregator.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.contract.messages.Customer360State;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes a change of exit state (or health band) to {@code customer360.state.{tenant}.{customer_id}}
 * ({@link Customer360State}, stream
 * {@code CUSTOMER360}, which also holds the skill triggers, see {@link TriggerPublisher}). The message id makes a
 * republish within JetStream's duplicate window a no-op.
 */
@ApplicationScoped
public class StatePublisher {

    private final NatsClient nats;
    private final ObjectMapper mapper;

    StatePublisher(NatsClient nats, ObjectMapper mapper) {
        this.nats = nats;
        this.mapper = mapper;
    }

    public record StateChange(
            String tenant,
            String customerId,
            String exitState,
            String previousExitState,
            Integer healthScore,
            String healthBand) {}

    /** Completes when JetStream has stored the message. */
    public Uni<Void> publish(StateChange change) {
        String suffix = change.tenant() + "." + change.customerId();
        Customer360State state = new Customer360State(
                change.tenant(),
                change.customerId(),
                change.exitState(),
                change.previousExitState(),
                change.healthScore(),
                change.healthBand(),
                Instant.now());
        return Uni.createFrom()
                .completionStage(() -> send(
                        change.tenant(),
                        "customer360.state." + suffix,
                        state,
                        String.join(
                                ":",
                                "state",
                                change.tenant(),
                                change.customerId(),
                                String.valueOf(change.previousExitState()),
                                String.valueOf(change.exitState()),
                                String.valueOf(change.healthBand()))))
                .replaceWithVoid();
    }

    private CompletableFuture<PublishAck> send(
            String tenant, String subject, Customer360State payload, String messageId) {
        try {
            Headers headers = new Headers().put("Nats-Msg-Id", messageId);
            byte[] body = mapper.writeValueAsBytes(payload);
            String wireSubject = nats.subject(subject);
            return nats.tracing()
                    .publish(
                            wireSubject,
                            subject,
                            headers,
                            span -> span.setAttribute(NatsTracing.TENANT, tenant),
                            traced -> nats.jetStream().publishAsync(wireSubject, traced, body));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

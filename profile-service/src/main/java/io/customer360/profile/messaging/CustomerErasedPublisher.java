package io.customer360.profile.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.contract.messages.CustomerErased;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.nats.client.PublishOptions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Announces an erasure on {@code customer.erased.{tenant}.{customer_id}} ({@link CustomerErased}). The message id
 * names the customer and the moment of its erasure, so announcing it again (the outbox is read until it is marked
 * published) is dropped by the stream's duplicate window.
 */
@ApplicationScoped
public class CustomerErasedPublisher {

    private final NatsClient nats;
    private final ObjectMapper mapper;

    CustomerErasedPublisher(NatsClient nats, ObjectMapper mapper) {
        this.nats = nats;
        this.mapper = mapper;
    }

    /** Completes when JetStream has stored the message. */
    public Uni<Void> publish(CustomerErased erased) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(erased);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String contractSubject = "customer.erased." + erased.tenant() + "." + erased.customerId();
        String subject = nats.subject(contractSubject);
        PublishOptions options = PublishOptions.builder()
                .messageId("erased:" + erased.tenant() + ":" + erased.customerId() + ":" + erased.occurredAt())
                .build();
        return Uni.createFrom()
                .completionStage(() -> nats.tracing()
                        .publish(
                                subject,
                                contractSubject,
                                null,
                                span -> span.setAttribute(NatsTracing.TENANT, erased.tenant()),
                                headers -> nats.jetStream().publishAsync(subject, headers, body, options)))
                .replaceWithVoid();
    }
}

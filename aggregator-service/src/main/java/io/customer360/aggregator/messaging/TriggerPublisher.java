package io.customer360.aggregator.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.contract.messages.Customer360Trigger;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.nats.client.impl.Headers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes a skill trigger to {@code customer360.triggers.{tenant}.{customer_id}} ({@link Customer360Trigger}, stream
 * {@code CUSTOMER360}) with {@code Nats-Msg-Id} = {@code trigger:} and its dedup key, so a republish within JetStream's
 * duplicate window is a no-op. Which triggers to publish, and when again, is {@code service.trigger.SkillTriggers}'.
 */
@ApplicationScoped
public class TriggerPublisher {

    private final NatsClient nats;
    private final ObjectMapper mapper;

    TriggerPublisher(NatsClient nats, ObjectMapper mapper) {
        this.nats = nats;
        this.mapper = mapper;
    }

    /** Completes when JetStream has stored the message. */
    public Uni<Void> publish(Customer360Trigger trigger) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(trigger);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String contractSubject = "customer360.triggers." + trigger.tenant() + "." + trigger.customerId();
        String subject = nats.subject(contractSubject);
        Headers headers = new Headers().put("Nats-Msg-Id", "trigger:" + trigger.dedupKey());
        return Uni.createFrom()
                .completionStage(() -> nats.tracing()
                        .publish(
                                subject,
                                contractSubject,
                                headers,
                                span -> NatsTracing.eventIds(span, trigger.tenant(), trigger.evidenceEventIds()),
                                traced -> nats.jetStream().publishAsync(subject, traced, body)))
                .replaceWithVoid();
    }
}

package io.customer360.ingest.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.customer360.ingest.domain.IngestSubjects;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Publishes normalized events to {@code profile.events.{tenant}.{customer_token}.{event_type}} through JetStream with
 * {@code Nats-Msg-Id} = {@code {tenant}:{eventId}}, so the stream stores a re-published event once within its duplicate
 * window, and the same event id in another tenant is another event. The customer token (the customer id, else a hash
 * of the email) lets an erasure purge the customer's events by subject.
 */
@ApplicationScoped
public class ProfileEventPublisher {

    private final NatsClient nats;
    private final ObjectMapper mapper;

    ProfileEventPublisher(NatsClient nats, ObjectMapper mapper) {
        this.nats = nats;
        this.mapper = mapper;
    }

    /** Completes with whether the stream saw this id already, once JetStream has stored the event. */
    public Uni<Boolean> publish(NormalizedEvent event) {
        return publish(event, null);
    }

    /**
     * The same, in the trace of {@code trace} (the partner's message or the HTTP request it came with; the current
     * context when null): profile-service's processing of the event continues that trace.
     */
    public Uni<Boolean> publish(NormalizedEvent event, Context trace) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String contractSubject = IngestSubjects.profileEvent(event);
        String subject = nats.subject(contractSubject);
        PublishOptions options = PublishOptions.builder()
                .messageId(IngestSubjects.messageId(event.tenant(), event.eventId()))
                .build();
        return Uni.createFrom()
                .completionStage(() -> nats.tracing()
                        .publish(
                                trace,
                                subject,
                                contractSubject,
                                null,
                                List.of(),
                                span -> span.setAttribute(NatsTracing.TENANT, event.tenant())
                                        .setAttribute(NatsTracing.EVENT_ID, event.eventId()),
                                headers -> nats.jetStream().publishAsync(subject, headers, body, options)))
                .map(PublishAck::isDuplicate);
    }
}

package io.customer360.ingest.messaging;

import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.customer360.ingest.domain.IngestSubjects;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Retains an event that came over HTTP, raw (the bytes as received), in stream {@code HTTP_EVENTS} on
 * {@code intake.http.{tenant}.{customer_token}.{event_type}}, as {@code CUSTOMER_EVENTS} retains partner events sent
 * over NATS, so a replay covers both. {@code Nats-Msg-Id} = {@code {tenant}:{eventId}} (a retried request is stored
 * once within the duplicate window), header {@code C360-Origin: http}.
 */
@ApplicationScoped
public class HttpEventRetainer {

    private final NatsClient nats;

    HttpEventRetainer(NatsClient nats) {
        this.nats = nats;
    }

    /** Completes once JetStream has stored the raw event; {@code trace} is the request's (the current one when null). */
    public Uni<Void> retain(NormalizedEvent event, byte[] raw, Context trace) {
        String contractSubject = IngestSubjects.httpEvent(event);
        String subject = nats.subject(contractSubject);
        Headers headers = new Headers().put(IngestSubjects.ORIGIN_HEADER, "http");
        PublishOptions options = PublishOptions.builder()
                .messageId(IngestSubjects.messageId(event.tenant(), event.eventId()))
                .build();
        return Uni.createFrom()
                .completionStage(() -> nats.tracing()
                        .publish(
                                trace,
                                subject,
                                contractSubject,
                                headers,
                                List.of(),
                                span -> span.setAttribute(NatsTracing.TENANT, event.tenant())
                                        .setAttribute(NatsTracing.EVENT_ID, event.eventId()),
                                traced -> nats.jetStream().publishAsync(subject, traced, raw, options)))
                .replaceWithVoid();
    }
}

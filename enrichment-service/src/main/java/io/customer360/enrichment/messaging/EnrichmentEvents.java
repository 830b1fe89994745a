package io.customer360.enrichment.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.contract.messages.EnrichmentUpdated;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.nats.client.impl.Headers;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes {@code enrichment.updated.{tenant}.{customer_id}} ({@link EnrichmentUpdated}) to stream ENRICHMENT for each
 * new result (the customer in the subject, so an erasure purges it by subject). A failed publish is logged and does
 * not undo the enrichment.
 * Usage messages ({@code enrichment.usage}) are not published here but through the ledger's outbox
 * ({@link UsageOutboxRelay}), so none is lost.
 */
@ApplicationScoped
public class EnrichmentEvents {

    private final NatsClient nats;
    private final ObjectMapper mapper;

    EnrichmentEvents(NatsClient nats, ObjectMapper mapper) {
        this.nats = nats;
        this.mapper = mapper;
    }

    public Uni<Void> updated(EnrichmentUpdated event) {
        return publish(event.tenant(), "enrichment.updated." + event.tenant() + "." + event.customerId(), null, event);
    }

    private Uni<Void> publish(String tenant, String subject, String messageId, EnrichmentUpdated payload) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Headers headers = new Headers();
        if (messageId != null) {
            headers.put("Nats-Msg-Id", messageId);
        }
        String wireSubject = nats.subject(subject);
        return Uni.createFrom()
                .completionStage(() -> nats.tracing()
                        .publish(
                                wireSubject,
                                subject,
                                headers,
                                span -> span.setAttribute(NatsTracing.TENANT, tenant),
                                traced -> nats.jetStream().publishAsync(wireSubject, traced, body)))
                .replaceWithVoid()
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf("Not published to %s: %s", subject, failure.toString());
                    return null;
                });
    }
}

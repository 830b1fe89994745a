package io.customer360.enrichment.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.NatsClient;
import io.nats.client.impl.Headers;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Publishes to stream ENRICHMENT: {@code enrichment.updated.{tenant}.{customer_id}} for each new result and
 * {@code enrichment.usage.{tenant}.{customer_id}} for each provider cost of a charged enrichment (billing consumers
 * subscribe {@code enrichment.usage.{tenant}.>}; id {@code usage:{tenant}:charge-{id}-{provider}}, so a re-publish is
 * stored once, and ids are per tenant). Both carry the customer in the subject, so an erasure purges them by subject.
 * A failed publish is logged and does not undo the enrichment; the usage export, read from PostgreSQL, stays complete.
 */
@ApplicationScoped
public class EnrichmentEvents {


    /** {@code enrichment.updated} payload. */
    @RegisterForReflection
    public record EnrichmentUpdated(String tenant, String customerId, List<String> dataTypes, Instant occurredAt) {
    }

    /** {@code enrichment.usage} payload. */
    @RegisterForReflection
    public record EnrichmentUsage(String tenant, String customerId, String dataType, String provider, BigDecimal cost,
            String month, Instant occurredAt) {
    }

    private final NatsClient nats;
    private final ObjectMapper mapper;

    EnrichmentEvents(NatsClient nats, ObjectMapper mapper) {
        this.nats = nats;
        this.mapper = mapper;
    }

    public Uni<Void> updated(EnrichmentUpdated event) {
        return publish("enrichment.updated." + event.tenant() + "." + event.customerId(), null, event);
    }

    public Uni<Void> usage(long chargeId, EnrichmentUsage event) {
        return publish("enrichment.usage." + event.tenant() + "." + event.customerId(),
                "usage:" + event.tenant() + ":charge-" + chargeId + "-" + event.provider(), event);
    }

    private Uni<Void> publish(String subject, String messageId, Object payload) {
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
        return Uni.createFrom().completionStage(() -> nats.jetStream().publishAsync(nats.subject(subject), headers, body))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Not published to %s: %s", subject, failure.toString());
                    return null;
                });
    }
}

package io.customer360.enrichment.messaging;

import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.nats.client.impl.Headers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Publishes {@code enrichment.usage.{tenant}.{customer_id}} to stream ENRICHMENT through JetStream, with
 * {@code Nats-Msg-Id} {@code {tenant}:{chargeId}}: JetStream stores a re-publish within its duplicate window once, and
 * consumers drop any later repeat by the charge id in the body. Fails unless the stream acknowledged the message.
 */
@ApplicationScoped
public class UsagePublisher {

    /** The longest wait for the stream's acknowledgement (NATS down: the client buffers and never answers). */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private final NatsClient nats;

    UsagePublisher(NatsClient nats) {
        this.nats = nats;
    }

    public static String subject(String tenant, String customerId) {
        return "enrichment.usage." + tenant + "." + customerId;
    }

    public static String messageId(String tenant, long chargeId) {
        return tenant + ":" + chargeId;
    }

    public Uni<Void> publish(String tenant, String customerId, long chargeId, byte[] body) {
        Headers headers = new Headers();
        headers.put("Nats-Msg-Id", messageId(tenant, chargeId));
        String wireSubject = nats.subject(subject(tenant, customerId));
        return Uni.createFrom()
                .completionStage(() -> nats.tracing()
                        .publish(
                                wireSubject,
                                subject(tenant, customerId),
                                headers,
                                span -> span.setAttribute(NatsTracing.TENANT, tenant),
                                traced -> nats.jetStream().publishAsync(wireSubject, traced, body)))
                .ifNoItem()
                .after(ACK_TIMEOUT)
                .fail()
                .replaceWithVoid();
    }
}

package io.customer360.ingest.messaging;

import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Streams;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.PartnerSubject;
import io.customer360.ingest.service.IntakeService;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * Consumes partner events from the {@code CUSTOMER_EVENTS} stream through one durable consumer shared by all
 * replicas. The tenant comes from the subject: {@code tenant.{tenant}.customer.events.…} (set server-side by
 * NATS account mapping) or the configured default tenant for plain {@code customer.events.…}.
 */
@ApplicationScoped
public class PartnerEventConsumer {

    /** Stream of the normalized events; declared here too, so intake never waits for profile-service to create it. */
    private static final String PROFILE_EVENTS_STREAM = "PROFILE_EVENTS";

    private final NatsClient nats;
    private final IngestConfig config;
    private final IntakeService intake;
    private DurableConsumer consumer;

    PartnerEventConsumer(NatsClient nats, IngestConfig config, IntakeService intake) {
        this.nats = nats;
        this.config = config;
        this.intake = intake;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        Streams.ensure(nats.management(), nats.name(PROFILE_EVENTS_STREAM),
                List.of(nats.subject("profile.events.>")), Duration.ofDays(7), Duration.ofMinutes(2), nats.streamReplicas());
        if (!config.nats().enabled()) {
            Log.info("NATS intake is disabled (NATS_ENABLED=false)");
            return;
        }
        String stream = nats.name(config.nats().stream());
        Streams.ensure(nats.management(), stream,
                config.nats().subjects().stream().map(nats::subject).toList(),
                Duration.ofDays(7), Duration.ofMinutes(2), nats.streamReplicas());
        ConsumerConfiguration consumerConfig = ConsumerConfiguration.builder()
                .durable(nats.name(config.nats().durable()))
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.All)
                .ackWait(config.nats().ackWait())
                .maxAckPending(config.nats().maxAckPending())
                .build();
        consumer = DurableConsumer.start(nats, stream, consumerConfig, config.nats().batchSize(), this::handle);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
    }

    private CompletionStage<Void> handle(Message message) {
        String contractSubject = nats.contractSubject(message.getSubject());
        PartnerSubject subject = PartnerSubject.parse(contractSubject, config.defaultTenant());
        long delivery = message.metaData().deliveredCount();
        Intake event = new Intake(subject.tenant(), message.getData() == null ? new byte[0] : message.getData(),
                message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id"),
                contractSubject, subject.customerId(), subject.eventType(), headers(message), "nats",
                "nats:" + message.metaData().getStream() + ":" + message.metaData().streamSequence());
        return intake.ingest(event)
                .onFailure(failure -> delivery >= config.nats().maxDeliveries())
                .recoverWithUni(failure -> intake.giveUp(event, failure))
                .replaceWithVoid()
                .subscribeAsCompletionStage();
    }

    private static Map<String, List<String>> headers(Message message) {
        Map<String, List<String>> headers = new TreeMap<>();
        if (message.getHeaders() != null) {
            message.getHeaders().entrySet().forEach(header -> headers.put(header.getKey(), List.copyOf(header.getValue())));
        }
        return headers;
    }
}

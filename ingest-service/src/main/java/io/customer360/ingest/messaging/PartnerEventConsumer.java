package io.customer360.ingest.messaging;

import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.PartnerSubject;
import io.customer360.ingest.service.IntakeService;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * Consumes partner events from the {@code CUSTOMER_EVENTS} stream through one durable consumer shared by all
 * replicas. The tenant comes from the subject, never the body: {@code tenant.{tenant}.customer.events.…} (set
 * server-side by NATS account mapping) or the configured default tenant for plain {@code customer.events.…}. A tenant
 * that is not declared is dead-lettered {@code unknown_tenant}; a subject whose customer token is not a customer id
 * (a wildcard, say) {@code invalid_type}, so nothing of it reaches downstream. The partner's {@code Nats-Msg-Id} is
 * the event id's source, not the dedup key that counts: {@code CUSTOMER_EVENTS} keeps only the shortest duplicate window
 * NATS allows (common {@code Topology}), and a retry is recognized downstream by the tenant-qualified id.
 */
@ApplicationScoped
public class PartnerEventConsumer {

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
        if (!config.nats().enabled()) {
            Log.info("NATS intake is disabled (NATS_ENABLED=false)");
            return;
        }
        consumer = DurableConsumer.bind(nats, Topology.INGEST_PARTNER_EVENTS, config.nats().batchSize(), this::handle);
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

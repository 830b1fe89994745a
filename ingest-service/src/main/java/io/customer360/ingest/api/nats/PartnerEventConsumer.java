package io.customer360.ingest.api.nats;

import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.customer360.common.nats.Topology;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.PartnerSubject;
import io.customer360.ingest.service.IntakeService;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;

/**
 * Consumes partner events through the durable consumer {@code ingest-service}, shared by all replicas, of each partner
 * stream: {@code CUSTOMER_EVENTS} (the default tenant's plain {@code customer.events.…}) and, for each declared tenant,
 * {@code CUSTOMER_EVENTS_<TENANT>} ({@code tenant.{tenant}.customer.events.…}, where NATS maps the tenant's account).
 * The tenant comes from the subject, never the body. Each tenant's partners publish into a stream of their own, so
 * JetStream's dedup on their {@code Nats-Msg-Id} never drops another tenant's event; downstream, every message id is
 * qualified by the tenant. A subject whose customer token is not a customer id (a wildcard, say) is dead-lettered
 * {@code invalid_type}, and a tenant that is not declared {@code unknown_tenant}, so nothing of them reaches downstream.
 */
@ApplicationScoped
public class PartnerEventConsumer {

    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("c360.intake.outcome");

    private final NatsClient nats;
    private final IngestConfig config;
    private final IntakeService intake;
    private final List<DurableConsumer> consumers = new ArrayList<>();

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
        consumers.add(DurableConsumer.bind(
                nats, Topology.INGEST_PARTNER_EVENTS, config.nats().batchSize(), this::handle));
        for (String tenant : new TreeSet<>(config.tenants())) {
            consumers.add(DurableConsumer.bind(
                    nats, Topology.partnerConsumer(tenant), config.nats().batchSize(), this::handle));
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        consumers.forEach(DurableConsumer::close);
    }

    private CompletionStage<Void> handle(Message message) {
        String contractSubject = nats.contractSubject(message.getSubject());
        PartnerSubject subject = PartnerSubject.parse(contractSubject, config.defaultTenant());
        long delivery = message.metaData().deliveredCount();
        // the message's span (DurableConsumer's, the partner's trace when it sent a traceparent) names the event
        Span span = Span.current().setAttribute(NatsTracing.TENANT, subject.tenant());
        Intake event = new Intake(
                subject.tenant(),
                message.getData() == null ? new byte[0] : message.getData(),
                message.getHeaders() == null ? null : message.getHeaders().getFirst("Nats-Msg-Id"),
                contractSubject,
                subject.customerId(),
                subject.eventType(),
                headers(message),
                "nats",
                "nats:" + message.metaData().getStream() + ":"
                        + message.metaData().streamSequence());
        return intake.ingest(event)
                .onFailure(failure -> delivery >= config.nats().maxDeliveries())
                .recoverWithUni(failure -> intake.giveUp(event, failure))
                .invoke(outcome -> {
                    if (outcome.eventId() != null) {
                        span.setAttribute(NatsTracing.EVENT_ID, outcome.eventId());
                    }
                    span.setAttribute(OUTCOME, outcome.status().wire());
                })
                .replaceWithVoid()
                .subscribeAsCompletionStage();
    }

    private static Map<String, List<String>> headers(Message message) {
        Map<String, List<String>> headers = new TreeMap<>();
        if (message.getHeaders() != null) {
            message.getHeaders()
                    .entrySet()
                    .forEach(header -> headers.put(header.getKey(), List.copyOf(header.getValue())));
        }
        return headers;
    }
}

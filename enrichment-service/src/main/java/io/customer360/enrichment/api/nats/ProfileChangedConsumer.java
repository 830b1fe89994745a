package io.customer360.enrichment.api.nats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.contract.messages.ProfileChanged;
import io.customer360.common.nats.CustomerSubject;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.RefusedMessages.Reason;
import io.customer360.common.nats.Topology;
import io.customer360.enrichment.domain.LookupSubject;
import io.customer360.enrichment.service.AutoEnrichment;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.opentelemetry.api.trace.Span;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code profile.changed.{tenant}.{customer_id}} (stream PROFILE_CHANGES) through a durable consumer of its
 * own, and hands each change to {@link AutoEnrichment}. A message is acked once its outcome is durable, whatever the
 * outcome (a spent quota included). The tenant and customer are the subject's: a message whose subject does not name
 * a valid tenant and customer, whose body names another, or that cannot be read is refused ({@link RefusedMessages}:
 * acked, counted, nothing enriched), as no redelivery would make it true.
 */
@ApplicationScoped
public class ProfileChangedConsumer {

    /** Changes handled at once per consumer, below every provider's default bulkhead (10). */
    static final int MAX_IN_FLIGHT = 4;

    private static final String CONSUMER = "enrichment-service-auto-enrich";
    private static final String KIND = "profile.changed";

    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final AutoEnrichment autoEnrichment;
    private final RefusedMessages refused;
    private DurableConsumer consumer;

    ProfileChangedConsumer(
            NatsClient nats, ObjectMapper mapper, AutoEnrichment autoEnrichment, RefusedMessages refused) {
        this.nats = nats;
        this.mapper = mapper;
        this.autoEnrichment = autoEnrichment;
        this.refused = refused;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        consumer = DurableConsumer.bind(nats, Topology.ENRICHMENT_AUTO_ENRICH, MAX_IN_FLIGHT, this::handle);
    }

    private CompletionStage<Void> handle(Message message) {
        CustomerSubject subject = CustomerSubject.parse(nats.contractSubject(message.getSubject()), KIND);
        if (subject == null) {
            refused.refuse(CONSUMER, message.getSubject(), Reason.INVALID_SUBJECT);
            return done();
        }
        ProfileChanged change;
        try {
            change = mapper.readValue(message.getData(), ProfileChanged.class);
        } catch (IOException e) {
            change = null;
        }
        if (change == null) {
            refused.refuse(CONSUMER, message.getSubject(), Reason.UNREADABLE);
            return done();
        }
        if (!subject.agrees(change.tenant(), change.customerId())) {
            refused.refuse(CONSUMER, message.getSubject(), Reason.TENANT_MISMATCH);
            return done();
        }
        Span.current().setAttribute(NatsTracing.TENANT, subject.tenant());
        if (change.identity() == null) {
            Log.debugf("No identity in the profile.changed message on %s: nothing to enrich", message.getSubject());
            return done();
        }
        ProfileChanged.Identity identity = change.identity();
        LookupSubject lookup =
                new LookupSubject(identity.name(), identity.email(), identity.company(), identity.domain(), null, null);
        return autoEnrichment
                .onProfileChanged(subject.tenant(), subject.customerId(), lookup)
                .invoke(outcome -> log(subject, outcome))
                .replaceWithVoid()
                .subscribeAsCompletionStage();
    }

    private static void log(CustomerSubject change, AutoEnrichment.Outcome outcome) {
        switch (outcome) {
            case ENRICHED, NO_DATA ->
                Log.infof(
                        "Auto-enrichment of customer %s of tenant %s: %s",
                        change.customerId(), change.tenant(), outcome);
            case QUOTA_SPENT ->
                Log.infof(
                        "No auto-enrichment of customer %s of tenant %s: the monthly quota is spent",
                        change.customerId(), change.tenant());
            default ->
                Log.debugf(
                        "No auto-enrichment of customer %s of tenant %s: %s",
                        change.customerId(), change.tenant(), outcome);
        }
    }

    private static CompletionStage<Void> done() {
        return Uni.createFrom().voidItem().subscribeAsCompletionStage();
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
    }
}

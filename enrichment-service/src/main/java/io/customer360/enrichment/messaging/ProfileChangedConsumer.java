package io.customer360.enrichment.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.auth.TenantContext;
import io.customer360.common.nats.CustomerErasures;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Streams;
import io.customer360.enrichment.domain.LookupSubject;
import io.customer360.enrichment.service.AutoEnrichment;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code profile.changed.{tenant}.{customer_id}} (stream PROFILE_CHANGES, declared as profile-service and
 * {@link CustomerErasures} declare it) through a durable consumer of its own, and hands each change to
 * {@link AutoEnrichment}. A message is acked once its outcome is durable, whatever the outcome (a spent quota
 * included); an unreadable one is logged and acked, as no redelivery would make it readable.
 */
@ApplicationScoped
public class ProfileChangedConsumer {

    static final String DURABLE = "enrichment-service-auto-enrich";
    /** Changes handled at once per consumer, below every provider's default bulkhead (10). */
    static final int MAX_IN_FLIGHT = 4;

    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final AutoEnrichment autoEnrichment;
    private DurableConsumer consumer;

    ProfileChangedConsumer(NatsClient nats, ObjectMapper mapper, AutoEnrichment autoEnrichment) {
        this.nats = nats;
        this.mapper = mapper;
        this.autoEnrichment = autoEnrichment;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        String stream = nats.name(CustomerErasures.STREAM);
        Streams.ensure(nats.management(), stream,
                List.of(nats.subject("profile.changed.>"), nats.subject("customer.erased.>")),
                Duration.ofDays(7), Duration.ofMinutes(2), nats.streamReplicas());
        ConsumerConfiguration configuration = ConsumerConfiguration.builder()
                .durable(nats.name(DURABLE))
                .filterSubject(nats.subject("profile.changed.>"))
                // reacts to changes from its first start on: switching it on must not enrich a week of history
                .deliverPolicy(DeliverPolicy.New)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(Duration.ofSeconds(60))
                // a burst of changes (an import) must not overrun the providers' bulkheads and rate limits
                .maxAckPending(MAX_IN_FLIGHT)
                .build();
        consumer = DurableConsumer.start(nats, stream, configuration, MAX_IN_FLIGHT, this::handle);
    }

    private CompletionStage<Void> handle(Message message) {
        ProfileChanged change;
        try {
            change = mapper.readValue(message.getData(), ProfileChanged.class);
        } catch (IOException e) {
            Log.errorf("Ignoring an unreadable profile.changed message on %s", message.getSubject());
            return done();
        }
        if (change.tenant() == null || !TenantContext.TENANT_PATTERN.matcher(change.tenant()).matches()
                || !CustomerIds.isValid(change.customerId()) || change.identity() == null
                || !("profile.changed." + change.tenant() + "." + change.customerId())
                        .equals(nats.contractSubject(message.getSubject()))) {
            Log.errorf("Ignoring a profile.changed message on %s: no identity, or tenant and customer id that do not "
                    + "match its subject", message.getSubject());
            return done();
        }
        ProfileChanged.Identity identity = change.identity();
        LookupSubject subject = new LookupSubject(identity.name(), identity.email(), identity.company(),
                identity.domain(), null, null);
        return autoEnrichment.onProfileChanged(change.tenant(), change.customerId(), subject)
                .invoke(outcome -> log(change, outcome))
                .replaceWithVoid()
                .subscribeAsCompletionStage();
    }

    private static void log(ProfileChanged change, AutoEnrichment.Outcome outcome) {
        switch (outcome) {
            case ENRICHED, NO_DATA -> Log.infof("Auto-enrichment of customer %s of tenant %s: %s",
                    change.customerId(), change.tenant(), outcome);
            case QUOTA_SPENT -> Log.infof("No auto-enrichment of customer %s of tenant %s: the monthly quota is spent",
                    change.customerId(), change.tenant());
            default -> Log.debugf("No auto-enrichment of customer %s of tenant %s: %s", change.customerId(),
                    change.tenant(), outcome);
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

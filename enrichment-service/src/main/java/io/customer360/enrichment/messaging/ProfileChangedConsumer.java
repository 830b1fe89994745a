package io.customer360.enrichment.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.CustomerIds;
import io.customer360.common.auth.TenantContext;
import io.customer360.common.nats.CustomerErasures;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.enrichment.domain.LookupSubject;
import io.customer360.enrichment.service.AutoEnrichment;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.concurrent.CompletionStage;

/**
 * Consumes {@code profile.changed.{tenant}.{customer_id}} (stream PROFILE_CHANGES, declared as profile-service and
 * {@link CustomerErasures} declare it) through a durable consumer of its own, and hands each change to
 * {@link AutoEnrichment}. A message is acked once its outcome is durable, whatever the outcome (a spent quota
 * included); an unreadable one is logged and acked, as no redelivery would make it readable.
 */
@ApplicationScoped
public class ProfileChangedConsumer {

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
        consumer = DurableConsumer.bind(nats, Topology.ENRICHMENT_AUTO_ENRICH, MAX_IN_FLIGHT, this::handle);
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

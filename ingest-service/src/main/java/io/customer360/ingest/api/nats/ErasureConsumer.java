package io.customer360.ingest.api.nats;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.nats.CustomerErasures;
import io.customer360.common.nats.DurableConsumer;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.RefusedMessages;
import io.customer360.common.nats.Topology;
import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.IngestSubjects;
import io.customer360.ingest.domain.IngestSubjects.StreamSubject;
import io.customer360.ingest.store.DeadLetterStore;
import io.customer360.ingest.store.ErasedCustomers;
import io.customer360.ingest.store.IdentityLinkStore;
import io.nats.client.JetStreamApiException;
import io.nats.client.PurgeOptions;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.List;

/**
 * On {@code customer.erased.{tenant}.{customer_id}}: records a tombstone (so a replay never resurrects the customer),
 * purges the customer's retained raw events (partner events from {@code CUSTOMER_EVENTS} for the default tenant and
 * from the tenant's own {@code CUSTOMER_EVENTS_<TENANT>}, HTTP events from {@code HTTP_EVENTS}) and deletes its dead
 * letters and its Segment identity links (anonymous ids tied to it). Tenant and customer come from the subject ({@link CustomerErasures}): a message whose body names another,
 * or whose subject is not a valid tenant and customer id, erases nothing.
 */
@ApplicationScoped
public class ErasureConsumer {

    private final NatsClient nats;
    private final IngestConfig config;
    private final ObjectMapper mapper;
    private final ErasedCustomers erased;
    private final DeadLetterStore deadLetters;
    private final RefusedMessages refused;
    private final IdentityLinkStore links;
    private DurableConsumer consumer;

    ErasureConsumer(
            NatsClient nats,
            IngestConfig config,
            ObjectMapper mapper,
            ErasedCustomers erased,
            DeadLetterStore deadLetters,
            RefusedMessages refused,
            IdentityLinkStore links) {
        this.links = links;
        this.nats = nats;
        this.config = config;
        this.mapper = mapper;
        this.erased = erased;
        this.deadLetters = deadLetters;
        this.refused = refused;
    }

    void start(@Observes StartupEvent ignored) throws IOException, JetStreamApiException {
        consumer = CustomerErasures.consumeErasures(nats, mapper, refused, Topology.INGEST_ERASURES, this::erase);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (consumer != null) {
            consumer.close();
        }
    }

    private Uni<Void> erase(CustomerErasures.Erasure erasure) {
        String tenant = erasure.tenant();
        String customerId = erasure.customerId();
        return erased.record(tenant, customerId)
                .flatMap(ignored -> Uni.createFrom()
                        .item(() -> purgeRawEvents(tenant, erasure.subjectTokens()))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .flatMap(purged -> deadLetters
                        .deleteCustomer(tenant, customerId)
                        .call(() -> links.deleteUser(tenant, customerId))
                        .invoke(deleted -> Log.infof(
                                "Erased customer %s of tenant %s: %d raw events purged, %d dead letters deleted",
                                customerId, tenant, purged, deleted)))
                .replaceWithVoid();
    }

    /**
     * Purges the customer's retained raw events under each of its subject tokens (its id, ids merged into it, the hashed
     * tokens of its emails): partner events (every subject form of the tenant, each in its stream) and HTTP events
     * ({@code HTTP_EVENTS}, where an email-only event is kept under its email's token). Each token is one valid
     * subject token (CustomerErasures checked them), so a filter never reaches another customer. A partner's
     * email-only NATS event under a token of the partner's own choosing cannot be found by subject: it stays until the
     * stream's age limit (docs/nats-security.md).
     */
    private long purgeRawEvents(String tenant, List<String> tokens) {
        long purged = 0;
        try {
            for (String token : tokens) {
                for (StreamSubject partner :
                        IngestSubjects.partnerEvents(tenant, token, config.defaultTenant(), config.tenants())) {
                    purged += purge(partner.stream(), partner.subject());
                }
                purged += purge(Topology.HTTP_EVENTS, IngestSubjects.httpEvents(tenant, token));
            }
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("Cannot purge erased customer's events", e);
        }
        return purged;
    }

    private long purge(String stream, String subject) throws IOException, JetStreamApiException {
        return nats.management()
                .purgeStream(nats.name(stream), PurgeOptions.subject(nats.subject(subject)))
                .getPurged();
    }
}

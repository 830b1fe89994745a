package io.customer360.profile.service;

import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.Topology;
import io.customer360.profile.store.CustomerErasure;
import io.customer360.profile.store.CustomerErasure.PendingPurge;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PurgeOptions;
import io.nats.client.api.PurgeResponse;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;

/**
 * Erasure reaches the streams: once an erasure committed, purges what NATS still holds of the customer that
 * profile-service published or consumed, by subject. In {@code PROFILE_EVENTS}
 * {@code profile.events.{tenant}.{token}.>} for each token of the erasure row (the customer id, every id merged into
 * it, the hashed token of each of its emails, collected before its rows were deleted), and in
 * {@code PROFILE_CHANGES} {@code profile.changed.{tenant}.{customer_id}} per id. Only the {@code customer.erased}
 * tombstone stays. Reads the outbox right after an erasure and every few seconds, like the announcement, so an
 * erasure whose purge failed (NATS down) is purged once NATS is back; purging twice is harmless.
 */
@ApplicationScoped
public class ErasurePurge {

    private final NatsClient nats;
    private final CustomerErasure erasures;

    ErasurePurge(NatsClient nats, CustomerErasure erasures) {
        this.nats = nats;
        this.erasures = erasures;
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgePendingOnSchedule() {
        return purgePending().onFailure().recoverWithItem(failure -> {
            Log.warnf("Purging erased customers from NATS failed, will retry: %s", failure.toString());
            return null;
        });
    }

    /** Purges every erasure not purged yet. */
    public Uni<Void> purgePending() {
        return erasures.unpurged(100)
                .onItem()
                .transformToMulti(pending -> Multi.createFrom().iterable(pending))
                .onItem()
                .transformToUniAndConcatenate(erasure -> Uni.createFrom()
                        .item(() -> purge(erasure))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .call(() -> erasures.markPurged(erasure)))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** Blocking: one JetStream API request per subject. */
    private long purge(PendingPurge erasure) {
        JetStreamManagement management = nats.management();
        long purged = 0;
        try {
            for (String token : erasure.streamTokens()) {
                purged += purge(
                        management, Topology.PROFILE_EVENTS, "profile.events." + erasure.tenant() + "." + token + ".>");
            }
            purged += purge(
                    management,
                    Topology.PROFILE_CHANGES,
                    "profile.changed." + erasure.tenant() + "." + erasure.customerId());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException(
                    "Cannot purge customer " + erasure.customerId() + " of tenant " + erasure.tenant() + " from NATS",
                    e);
        }
        Log.infof(
                "Purged %d NATS messages of erased customer %s of tenant %s",
                purged, erasure.customerId(), erasure.tenant());
        return purged;
    }

    private long purge(JetStreamManagement management, String stream, String contractSubject)
            throws IOException, JetStreamApiException {
        PurgeResponse response =
                management.purgeStream(nats.name(stream), PurgeOptions.subject(nats.subject(contractSubject)));
        return response.getPurged();
    }
}

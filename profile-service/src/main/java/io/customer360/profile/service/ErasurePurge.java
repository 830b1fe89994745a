package io.customer360.profile.service;

import io.customer360.profile.messaging.StreamPurger;
import io.customer360.profile.store.CustomerErasure;
import io.customer360.profile.store.CustomerErasure.PendingPurge;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Erasure reaches the streams: once an erasure committed, purges what NATS still holds of the customer that
 * profile-service published or consumed, by subject ({@link StreamPurger}): in {@code PROFILE_EVENTS} the subjects of
 * each token of the erasure row (the customer id, every id merged into it, the hashed token of each of its emails,
 * collected before its rows were deleted), and in {@code PROFILE_CHANGES} the customer's. Only the
 * {@code customer.erased} tombstone stays. Reads the outbox right after an erasure and every few seconds, like the
 * announcement, so an erasure whose purge failed (NATS down) is purged once NATS is back; purging twice is harmless.
 */
@ApplicationScoped
public class ErasurePurge {

    private final StreamPurger streams;
    private final CustomerErasure erasures;

    ErasurePurge(StreamPurger streams, CustomerErasure erasures) {
        this.streams = streams;
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
        long purged = streams.purgeCustomer(erasure.tenant(), erasure.customerId(), erasure.streamTokens());
        Log.infof(
                "Purged %d NATS messages of erased customer %s of tenant %s",
                purged, erasure.customerId(), erasure.tenant());
        return purged;
    }
}

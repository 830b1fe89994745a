package io.customer360.profile.service;

import io.customer360.common.contract.messages.CustomerErased;
import io.customer360.profile.messaging.CustomerErasedPublisher;
import io.customer360.profile.store.CustomerErasure;
import io.customer360.profile.store.CustomerErasure.PendingErasure;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Announces erasures ({@link CustomerErased} through {@link CustomerErasedPublisher}, with the customer's subject
 * tokens, so the other services can purge what their streams hold under each) so every other service erases its
 * share.
 * Reads the outbox right after an erasure and every few seconds, so an erasure whose announcement failed (NATS down)
 * is announced once NATS is back; the message id makes a repeated announcement harmless.
 */
@ApplicationScoped
public class ErasurePublisher {

    private final CustomerErasedPublisher publisher;
    private final CustomerErasure erasures;

    ErasurePublisher(CustomerErasedPublisher publisher, CustomerErasure erasures) {
        this.publisher = publisher;
        this.erasures = erasures;
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> publishPendingOnSchedule() {
        return publishPending().onFailure().recoverWithItem(failure -> {
            Log.warnf("Announcing erasures failed, will retry: %s", failure.toString());
            return null;
        });
    }

    /** Publishes every erasure not announced yet. */
    public Uni<Void> publishPending() {
        return erasures.unpublished(100)
                .onItem()
                .transformToMulti(pending -> Multi.createFrom().iterable(pending))
                .onItem()
                .transformToUniAndConcatenate(erasure -> publish(erasure).call(() -> erasures.markPublished(erasure)))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<Void> publish(PendingErasure erasure) {
        return publisher
                .publish(new CustomerErased(
                        erasure.tenant(),
                        erasure.customerId(),
                        erasure.erasedAt().toInstant(),
                        erasure.streamTokens()))
                .invoke(() -> Log.infof(
                        "Announced erasure of customer %s of tenant %s", erasure.customerId(), erasure.tenant()));
    }
}

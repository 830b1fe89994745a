package io.customer360.profile.service;

import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.profile.domain.Provenance;
import io.customer360.profile.messaging.ProfileChangedPublisher;
import io.customer360.profile.store.BatchResult;
import io.customer360.profile.store.EventBatchWriter;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Applies a batch of normalized events to the store, then announces each change on {@code profile.changed}. */
@ApplicationScoped
public class EventApplier {

    private final EventBatchWriter writer;
    private final ProfileChangedPublisher changes;
    private final ApplyMetrics metrics;

    EventApplier(EventBatchWriter writer, ProfileChangedPublisher changes, ApplyMetrics metrics) {
        this.writer = writer;
        this.changes = changes;
        this.metrics = metrics;
    }

    /** Partners' events (everything read from NATS). */
    public Uni<BatchResult> apply(List<NormalizedEvent> events) {
        return apply(events, Provenance.PARTNER);
    }

    public Uni<BatchResult> apply(List<NormalizedEvent> events, Provenance provenance) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return writer.apply(events, provenance)
                    .call(result -> changes.publish(result.announce()))
                    .invoke(result -> {
                        metrics.batchApplied(events, result, start, !provenance.platform());
                        Log.debugf(
                                "Applied %d events (%d duplicates, %d waiting for their customer)",
                                result.applied(),
                                result.duplicates(),
                                result.deferred().size());
                    });
        });
    }
}

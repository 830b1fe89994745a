package io.customer360.profile.service;

import io.customer360.profile.domain.ProfileEvent;
import io.customer360.profile.messaging.ProfileChangedPublisher;
import io.customer360.profile.store.EventWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Applies a normalized event to the store, then announces what changed. */
@ApplicationScoped
public class EventApplier {

    private final EventWriter writer;
    private final ProfileChangedPublisher changes;
    private final MeterRegistry metrics;

    EventApplier(EventWriter writer, ProfileChangedPublisher changes, MeterRegistry metrics) {
        this.writer = writer;
        this.changes = changes;
        this.metrics = metrics;
    }

    public Uni<Void> apply(ProfileEvent event) {
        return writer.apply(event, EventProjection.of(event))
                .flatMap(applied -> {
                    metrics.counter("profile.events", "outcome", applied.changed() ? "applied" : "duplicate").increment();
                    if (!applied.changed()) {
                        Log.debugf("Event %s of tenant %s already applied", event.eventId(), event.tenant());
                        return Uni.createFrom().voidItem();
                    }
                    Log.debugf("Applied %s %s to customer %s of tenant %s", event.eventType(), event.eventId(),
                            applied.customerId(), event.tenant());
                    return changes.publish(event, applied);
                });
    }
}

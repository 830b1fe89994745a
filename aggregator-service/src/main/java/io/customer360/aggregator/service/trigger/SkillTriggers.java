package io.customer360.aggregator.service.trigger;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.messaging.TriggerPublisher;
import io.customer360.aggregator.store.ViewCache;
import io.customer360.common.contract.messages.Customer360Trigger;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fires skill triggers: stores each cause once ({@link TriggerLog}), publishes what is new ({@link TriggerPublisher}:
 * a {@link Customer360Trigger} whose message id is its dedup key), and drops the customer's cached views so
 * {@code recentTriggers} shows it. A trigger stored but not published (NATS down, a crash in between) is published
 * again by a periodic sweep; a worker that sees a dedup key twice acts once.
 */
@ApplicationScoped
public class SkillTriggers {

    private final TriggerLog log;
    private final TriggerPublisher publisher;
    private final ViewCache cache;
    private final AggregatorConfig config;
    private final Vertx vertx;
    private long sweeper = -1;

    SkillTriggers(TriggerLog log, TriggerPublisher publisher, ViewCache cache, AggregatorConfig config, Vertx vertx) {
        this.log = log;
        this.publisher = publisher;
        this.cache = cache;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ignored) {
        Duration every = config.triggers().republishEvery();
        sweeper = vertx.setPeriodic(
                every.toMillis(),
                id -> log.unpublished(every, 100)
                        .chain(this::publishAll)
                        .subscribe()
                        .with(ignoredResult -> {}, failure -> Log.debugf("Trigger sweep failed: %s", failure)));
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (sweeper >= 0) {
            vertx.cancelTimer(sweeper);
        }
    }

    /** Completes when the new triggers are stored; publishing follows (a failure there is retried by the sweep). */
    public Uni<Void> fire(List<Trigger> triggers) {
        return log.record(triggers)
                .invoke(fired -> {
                    if (!fired.isEmpty()) {
                        publishAll(fired)
                                .subscribe()
                                .with(
                                        ignored -> {},
                                        failure -> Log.warnf(
                                                "%d skill triggers stored, not published yet (the sweep retries): %s",
                                                fired.size(), failure.toString()));
                        fired.stream()
                                .map(t -> List.of(t.tenant(), t.customerId()))
                                .distinct()
                                .forEach(customer -> cache.invalidate(customer.get(0), customer.get(1))
                                        .subscribe()
                                        .with(ignored -> {}, failure -> {}));
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Publishes each trigger, then marks the published ones in one UPDATE; fails (after marking those) when any could
     * not be published.
     */
    private Uni<Void> publishAll(List<Trigger> triggers) {
        if (triggers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        return Uni.join()
                .all(triggers.stream()
                        .map(trigger -> publish(trigger)
                                .replaceWith(trigger)
                                .onFailure()
                                .recoverWithItem(failure -> {
                                    failures.add(failure);
                                    return null;
                                }))
                        .toList())
                .andFailFast()
                .chain(published -> log.published(
                        published.stream().filter(Objects::nonNull).toList()))
                .chain(() -> failures.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(failures.get(0)));
    }

    private Uni<Void> publish(Trigger trigger) {
        return publisher.publish(new Customer360Trigger(
                trigger.tenant(),
                trigger.customerId(),
                trigger.skill(),
                trigger.cause(),
                trigger.evidenceEventIds(),
                trigger.dedupKey(),
                trigger.occurredAt()));
    }
}

package io.customer360.aggregator.service.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.store.ViewCache;
import io.customer360.common.contract.messages.Customer360Trigger;
import io.customer360.common.nats.NatsClient;
import io.customer360.common.nats.NatsTracing;
import io.nats.client.impl.Headers;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;

/**
 * Fires skill triggers: stores each cause once ({@link TriggerLog}), publishes what is new to
 * {@code customer360.triggers.{tenant}.{customer_id}} ({@link Customer360Trigger}) with {@code Nats-Msg-Id} = its dedup key, and drops the
 * customer's cached views so {@code recentTriggers} shows it. A trigger stored but not published (NATS down, a crash
 * in between) is published again by a periodic sweep; a worker that sees a dedup key twice acts once.
 */
@ApplicationScoped
public class SkillTriggers {

    private final TriggerLog log;
    private final NatsClient nats;
    private final ObjectMapper mapper;
    private final ViewCache cache;
    private final AggregatorConfig config;
    private final Vertx vertx;
    private long sweeper = -1;

    SkillTriggers(
            TriggerLog log,
            NatsClient nats,
            ObjectMapper mapper,
            ViewCache cache,
            AggregatorConfig config,
            Vertx vertx) {
        this.log = log;
        this.nats = nats;
        this.mapper = mapper;
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

    private Uni<Void> publishAll(List<Trigger> triggers) {
        if (triggers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join()
                .all(triggers.stream()
                        .map(trigger -> publish(trigger).chain(() -> log.published(trigger)))
                        .toList())
                .andCollectFailures()
                .replaceWithVoid();
    }

    private Uni<Void> publish(Trigger trigger) {
        Customer360Trigger message = new Customer360Trigger(
                trigger.tenant(),
                trigger.customerId(),
                trigger.skill(),
                trigger.cause(),
                trigger.evidenceEventIds(),
                trigger.dedupKey(),
                trigger.occurredAt());
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        String contractSubject = "customer360.triggers." + trigger.tenant() + "." + trigger.customerId();
        String subject = nats.subject(contractSubject);
        Headers headers = new Headers().put("Nats-Msg-Id", "trigger:" + trigger.dedupKey());
        return Uni.createFrom()
                .completionStage(() -> nats.tracing()
                        .publish(
                                subject,
                                contractSubject,
                                headers,
                                span -> NatsTracing.eventIds(span, trigger.tenant(), trigger.evidenceEventIds()),
                                traced -> nats.jetStream().publishAsync(subject, traced, body)))
                .replaceWithVoid();
    }
}

package io.customer360.profile.service;

import io.customer360.common.contract.messages.NormalizedEvent;
import io.customer360.profile.domain.AppliedEvent;
import io.customer360.profile.store.BatchResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How the apply path is doing, as docs/metrics.md names it: {@code profile.events{outcome}} per event (applied,
 * duplicate, deferred, parked), {@code profile.apply.lag} from ingest-service's receipt of a partner event to its
 * commit here (what a user waits for before the 360 view shows it), and {@code profile.apply.batch} for the time one
 * batch takes to commit and announce. Consumer lag in messages is NATS' own (prometheus-nats-exporter).
 */
@Singleton
public class ApplyMetrics {

    /** Buckets of the lag histogram: a healthy mesh applies within a second, a backlog shows in minutes. */
    private static final Duration[] LAG_BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15)
    };

    private static final Duration[] BATCH_BUCKETS = {
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5)
    };

    private final Counter applied;
    private final Counter duplicates;
    private final Counter deferred;
    private final Counter parked;
    private final Timer lag;
    private final Timer batch;

    ApplyMetrics(MeterRegistry registry) {
        applied = events(registry, "applied");
        duplicates = events(registry, "duplicate");
        deferred = events(registry, "deferred");
        parked = events(registry, "parked");
        lag = Timer.builder("profile.apply.lag")
                .description("From ingest-service's receipt of a partner event to its commit in profile-service")
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(registry);
        batch = Timer.builder("profile.apply.batch")
                .description("Time to commit one batch of events and announce it on profile.changed")
                .serviceLevelObjectives(BATCH_BUCKETS)
                .register(registry);
    }

    private static Counter events(MeterRegistry registry, String outcome) {
        return Counter.builder("profile.events")
                .description("Events the apply path handled, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * A batch committed and announced: its counts, its processing time since {@code startNanos}, and for each partner
     * event it applied (announced, not a duplicate) the time since ingest-service received it. The clocks of two
     * pods are compared, so skew between nodes adds to (or takes from) the lag.
     */
    public void batchApplied(List<NormalizedEvent> events, BatchResult result, long startNanos, boolean partner) {
        batch.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        applied.increment(result.applied());
        duplicates.increment(result.duplicates());
        deferred.increment(result.deferred().size());
        if (!partner || result.applied() == 0) {
            return;
        }
        Set<String> announced = new HashSet<>();
        for (AppliedEvent event : result.announce()) {
            announced.add(event.tenant() + "/" + event.eventId());
        }
        Instant now = Instant.now();
        for (NormalizedEvent event : events) {
            if (event.receivedAt() != null && announced.contains(event.tenant() + "/" + event.eventId())) {
                lag.record(Duration.between(event.receivedAt(), now).toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** An event set aside after its deliveries ran out (profile-service parked events). */
    public void parked() {
        parked.increment();
    }
}

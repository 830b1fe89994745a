package io.customer360.ingest.service;

import io.customer360.ingest.config.IngestConfig;
import io.customer360.ingest.domain.Intake;
import io.customer360.ingest.domain.Outcome;
import io.customer360.ingest.domain.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Intake as docs/metrics.md names it: {@code ingest.events{channel, tenant, outcome}} for every event that reached a
 * decision, and {@code ingest.dead.letters{channel, tenant, reason}} for each one dead-lettered. The channel is how the
 * event came ({@code nats}, {@code http}, {@code segment}, {@code replay}); a tenant that is not declared counts as
 * {@code undeclared}, since a subject may name any tenant it likes and tags must stay bounded. Counters are looked up
 * in a map of our own: building a registry id per event is measurable at 10,000 events/s.
 */
@Singleton
public class IntakeMetrics {

    static final String UNDECLARED = "undeclared";
    private static final Set<String> CHANNELS = Set.of("nats", Intake.HTTP, Intake.SEGMENT, "replay");

    private record Key(String channel, String tenant, String value) {}

    private final MeterRegistry registry;
    private final Set<String> tenants;
    private final Map<Key, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<Key, Counter> deadLetters = new ConcurrentHashMap<>();

    IntakeMetrics(MeterRegistry registry, IngestConfig config) {
        this.registry = registry;
        this.tenants = Set.copyOf(config.tenants());
    }

    /** One event accepted, a duplicate, or rejected. */
    public void outcome(Intake intake, Outcome.Status status) {
        outcomes.computeIfAbsent(
                        key(intake, status.wire()),
                        key -> Counter.builder("ingest.events")
                                .description("Events through the intake gate, by channel, tenant and outcome")
                                .tag("channel", key.channel())
                                .tag("tenant", key.tenant())
                                .tag("outcome", key.value())
                                .register(registry))
                .increment();
    }

    /** One event dead-lettered, with its reason code (docs/events.md); counted as outcome {@code rejected} too. */
    public void deadLettered(Intake intake, RejectReason reason) {
        deadLetters
                .computeIfAbsent(
                        key(intake, reason.code()),
                        key -> Counter.builder("ingest.dead.letters")
                                .description("Events dead-lettered, by channel, tenant and reason")
                                .tag("channel", key.channel())
                                .tag("tenant", key.tenant())
                                .tag("reason", key.value())
                                .register(registry))
                .increment();
        outcome(intake, Outcome.Status.REJECTED);
    }

    private Key key(Intake intake, String value) {
        String channel = CHANNELS.contains(intake.origin()) ? intake.origin() : "other";
        String tenant = tenants.contains(intake.tenant()) ? intake.tenant() : UNDECLARED;
        return new Key(channel, tenant, value);
    }
}

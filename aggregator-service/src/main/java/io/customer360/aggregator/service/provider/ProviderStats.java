package io.customer360.aggregator.service.provider;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency per provider and outcome ({@code aggregator_provider_seconds}, with percentiles) and each provider's run
 * of consecutive failures, which its health check reports.
 */
@ApplicationScoped
public class ProviderStats {

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> consecutiveFailures = new ConcurrentHashMap<>();
    private final Map<String, ProviderOutcome> lastOutcomes = new ConcurrentHashMap<>();

    ProviderStats(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(ProviderOutcome outcome) {
        String status = outcome.status().name().toLowerCase(Locale.ROOT);
        timers.computeIfAbsent(
                        outcome.provider() + "|" + status,
                        key -> Timer.builder("aggregator.provider")
                                .description("Time of one context provider call")
                                .tag("provider", outcome.provider())
                                .tag("outcome", status)
                                .publishPercentiles(0.5, 0.99)
                                .register(registry))
                .record(outcome.latency());
        AtomicInteger failures = consecutiveFailures.computeIfAbsent(outcome.provider(), name -> new AtomicInteger());
        if (outcome.status() == ProviderOutcome.Status.FAILED || outcome.status() == ProviderOutcome.Status.TIMED_OUT) {
            failures.incrementAndGet();
        } else {
            failures.set(0);
        }
        lastOutcomes.put(outcome.provider(), outcome);
    }

    public int consecutiveFailures(String provider) {
        AtomicInteger failures = consecutiveFailures.get(provider);
        return failures == null ? 0 : failures.get();
    }

    /** The provider's last outcome, or null when it has not been called yet. */
    public ProviderOutcome last(String provider) {
        return lastOutcomes.get(provider);
    }
}

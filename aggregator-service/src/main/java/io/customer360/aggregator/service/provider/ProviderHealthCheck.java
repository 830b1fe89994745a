package io.customer360.aggregator.service.provider;

import io.customer360.aggregator.config.AggregatorConfig;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Per-provider health at {@code /q/health/group/context-providers}: a provider is DOWN after a run of failed or
 * late calls. Not part of readiness on purpose: a view with a failed provider is still a view (marked partial).
 */
@HealthGroup("context-providers")
@ApplicationScoped
public class ProviderHealthCheck implements HealthCheck {

    private final ProviderRegistry registry;
    private final ProviderStats stats;
    private final AggregatorConfig config;

    ProviderHealthCheck(ProviderRegistry registry, ProviderStats stats, AggregatorConfig config) {
        this.registry = registry;
        this.stats = stats;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("context-providers").up();
        registry.all().keySet().forEach(name -> {
            int failures = stats.consecutiveFailures(name);
            ProviderOutcome last = stats.last(name);
            boolean down = failures >= config.providers().unhealthyAfterFailures();
            if (down) {
                response.down();
            }
            response.withData(
                    name,
                    (down ? "DOWN" : "UP")
                            + (last == null
                                    ? ", not called yet"
                                    : ", last " + last.status().name().toLowerCase(java.util.Locale.ROOT) + " in "
                                            + last.latency().toMillis() + " ms, " + failures
                                            + " consecutive failures"));
        });
        return response.build();
    }
}

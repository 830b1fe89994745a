package io.customer360.enrichment.service.provider;

import io.customer360.enrichment.client.provider.EnrichmentProvider;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.client.provider.ProviderCallFailed;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.LookupSubject;
import io.customer360.enrichment.service.metrics.EnrichmentMetrics;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * A provider behind its own resilience: timeout per call, retries on 5xx/429/timeouts with jittered exponential
 * backoff or the provider's Retry-After, a circuit breaker named {@code provider-<name>}, a bulkhead, and a rate
 * limit at the provider's published limit. Calls it rejects (open breaker, full bulkhead, rate limit) fail fast so
 * the waterfall moves to the next provider.
 */
public final class GuardedProvider {

    private final EnrichmentProvider provider;
    private final EnrichmentConfig.Provider settings;
    private final TypedGuard<Uni<ProviderAnswer>> guard;
    private final EnrichmentMetrics metrics;

    GuardedProvider(EnrichmentProvider provider, EnrichmentConfig.Provider settings, EnrichmentMetrics metrics) {
        this.provider = provider;
        this.settings = settings;
        this.metrics = metrics;
        this.guard = TypedGuard.create(new TypeLiteral<Uni<ProviderAnswer>>() {})
                .withDescription("provider " + provider.name())
                .withTimeout()
                .duration(settings.timeout().toMillis(), ChronoUnit.MILLIS)
                .done()
                .withRetry()
                .maxRetries(settings.maxRetries())
                .delay(settings.retryDelay().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(
                        settings.timeout()
                                        .multipliedBy(settings.maxRetries() + 1L)
                                        .plus(settings.maxRetryAfter())
                                        .toMillis()
                                * 2,
                        ChronoUnit.MILLIS)
                .whenException(GuardedProvider::retryable)
                .withCustomBackoff()
                .strategy(() -> new RetryAfterBackoff(settings))
                .done()
                .done()
                .withCircuitBreaker()
                .name(breakerName(provider.name()))
                .requestVolumeThreshold(settings.breakerVolume())
                .failureRatio(settings.breakerFailureRatio())
                .delay(settings.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .done()
                .withBulkhead()
                .limit(settings.bulkhead())
                .queueSize(settings.bulkhead() * 4)
                .done()
                .withRateLimit()
                .limit(settings.rateLimit())
                .window(settings.rateWindow().toMillis(), ChronoUnit.MILLIS)
                .done()
                .build();
    }

    public static String breakerName(String provider) {
        return "provider-" + provider;
    }

    public String name() {
        return provider.name();
    }

    public DataType dataType() {
        return provider.dataType();
    }

    public boolean enabled() {
        return settings.apiKey().filter(key -> !key.isBlank()).isPresent();
    }

    public boolean canLookUp(LookupSubject subject) {
        return enabled() && provider.canLookUp(subject);
    }

    public BigDecimal cost() {
        return settings.cost();
    }

    public double defaultConfidence() {
        return settings.defaultConfidence();
    }

    /**
     * One guarded lookup; a rejected or failed call fails, a "no match" succeeds without fields. Timed and counted
     * by outcome ({@link EnrichmentMetrics#timed}).
     */
    public Uni<ProviderAnswer> lookUp(LookupSubject subject) {
        String apiKey = settings.apiKey().orElseThrow();
        return metrics.timed(provider.name(), () -> guard.get(() -> provider.lookUp(subject, apiKey)));
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof TimeoutException
                || failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                || failure instanceof ProviderCallFailed call && call.retryable();
    }

    /** Jittered exponential backoff, or exactly the provider's Retry-After when it sent one (capped). */
    static final class RetryAfterBackoff implements CustomBackoffStrategy {

        private final EnrichmentConfig.Provider settings;
        private int attempt;

        RetryAfterBackoff(EnrichmentConfig.Provider settings) {
            this.settings = settings;
        }

        @Override
        public long nextDelayInMillis(Throwable cause) {
            attempt++;
            if (cause instanceof ProviderCallFailed call && call.retryAfter() != null) {
                if (call.retryAfter().compareTo(settings.maxRetryAfter()) > 0) {
                    // longer than we wait: give up now, the next provider answers instead
                    throw new ProviderCallFailed(
                            call.getMessage() + " (Retry-After too long)", false, null, call.status());
                }
                return call.retryAfter().toMillis();
            }
            long base = settings.retryDelay().toMillis() << Math.min(attempt - 1, 10);
            return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        }
    }
}

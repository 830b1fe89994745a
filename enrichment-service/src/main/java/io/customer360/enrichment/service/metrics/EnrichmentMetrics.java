package io.customer360.enrichment.service.metrics;

import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.client.provider.ProviderCallFailed;
import io.customer360.enrichment.domain.Tier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * enrichment-service's own metrics (docs/metrics.md): provider calls by outcome with their latency, provider failures
 * by reason, hot-cache reads by tier, enrichments by outcome, quota decisions and quota usage per tenant. Tags are
 * bounded: provider names from configuration, tiers, fixed outcome and reason words, and tenants (which exist only
 * behind authentication); never a customer, an email or a provider's message. Meters are looked up once per tag set.
 */
@Singleton
public class EnrichmentMetrics {

    /** Buckets of the provider-call histogram: enough for p50/p95/p99 against a per-call timeout of seconds. */
    private static final Duration[] CALL_BUCKETS = {
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;
    private final Map<String, Timer> calls = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, TenantQuota> quotas = new ConcurrentHashMap<>();

    public EnrichmentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Times one guarded provider lookup (retries included, as the waterfall waits for it) from subscription to its
     * answer: {@code c360.enrichment.provider.calls{provider, outcome=matched|no_match|queued|failed}}, and for a failure
     * {@code c360.enrichment.provider.failures{provider, reason}}. A lookup the waterfall gives up on (its budget
     * ran out) is a failure with reason {@code waterfall_budget}.
     */
    public Uni<ProviderAnswer> timed(String provider, Supplier<Uni<ProviderAnswer>> lookup) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return lookup.get()
                    .onItemOrFailure()
                    .invoke((answer, failure) -> {
                        if (failure == null) {
                            call(
                                    provider,
                                    answer.queued() ? "queued" : answer.matched() ? "matched" : "no_match",
                                    start);
                        } else {
                            providerFailed(provider, failureReason(failure), start);
                        }
                    })
                    .onCancellation()
                    .invoke(() -> providerFailed(provider, "waterfall_budget", start));
        });
    }

    private void providerFailed(String provider, String reason, long start) {
        call(provider, "failed", start);
        count(
                "c360.enrichment.provider.failures",
                "Provider lookups that gave no answer, by reason",
                "provider",
                provider,
                "reason",
                reason);
    }

    private void call(String provider, String outcome, long start) {
        calls.computeIfAbsent(
                        provider + "|" + outcome,
                        key -> Timer.builder("c360.enrichment.provider.calls")
                                .description(
                                        "Guarded provider lookups (retries included), by outcome, and how long they took")
                                .tag("provider", provider)
                                .tag("outcome", outcome)
                                .serviceLevelObjectives(CALL_BUCKETS)
                                .register(registry))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    /**
     * Why a lookup failed, as one of a fixed set of words: the guard's own refusals, a timeout (after the retries),
     * or the provider's HTTP status class; a provider's message never becomes a tag.
     */
    static String failureReason(Throwable failure) {
        if (failure instanceof ProviderCallFailed call) {
            int status = call.status();
            if (status == 429) {
                return "http_429";
            }
            if (status >= 500) {
                return "http_5xx";
            }
            if (status >= 400) {
                return "http_4xx";
            }
            return call.retryable() ? "unreachable" : "bad_response";
        }
        return switch (failure.getClass().getSimpleName()) {
            case "CircuitBreakerOpenException" -> "breaker_open";
            case "BulkheadException" -> "bulkhead_full";
            case "RateLimitException" -> "rate_limited";
            case "TimeoutException" -> "timeout";
            default -> "unexpected";
        };
    }

    /** A read of the hot cache (Redis): {@code c360.enrichment.cache{tier, outcome=hit|miss}}; a Redis error is a miss. */
    public void cacheRead(Tier tier, boolean hit) {
        count(
                "c360.enrichment.cache",
                "Reads of the hot enrichment cache by tier, hit or miss",
                "tier",
                tier.wireName(),
                "outcome",
                hit ? "hit" : "miss");
    }

    /**
     * What an enrichment request came to: {@code fresh} (stored data still fresh, no provider asked), {@code enriched}
     * (data found and charged) or {@code no_data} (no provider found anything; the quota slot went back).
     */
    public void enrichment(Tier tier, String outcome) {
        count(
                "c360.enrichment.enrichments",
                "Enrichment requests by tier and outcome",
                "tier",
                tier.wireName(),
                "outcome",
                outcome);
    }

    /** A quota decision: {@code c360.enrichment.quota.decisions{tenant, decision=granted|denied}}. */
    public void quotaDecision(String tenant, boolean granted) {
        count(
                "c360.enrichment.quota.decisions",
                "Enrichment quota decisions by tenant",
                "tenant",
                tenant,
                "decision",
                granted ? "granted" : "denied");
    }

    /**
     * The tenant's month as the ledger last answered it, for the gauges {@code c360.enrichment.quota.used} and
     * {@code c360.enrichment.quota.limit} ({@code -1}: unlimited). Updated on each decision, never polled; a month
     * that has ended reads as 0 used until the tenant's first decision of the new one.
     */
    public void quotaUsage(String tenant, YearMonth month, int used, Integer limit) {
        TenantQuota quota = quotas.computeIfAbsent(tenant, this::register);
        quota.month = month;
        quota.used = used;
        quota.limit = limit == null ? -1 : limit;
    }

    private TenantQuota register(String tenant) {
        TenantQuota quota = new TenantQuota();
        Gauge.builder("c360.enrichment.quota.used", quota, TenantQuota::usedThisMonth)
                .description("Enrichments the tenant used this month (as of its last quota decision)")
                .tag("tenant", tenant)
                .register(registry);
        Gauge.builder("c360.enrichment.quota.limit", quota, held -> held.limit)
                .description("The tenant's monthly enrichment limit; -1 when its tier is unlimited")
                .tag("tenant", tenant)
                .register(registry);
        return quota;
    }

    private void count(String name, String description, String... tags) {
        counters.computeIfAbsent(
                        name + String.join("|", tags),
                        key -> Counter.builder(name)
                                .description(description)
                                .tags(tags)
                                .register(registry))
                .increment();
    }

    /** One tenant's last known month; written by decisions, read by the scrape. */
    private static final class TenantQuota {
        volatile YearMonth month;
        volatile int used;
        volatile double limit = -1;

        double usedThisMonth() {
            return YearMonth.now(ZoneOffset.UTC).equals(month) ? used : 0;
        }
    }
}

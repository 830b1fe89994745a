package io.customer360.enrichment.service.quota;

import io.customer360.common.redis.RedisGuard;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.Tier;
import io.customer360.enrichment.service.metrics.EnrichmentMetrics;
import io.customer360.enrichment.store.UnsettledKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The quota as the service uses it: the Redis mirror turns away a tenant whose month is known to be spent, the
 * PostgreSQL ledger grants every slot, and each ledger answer refreshes the mirror. Months are UTC calendar months.
 */
@ApplicationScoped
public class Quotas {

    private final QuotaLedger ledger;
    private final QuotaMirror mirror;
    private final Clock clock = Clock.systemUTC();
    /** Each decision and each ledger answer feeds the quota series of docs/metrics.md. */
    private final EnrichmentMetrics metrics;

    /** Public so bench/enrichment can time the very decision the service makes, outside CDI (metrics kept aside). */
    public Quotas(Pool pool, RedisAPI redis, RedisGuard guard, UnsettledKeys unsettled, EnrichmentConfig config) {
        this(pool, redis, guard, unsettled, config, new EnrichmentMetrics(new SimpleMeterRegistry()));
    }

    @Inject
    Quotas(
            Pool pool,
            RedisAPI redis,
            RedisGuard guard,
            UnsettledKeys unsettled,
            EnrichmentConfig config,
            EnrichmentMetrics metrics) {
        this.ledger = new QuotaLedger(pool);
        this.mirror = new QuotaMirror(redis, guard, unsettled, config.redisKeyPrefix(), Duration.ofMinutes(10));
        this.metrics = metrics;
    }

    public YearMonth currentMonth() {
        return YearMonth.now(clock);
    }

    /** The instant the current month's quota resets: the first moment of next month, UTC. */
    public Instant resetAt() {
        return currentMonth().plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** Takes a slot of this month or fails with {@link QuotaExceeded}; returns the month the slot belongs to. */
    public Uni<YearMonth> reserve(String tenant, Tier tier) {
        YearMonth month = currentMonth();
        return mirror.gate(tenant, month).flatMap(gate -> {
            if (gate == QuotaMirror.Gate.SPENT && tier.monthlyLimit() != null) {
                metrics.quotaDecision(tenant, false);
                return Uni.createFrom().failure(new QuotaExceeded(tier, tier.monthlyLimit(), resetAt()));
            }
            return ledger.reserve(tenant, month, tier)
                    .call(state -> mirror.record(tenant, month, state))
                    .map(state -> {
                        metrics.quotaDecision(tenant, state.granted());
                        metrics.quotaUsage(tenant, month, state.used(), state.limit());
                        if (!state.granted()) {
                            throw new QuotaExceeded(tier, state.limit(), resetAt());
                        }
                        return month;
                    });
        });
    }

    /** Gives the slot back: the enrichment found no data, and only data is charged. */
    public Uni<Void> release(String tenant, YearMonth month) {
        return ledger.release(tenant, month)
                .call(state -> mirror.record(tenant, month, state))
                .invoke(state -> {
                    if (state != null) {
                        metrics.quotaUsage(tenant, month, state.used(), state.limit());
                    }
                })
                .replaceWithVoid();
    }

    /** A refund gave a unit of {@code month} back in the ledger's own transaction: the mirror asks the ledger again. */
    public Uni<Void> refunded(String tenant, YearMonth month) {
        return mirror.forget(tenant, month);
    }

    public Uni<Map<YearMonth, QuotaLedger.QuotaMonth>> months(String tenant, YearMonth from, YearMonth to) {
        return ledger.months(tenant, from, to);
    }

    public Uni<QuotaState> current(String tenant, Tier tier) {
        YearMonth month = currentMonth();
        return ledger.current(tenant, month, tier)
                .invoke(state -> metrics.quotaUsage(tenant, month, state.used(), state.limit()));
    }

    public Uni<Void> tierChanged(String tenant) {
        return mirror.forget(tenant, currentMonth());
    }
}

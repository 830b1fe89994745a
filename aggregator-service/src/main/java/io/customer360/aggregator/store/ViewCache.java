package io.customer360.aggregator.store;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.common.redis.RedisGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Built views in Redis, briefly: one hash per customer ({@code <prefix>view:<tenant>:<customer>}) holding one field per
 * variant (agent, focus, whether the caller sees sensitive notes), so one DEL invalidates every variant when
 * {@code profile.changed}, {@code enrichment.updated} or {@code customer.erased} says the customer changed. Redis
 * trouble never fails a view: a read error is a miss, a write error is logged. A partial view (a provider failed or
 * ran late) is kept only for {@code aggregator.cache.partial-ttl}: long enough to spare an ailing source a burst of
 * callers, short enough that the gap does not outlive its cause by much. Its deadline is a field of the hash, since a
 * Redis hash field has no expiry of its own.
 * <p>
 * A Redis outage makes views slower, never wrong: every command goes through {@link RedisGuard} (short timeout, then
 * Redis is skipped for a while), and a customer whose invalidation failed is never read from the cache by this pod
 * again until an invalidation succeeds (the consumer's redelivery does it once Redis answers), as Redis may still
 * hold the view it should have dropped. Other pods may serve such a view until then, at most for the cache TTL.
 */
@ApplicationScoped
public class ViewCache {

    private static final String REDACTIONS = "#redactions";
    /** Epoch milliseconds after which a partial view is a miss; empty for a complete view. */
    private static final String PARTIAL_UNTIL = "#partial-until";

    /** Customers whose invalidation failed, never read until one succeeds; beyond this many, none are read. */
    static final int UNSETTLED_LIMIT = 100_000;

    private final AggregatorConfig.Cache config;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keys;
    private final RedisGuard guard;
    private final Set<String> unsettled = ConcurrentHashMap.newKeySet();
    /** Epoch ms before which no cached view is trusted (too many unsettled customers); 0 when none. */
    private volatile long distrustUntil;
    /** {@code aggregator.view.cache{outcome}}: the 360 view cache's hit ratio (docs/metrics.md). */
    private final Counter hits;
    private final Counter misses;
    private final Counter unavailable;

    ViewCache(AggregatorConfig config, ReactiveRedisDataSource redis, RedisGuard guard, MeterRegistry registry) {
        this.config = config.cache();
        this.hashes = redis.hash(String.class);
        this.keys = redis.key();
        this.guard = guard;
        this.hits = reads(registry, "hit");
        this.misses = reads(registry, "miss");
        this.unavailable = reads(registry, "unavailable");
    }

    private static Counter reads(MeterRegistry registry, String outcome) {
        return Counter.builder("aggregator.view.cache")
                .description("Reads of the 360 view cache: hit, miss (absent, or a partial view past its time) or "
                        + "unavailable (Redis failed or is skipped, or the view may be stale after a failed invalidation)")
                .tag("outcome", outcome).register(registry);
    }

    /** A cached view: its JSON and what was redacted in it. */
    public record Cached(String json, String redactions) {
    }

    public Uni<Cached> get(String tenant, String customerId, String variant) {
        if (!config.enabled()) {
            return Uni.createFrom().nullItem();
        }
        String key = key(tenant, customerId);
        if (unsettled.contains(key) || System.currentTimeMillis() < distrustUntil) {
            unavailable.increment();
            return Uni.createFrom().nullItem();
        }
        return guard.call(() -> hashes.hmget(key, variant, variant + REDACTIONS, variant + PARTIAL_UNTIL))
                .map(values -> {
                    String until = values.get(variant + PARTIAL_UNTIL);
                    boolean expired = until != null && !until.isEmpty() && System.currentTimeMillis() > Long.parseLong(until);
                    if (values.get(variant) == null || expired) {
                        misses.increment();
                        return null;
                    }
                    hits.increment();
                    return new Cached(values.get(variant), values.get(variant + REDACTIONS));
                })
                .onFailure().recoverWithItem(failure -> {
                    unavailable.increment();
                    // RedisGuard logs the outage once; a line per request would flood the log
                    Log.debugf("View cache unavailable, building the view: %s", failure.toString());
                    return null;
                });
    }

    /** Keeps a view; a {@code partial} one only for the partial TTL. */
    public Uni<Void> put(String tenant, String customerId, String variant, String json, String redactions, boolean partial) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        String key = key(tenant, customerId);
        String until = partial ? Long.toString(System.currentTimeMillis() + config.partialTtl().toMillis()) : "";
        return guard.call(() -> hashes.hset(key, Map.of(variant, json, variant + REDACTIONS,
                                redactions == null ? "" : redactions, variant + PARTIAL_UNTIL, until))
                        .chain(() -> keys.pexpire(key, config.ttl())))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    Log.debugf("View cache write failed: %s", failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Drops every variant of the customer's view; fails when Redis did not confirm (a consumer then redelivers), and
     * until one succeeds this pod builds the customer's view without the cache.
     */
    public Uni<Void> invalidate(String tenant, String customerId) {
        String key = key(tenant, customerId);
        return guard.call(() -> keys.del(key))
                .invoke(() -> settled(key))
                .onFailure().invoke(() -> unsettle(key))
                .replaceWithVoid();
    }

    private void unsettle(String key) {
        if (unsettled.size() >= UNSETTLED_LIMIT) {
            distrustUntil = Long.MAX_VALUE;
            unsettled.clear();
        } else if (distrustUntil != Long.MAX_VALUE) {
            unsettled.add(key);
        }
    }

    /** An invalidation went through; after an overflow, every view older than one TTL from now has expired. */
    private void settled(String key) {
        unsettled.remove(key);
        if (distrustUntil == Long.MAX_VALUE) {
            distrustUntil = System.currentTimeMillis() + config.ttl().toMillis();
        }
    }

    private String key(String tenant, String customerId) {
        return config.keyPrefix() + "view:" + tenant + ":" + customerId;
    }
}

package io.customer360.aggregator.store;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.common.redis.RedisGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
 * No view outlives a change it was told about: each invalidation increments the customer's generation
 * ({@code <prefix>view-generation:<tenant>:<customer>}) and drops the hash, in one script. A read answers the generation
 * it saw; the view built after that miss is written only if the generation is still the same, checked and written in
 * one script. So a build that started before an invalidation and finishes after it is not cached. The generation lives
 * {@link #GENERATION_TTL}, far longer than any build: only a build outlasting it (or Redis evicting a generation written
 * during a build) could write an older view.
 * <p>
 * A Redis outage makes views slower, never wrong: every command goes through {@link RedisGuard} (short timeout, then
 * Redis is skipped for a while), and a customer whose invalidation failed is never read from the cache by this pod
 * again until an invalidation succeeds (the consumer's redelivery does it once Redis answers), as Redis may still
 * hold the view it should have dropped. Other pods may serve such a view until then, at most for the cache TTL. A view
 * built without a generation (Redis failed or skipped, the customer unsettled) is not written.
 */
@ApplicationScoped
public class ViewCache {

    private static final String REDACTIONS = "#redactions";
    /** Epoch milliseconds after which a partial view is a miss; empty for a complete view. */
    private static final String PARTIAL_UNTIL = "#partial-until";
    /** How long a customer's generation is kept after its last invalidation; an absent one reads as 0. */
    static final Duration GENERATION_TTL = Duration.ofHours(1);

    /** KEYS: the view hash, the generation. ARGV: the generation's TTL in ms. */
    private static final String INVALIDATE = """
            redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            return redis.call('DEL', KEYS[1])""";
    /** KEYS: the view hash, the generation. ARGV: the generation read, the TTL in ms, then field/value pairs. */
    private static final String PUT = """
            if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then
                return 0
            end
            redis.call('HSET', KEYS[1], unpack(ARGV, 3))
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1""";

    /** Customers whose invalidation failed, never read until one succeeds; beyond this many, none are read. */
    static final int UNSETTLED_LIMIT = 100_000;

    private final AggregatorConfig.Cache config;
    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveValueCommands<String, String> values;
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
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.values = redis.value(String.class);
        this.guard = guard;
        this.hits = reads(registry, "hit");
        this.misses = reads(registry, "miss");
        this.unavailable = reads(registry, "unavailable");
    }

    private static Counter reads(MeterRegistry registry, String outcome) {
        return Counter.builder("aggregator.view.cache")
                .description(
                        "Reads of the 360 view cache: hit, miss (absent, or a partial view past its time) or "
                                + "unavailable (Redis failed or is skipped, or the view may be stale after a failed invalidation)")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** A cached view: its JSON and what was redacted in it. */
    public record Cached(String json, String redactions) {}

    /**
     * What a read found: the cached view (null on a miss) and the customer's generation at the time (null when unknown:
     * a view built now is then not written).
     */
    public record Lookup(Cached hit, String generation) {
        static final Lookup UNKNOWN = new Lookup(null, null);
    }

    public Uni<Lookup> get(String tenant, String customerId, String variant) {
        if (!config.enabled()) {
            return Uni.createFrom().item(Lookup.UNKNOWN);
        }
        String key = key(tenant, customerId);
        if (unsettled.contains(key) || System.currentTimeMillis() < distrustUntil) {
            unavailable.increment();
            return Uni.createFrom().item(Lookup.UNKNOWN);
        }
        return guard.call(() -> Uni.combine()
                        .all()
                        .unis(
                                hashes.hmget(key, variant, variant + REDACTIONS, variant + PARTIAL_UNTIL),
                                values.get(generationKey(tenant, customerId)))
                        .asTuple())
                .map(read -> {
                    Map<String, String> fields = read.getItem1();
                    String generation = read.getItem2() == null ? "0" : read.getItem2();
                    String until = fields.get(variant + PARTIAL_UNTIL);
                    boolean expired =
                            until != null && !until.isEmpty() && System.currentTimeMillis() > Long.parseLong(until);
                    if (fields.get(variant) == null || expired) {
                        misses.increment();
                        return new Lookup(null, generation);
                    }
                    hits.increment();
                    return new Lookup(new Cached(fields.get(variant), fields.get(variant + REDACTIONS)), generation);
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    unavailable.increment();
                    // RedisGuard logs the outage once; a line per request would flood the log
                    Log.debugf("View cache unavailable, building the view: %s", failure.toString());
                    return Lookup.UNKNOWN;
                });
    }

    /**
     * Keeps a view built after a read that saw {@code generation}, unless the customer was invalidated since (or the
     * generation is unknown); a {@code partial} one only for the partial TTL.
     */
    public Uni<Void> put(
            String tenant,
            String customerId,
            String generation,
            String variant,
            String json,
            String redactions,
            boolean partial) {
        if (!config.enabled() || generation == null) {
            return Uni.createFrom().voidItem();
        }
        String until = partial
                ? Long.toString(System.currentTimeMillis() + config.partialTtl().toMillis())
                : "";
        return guard.call(() -> redis.execute(
                        "EVAL",
                        PUT,
                        "2",
                        key(tenant, customerId),
                        generationKey(tenant, customerId),
                        generation,
                        Long.toString(config.ttl().toMillis()),
                        variant,
                        json,
                        variant + REDACTIONS,
                        redactions == null ? "" : redactions,
                        variant + PARTIAL_UNTIL,
                        until))
                .invoke(written -> {
                    if (written.toInteger() == 0) {
                        Log.debugf("View of %s/%s not cached: invalidated while it was built", tenant, customerId);
                    }
                })
                .replaceWithVoid()
                .onFailure()
                .recoverWithUni(failure -> {
                    Log.debugf("View cache write failed: %s", failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * Drops every variant of the customer's view and increments its generation, so a view being built meanwhile is not
     * written; fails when Redis did not confirm (a consumer then redelivers), and until one succeeds this pod builds
     * the customer's view without the cache.
     */
    public Uni<Void> invalidate(String tenant, String customerId) {
        String key = key(tenant, customerId);
        return guard.call(() -> redis.execute(
                        "EVAL",
                        INVALIDATE,
                        "2",
                        key,
                        generationKey(tenant, customerId),
                        Long.toString(GENERATION_TTL.toMillis())))
                .invoke(() -> settled(key))
                .onFailure()
                .invoke(() -> unsettle(key))
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

    private String generationKey(String tenant, String customerId) {
        return config.keyPrefix() + "view-generation:" + tenant + ":" + customerId;
    }
}

package io.customer360.aggregator.store;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.common.redis.RedisGuard;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Built views in Redis, briefly: one hash per customer ({@code <prefix>view:<tenant>:<customer>}) holding one field per
 * variant (agent, focus, whether the caller sees sensitive notes, the visibility rules that withhold parts from the
 * caller), its value the view's JSON bytes as answered, served on a hit as they are (no parsing, no writing), so one DEL invalidates every variant when
 * {@code profile.changed}, {@code enrichment.updated} or {@code customer.erased} says the customer changed. Redis
 * trouble never fails a view: a read error is a miss, a write error is logged. A partial view (a provider failed or
 * ran late) is kept only for {@code aggregator.cache.partial-ttl}: long enough to spare an ailing source a burst of
 * callers, short enough that the gap does not outlive its cause by much. Its deadline is stored with the view, since a
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

    /**
     * The prefix of a variant's field: its value holds the view's bytes with their redactions and partial deadline
     * ({@link #stored}); fields of the earlier form (three per variant) are never read and expire with the hash.
     */
    static final String FIELD = "b|";
    /** The field saying that profile-service did not know the customer ({@link #putAbsent}). */
    static final String ABSENT = "absent";
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
    private final Redis client;
    private final RedisGuard guard;
    private final Set<String> unsettled = ConcurrentHashMap.newKeySet();
    /** Epoch ms before which no cached view is trusted (too many unsettled customers); 0 when none. */
    private volatile long distrustUntil;
    /** {@code aggregator.view.cache{outcome}}: the 360 view cache's hit ratio (docs/metrics.md). */
    private final Counter hits;

    private final Counter misses;
    private final Counter absent;
    private final Counter unavailable;

    ViewCache(AggregatorConfig config, ReactiveRedisDataSource redis, RedisGuard guard, MeterRegistry registry) {
        this.config = config.cache();
        this.redis = redis;
        this.client = redis.getRedis();
        this.guard = guard;
        this.hits = reads(registry, "hit");
        this.misses = reads(registry, "miss");
        this.absent = reads(registry, "absent");
        this.unavailable = reads(registry, "unavailable");
    }

    private static Counter reads(MeterRegistry registry, String outcome) {
        return Counter.builder("aggregator.view.cache")
                .description(
                        "Reads of the 360 view cache: hit, miss (no view stored, or a partial view past its time), absent (a "
                                + "customer profile-service did not know, answered 404 without asking it again) or unavailable (Redis failed or is skipped, or the view may be stale after a failed invalidation)")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** A cached view: its JSON as it was answered (UTF-8 bytes) and what was redacted in it. */
    public record Cached(byte[] body, String redactions) {
        /** The JSON as text. */
        public String json() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * What a read found: the cached view (null on a miss); on a miss, the customer's generation at the time (null when
     * unknown: a view built now is then not written; a hit needs none); {@code absent}: profile-service did not know the
     * customer when last asked, so the view is a 404 without building it ({@link #putAbsent}).
     */
    public record Lookup(Cached hit, String generation, boolean absent) {
        static final Lookup UNKNOWN = new Lookup(null, null, false);
        static final Lookup ABSENT_CUSTOMER = new Lookup(null, null, true);
    }

    /**
     * One HMGET on a hit (the stored bytes, served as they are) and on a customer remembered absent ({@link #putAbsent});
     * on a miss, the generation is read next, before the view is built, so a change invalidated after that read still
     * refuses the view built from older data.
     */
    public Uni<Lookup> get(String tenant, String customerId, String variant) {
        if (!config.enabled()) {
            return Uni.createFrom().item(Lookup.UNKNOWN);
        }
        String key = key(tenant, customerId);
        if (unsettled.contains(key) || System.currentTimeMillis() < distrustUntil) {
            unavailable.increment();
            return Uni.createFrom().item(Lookup.UNKNOWN);
        }
        return guard.<Response>call(() -> client.send(
                        Request.cmd(Command.HMGET).arg(key).arg(FIELD + variant).arg(ABSENT)))
                .chain(stored -> {
                    Response view = stored.get(0);
                    Cached hit = view == null ? null : parse(view.toBytes());
                    if (hit != null) {
                        hits.increment();
                        return Uni.createFrom().item(new Lookup(hit, null, false));
                    }
                    if (stored.get(1) != null) {
                        absent.increment();
                        return Uni.createFrom().item(Lookup.ABSENT_CUSTOMER);
                    }
                    return guard.<Response>call(
                                    () -> client.send(Request.cmd(Command.GET).arg(generationKey(tenant, customerId))))
                            .map(generation -> {
                                misses.increment();
                                return new Lookup(null, generation == null ? "0" : generation.toString(), false);
                            });
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
            byte[] json,
            String redactions,
            boolean partial) {
        if (!config.enabled() || generation == null) {
            return Uni.createFrom().voidItem();
        }
        long until = partial ? System.currentTimeMillis() + config.partialTtl().toMillis() : 0;
        return write(tenant, customerId, generation, FIELD + variant, stored(json, redactions, until));
    }

    /**
     * Remembers that profile-service did not know the customer (a read that saw {@code generation} found it absent), so
     * the next views of that id are answered 404 from here until the customer changes: its first event is a
     * {@code profile.changed} that invalidates the customer like any change, and a write racing it is refused by the
     * generation as a view's is. Kept for the cache TTL at most.
     */
    public Uni<Void> putAbsent(String tenant, String customerId, String generation) {
        if (!config.enabled() || generation == null) {
            return Uni.createFrom().voidItem();
        }
        return write(tenant, customerId, generation, ABSENT, "1".getBytes(StandardCharsets.US_ASCII));
    }

    /** Sets one field of the customer's hash unless its generation moved past {@code generation} (PUT); never fails. */
    private Uni<Void> write(String tenant, String customerId, String generation, String field, byte[] value) {
        return guard.<Response>call(() -> client.send(Request.cmd(Command.EVAL)
                        .arg(PUT)
                        .arg(2)
                        .arg(key(tenant, customerId))
                        .arg(generationKey(tenant, customerId))
                        .arg(generation)
                        .arg(config.ttl().toMillis())
                        .arg(field)
                        .arg(value)))
                .invoke(written -> {
                    if (written.toInteger() == 0) {
                        Log.debugf("%s of %s/%s not cached: invalidated meanwhile", field, tenant, customerId);
                    }
                })
                .replaceWithVoid()
                .onFailure()
                .recoverWithUni(failure -> {
                    Log.debugf("View cache write failed: %s", failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    /** The same with the JSON as text. */
    public Uni<Void> put(
            String tenant,
            String customerId,
            String generation,
            String variant,
            String json,
            String redactions,
            boolean partial) {
        return put(tenant, customerId, generation, variant, json.getBytes(StandardCharsets.UTF_8), redactions, partial);
    }

    /**
     * A stored variant: the epoch ms after which a partial view is a miss (0 for a complete view), a newline, the
     * redactions (empty for none), a newline, then the JSON as answered. A field holds all three, so a hit is one HGET.
     */
    static byte[] stored(byte[] json, String redactions, long partialUntil) {
        byte[] head = (partialUntil + "\n" + (redactions == null ? "" : redactions.replace('\n', ' ')) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[head.length + json.length];
        System.arraycopy(head, 0, value, 0, head.length);
        System.arraycopy(json, 0, value, head.length, json.length);
        return value;
    }

    /** The view a stored variant holds; null for a partial one past its time (or a value not in this form). */
    static Cached parse(byte[] value) {
        int first = indexOf(value, 0);
        int second = first < 0 ? -1 : indexOf(value, first + 1);
        if (second < 0) {
            return null;
        }
        long until;
        try {
            until = Long.parseLong(new String(value, 0, first, StandardCharsets.US_ASCII));
        } catch (NumberFormatException notThisForm) {
            return null;
        }
        if (until != 0 && System.currentTimeMillis() > until) {
            return null;
        }
        String redactions =
                second == first + 1 ? null : new String(value, first + 1, second - first - 1, StandardCharsets.UTF_8);
        return new Cached(Arrays.copyOfRange(value, second + 1, value.length), redactions);
    }

    private static int indexOf(byte[] value, int from) {
        for (int i = from; i < value.length; i++) {
            if (value[i] == '\n') {
                return i;
            }
        }
        return -1;
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

package io.customer360.enrichment.store;

import io.customer360.common.redis.RedisGuard;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redis keys whose last write or delete failed, so Redis may still hold an older value under them (Redis was cut
 * off from this pod, or a command timed out, while it kept its data). This pod never trusts such a key: the cache
 * reads it as a miss and the quota mirror as "ask the ledger". Once Redis answers again they are deleted, after which
 * every pod rebuilds them from PostgreSQL. Beyond {@link #LIMIT} keys it stops counting and distrusts every key of the
 * service's prefix, deleting them all (SCAN) when Redis is back. Lost on a restart of the pod: then an old value lives
 * at most until its own expiry, as before.
 */
@Singleton
public class UnsettledKeys {

    static final int LIMIT = 100_000;
    private static final int BATCH = 500;

    private final RedisAPI redis;
    private final RedisGuard guard;
    private final String prefix;
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private volatile boolean overflowed;

    @Inject
    UnsettledKeys(RedisAPI redis, RedisGuard guard, io.customer360.enrichment.config.EnrichmentConfig config) {
        this(redis, guard, config.redisKeyPrefix());
    }

    /** Public so bench/enrichment builds the service's quota decision outside CDI. */
    public UnsettledKeys(RedisAPI redis, RedisGuard guard, String prefix) {
        this.redis = redis;
        this.guard = guard;
        this.prefix = prefix;
    }

    /** Redis may hold a stale value under the key. */
    public boolean suspect(String key) {
        return overflowed || keys.contains(key);
    }

    public void add(String key) {
        if (overflowed) {
            return;
        }
        if (keys.size() >= LIMIT) {
            overflowed = true;
            keys.clear();
            Log.warnf(
                    "More than %d Redis keys unsettled: every key under %s is distrusted until Redis answers",
                    LIMIT, prefix);
            return;
        }
        keys.add(key);
    }

    /** The key was written (or deleted) successfully: its value is current again. */
    public void settled(String key) {
        keys.remove(key);
    }

    public int size() {
        return overflowed ? -1 : keys.size();
    }

    /** Deletes unsettled keys while Redis answers; skipped while it does not (the guard fails at once). */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> settle() {
        if (overflowed) {
            return deleteAll("0")
                    .invoke(() -> {
                        overflowed = false;
                        Log.info("Every distrusted Redis key deleted: the cache is trusted again");
                    })
                    .onFailure()
                    .recoverWithNull()
                    .replaceWithVoid();
        }
        if (keys.isEmpty() || !guard.available()) {
            return Uni.createFrom().voidItem();
        }
        List<String> batch = new ArrayList<>(keys).subList(0, Math.min(BATCH, keys.size()));
        return guard.call(() -> redis.del(batch))
                .invoke(() -> batch.forEach(keys::remove))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** One guarded SCAN and DEL per page, so a large keyspace is not one long command. */
    private Uni<Void> deleteAll(String cursor) {
        return guard.call(() -> redis.scan(List.of(cursor, "MATCH", prefix + "*", "COUNT", "1000")))
                .flatMap(page -> {
                    String next = page.get(0).toString();
                    List<String> found = new ArrayList<>();
                    for (Response key : page.get(1)) {
                        found.add(key.toString());
                    }
                    Uni<Void> deleted = found.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : guard.call(() -> redis.del(found)).replaceWithVoid();
                    return next.equals("0") ? deleted : deleted.flatMap(ignored -> deleteAll(next));
                });
    }
}

package io.customer360.enrichment.store;

import io.customer360.common.redis.RedisGuard;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.RedisAPI;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Hot reads of a customer's enrichment from Redis, keyed by tenant and customer so no tenant can hit another's
 * entry. Entries are sealed like the database rows (Redis is not trusted with plaintext) and expire with the data.
 * Redis holds nothing that cannot be rebuilt from PostgreSQL; any Redis failure is a miss, so a Redis outage makes
 * reads slower (PostgreSQL), never wrong: every command goes through {@link RedisGuard} (short timeout, then Redis is
 * skipped for a while), and a key whose write or delete failed is never read again until it is settled
 * ({@link UnsettledKeys}), as Redis may still hold the value it should have replaced.
 */
@ApplicationScoped
public class EnrichmentCache {

    private final RedisAPI redis;
    private final RedisGuard guard;
    private final UnsettledKeys unsettled;
    private final FieldCipher cipher;
    private final String prefix;

    EnrichmentCache(
            RedisAPI redis, RedisGuard guard, UnsettledKeys unsettled, FieldCipher cipher, EnrichmentConfig config) {
        this.redis = redis;
        this.guard = guard;
        this.unsettled = unsettled;
        this.cipher = cipher;
        this.prefix = config.redisKeyPrefix();
    }

    public String key(String tenant, String customerId) {
        return prefix + "customer:" + tenant + ":" + customerId;
    }

    /** The cached JSON, or null. */
    public Uni<String> get(String tenant, String customerId) {
        String key = key(tenant, customerId);
        if (unsettled.suspect(key)) {
            return Uni.createFrom().nullItem();
        }
        return guard.call(() -> redis.get(key))
                .map(response -> response == null
                        ? null
                        : new String(
                                cipher.open(Base64.getDecoder().decode(response.toString()), key),
                                StandardCharsets.UTF_8))
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.debugf("Enrichment cache miss by failure: %s", failure.toString());
                    return null;
                });
    }

    public Uni<Void> put(String tenant, String customerId, String json, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            return evict(tenant, customerId);
        }
        String key = key(tenant, customerId);
        String sealed = Base64.getEncoder().encodeToString(cipher.seal(json.getBytes(StandardCharsets.UTF_8), key));
        return settle(key, guard.call(() -> redis.set(List.of(key, sealed, "PX", Long.toString(ttl.toMillis())))))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Puts the entry unless Redis holds one already (SET NX): for what a read found in the database, which must not
     * replace what an enrichment stored meanwhile. An unsettled key is deleted instead (as {@link #evict}): Redis may
     * hold anything under it; a failed write leaves it unsettled.
     */
    public Uni<Void> putIfAbsent(String tenant, String customerId, String json, Duration ttl) {
        String key = key(tenant, customerId);
        if (unsettled.suspect(key)) {
            return evict(tenant, customerId);
        }
        String sealed = Base64.getEncoder().encodeToString(cipher.seal(json.getBytes(StandardCharsets.UTF_8), key));
        return guard.call(() -> redis.set(List.of(key, sealed, "PX", Long.toString(ttl.toMillis()), "NX")))
                .onFailure()
                .invoke(() -> unsettled.add(key))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Forgets the entry; when Redis fails, the key stays unsettled (never read) until a later delete succeeds. */
    public Uni<Void> evict(String tenant, String customerId) {
        return evictOrFail(tenant, customerId).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Like {@link #evict} but fails when Redis did not confirm, for an erasure that must be retried until it does. */
    public Uni<Void> evictOrFail(String tenant, String customerId) {
        String key = key(tenant, customerId);
        return settle(key, guard.call(() -> redis.del(List.of(key))));
    }

    private Uni<Void> settle(String key, Uni<Response> command) {
        return command.invoke(() -> unsettled.settled(key))
                .onFailure()
                .invoke(() -> unsettled.add(key))
                .replaceWithVoid();
    }
}

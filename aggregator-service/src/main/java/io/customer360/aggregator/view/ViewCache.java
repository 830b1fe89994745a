package io.customer360.aggregator.view;

import io.customer360.aggregator.config.AggregatorConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Built views in Redis, briefly: one hash per customer ({@code <prefix>view:<tenant>:<customer>}) holding one field per
 * variant (agent, focus, whether the caller sees sensitive notes), so one DEL invalidates every variant when
 * {@code profile.changed}, {@code enrichment.updated} or {@code customer.erased} says the customer changed. Redis
 * trouble never fails a view: a read error is a miss, a write error is logged. A partial view (a provider failed or
 * ran late) is kept only for {@code aggregator.cache.partial-ttl}: long enough to spare an ailing source a burst of
 * callers, short enough that the gap does not outlive its cause by much. Its deadline is a field of the hash, since a
 * Redis hash field has no expiry of its own.
 */
@ApplicationScoped
public class ViewCache {

    private static final String REDACTIONS = "#redactions";
    /** Epoch milliseconds after which a partial view is a miss; empty for a complete view. */
    private static final String PARTIAL_UNTIL = "#partial-until";

    private final AggregatorConfig.Cache config;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ReactiveKeyCommands<String> keys;

    ViewCache(AggregatorConfig config, ReactiveRedisDataSource redis) {
        this.config = config.cache();
        this.hashes = redis.hash(String.class);
        this.keys = redis.key();
    }

    /** A cached view: its JSON and what was redacted in it. */
    public record Cached(String json, String redactions) {
    }

    public Uni<Cached> get(String tenant, String customerId, String variant) {
        if (!config.enabled()) {
            return Uni.createFrom().nullItem();
        }
        return hashes.hmget(key(tenant, customerId), variant, variant + REDACTIONS, variant + PARTIAL_UNTIL)
                .map(values -> {
                    String until = values.get(variant + PARTIAL_UNTIL);
                    boolean expired = until != null && !until.isEmpty() && System.currentTimeMillis() > Long.parseLong(until);
                    return values.get(variant) == null || expired ? null
                            : new Cached(values.get(variant), values.get(variant + REDACTIONS));
                })
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("View cache unavailable, building the view: %s", failure.toString());
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
        return hashes.hset(key, Map.of(variant, json, variant + REDACTIONS, redactions == null ? "" : redactions,
                        variant + PARTIAL_UNTIL, until))
                .chain(() -> keys.pexpire(key, config.ttl()))
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    Log.warnf("View cache write failed: %s", failure.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    public Uni<Void> invalidate(String tenant, String customerId) {
        return keys.del(key(tenant, customerId)).replaceWithVoid();
    }

    private String key(String tenant, String customerId) {
        return config.keyPrefix() + "view:" + tenant + ":" + customerId;
    }
}

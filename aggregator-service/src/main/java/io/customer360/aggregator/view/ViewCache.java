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
 * trouble never fails a view: a read error is a miss, a write error is logged.
 */
@ApplicationScoped
public class ViewCache {

    private static final String REDACTIONS = "#redactions";

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
        return hashes.hmget(key(tenant, customerId), variant, variant + REDACTIONS)
                .map(values -> values.get(variant) == null ? null : new Cached(values.get(variant), values.get(variant + REDACTIONS)))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("View cache unavailable, building the view: %s", failure.toString());
                    return null;
                });
    }

    public Uni<Void> put(String tenant, String customerId, String variant, String json, String redactions) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        String key = key(tenant, customerId);
        return hashes.hset(key, Map.of(variant, json, variant + REDACTIONS, redactions == null ? "" : redactions))
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

package io.customer360.enrichment.config;

import io.customer360.common.redis.RedisGuard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one {@link RedisGuard} of this service (cache, quota mirror, unsettled keys), from {@code enrichment.redis}. */
public class RedisGuardProducer {

    @Produces
    @Singleton
    RedisGuard redisGuard(EnrichmentConfig config) {
        return new RedisGuard(config.redis().timeout(), config.redis().pause(), "the cache");
    }
}

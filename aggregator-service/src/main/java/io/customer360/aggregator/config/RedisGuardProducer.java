package io.customer360.aggregator.config;

import io.customer360.common.redis.RedisGuard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one {@link RedisGuard} of this service, with the view cache's timeout and pause. */
public class RedisGuardProducer {

    @Produces
    @Singleton
    RedisGuard redisGuard(AggregatorConfig config) {
        return new RedisGuard(config.cache().redisTimeout(), config.cache().redisPause(), "the view cache");
    }
}

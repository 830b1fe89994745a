package io.customer360.aggregator.testing;

import io.customer360.common.testing.RedisProxyResource;
import java.util.Map;

/**
 * Redis behind a cuttable proxy (test database 13), with the view cache on (the test profile has it off) and a short
 * pause so Redis is taken back into use quickly.
 */
public class AggregatorRedisProxy extends RedisProxyResource {

    public AggregatorRedisProxy() {
        super(13);
    }

    @Override
    protected Map<String, String> serviceConfig() {
        return Map.of(
                "aggregator.cache.enabled",
                "true",
                "aggregator.cache.ttl",
                "5m",
                // no enrichment-service runs beside the tests: every view is partial, kept as long as a complete one
                // here
                "aggregator.cache.partial-ttl",
                "5m",
                "aggregator.cache.redis-pause",
                "200ms");
    }
}

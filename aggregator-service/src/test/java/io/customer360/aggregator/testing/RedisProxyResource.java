package io.customer360.aggregator.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Points the service's Redis client at a {@link CuttableProxy} in front of the real Redis (test database 13), with the
 * view cache on (the test profile has it off) and a short pause so Redis is taken back into use quickly.
 */
public class RedisProxyResource implements QuarkusTestResourceLifecycleManager {

    private static volatile CuttableProxy proxy;

    public static CuttableProxy proxy() {
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        try {
            proxy = new CuttableProxy("127.0.0.1", 6379);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + proxy.port() + "/13",
                "aggregator.cache.enabled", "true", "aggregator.cache.ttl", "5m",
                // no enrichment-service runs beside the tests: every view is partial, kept as long as a complete one here
                "aggregator.cache.partial-ttl", "5m", "aggregator.cache.redis-pause", "200ms");
    }

    @Override
    public void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

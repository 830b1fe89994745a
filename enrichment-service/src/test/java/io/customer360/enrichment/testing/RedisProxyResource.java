package io.customer360.enrichment.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Points the service's Redis client at a {@link CuttableProxy} in front of the real Redis (test database 14). */
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
        // a short pause so a test sees Redis taken back into use quickly
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + proxy.port() + "/14", "enrichment.redis.pause", "200ms");
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

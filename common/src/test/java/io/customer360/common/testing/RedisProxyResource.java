package io.customer360.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Points the service's Redis client at a {@link CuttableProxy} in front of the real Redis, on the test's own Redis
 * database. A service subclasses it with its database and the config its Redis outage tests need (e.g. a short pause
 * so Redis is taken back into use quickly).
 */
public abstract class RedisProxyResource implements QuarkusTestResourceLifecycleManager {

    private static volatile CuttableProxy proxy;

    private final int database;

    protected RedisProxyResource(int database) {
        this.database = database;
    }

    /** The proxy of the running test resource, to cut and restore Redis. */
    public static CuttableProxy proxy() {
        return proxy;
    }

    /** The service's config besides {@code quarkus.redis.hosts}. */
    protected abstract Map<String, String> serviceConfig();

    @Override
    public Map<String, String> start() {
        try {
            proxy = new CuttableProxy("127.0.0.1", 6379);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>(serviceConfig());
        config.put("quarkus.redis.hosts", "redis://127.0.0.1:" + proxy.port() + "/" + database);
        return config;
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

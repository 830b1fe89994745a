package io.customer360.enrichment.testing;

import io.customer360.common.testing.RedisProxyResource;
import java.util.Map;

/** Redis behind a cuttable proxy (test database 14). */
public class EnrichmentRedisProxy extends RedisProxyResource {

    public EnrichmentRedisProxy() {
        super(14);
    }

    @Override
    protected Map<String, String> serviceConfig() {
        // a short pause so a test sees Redis taken back into use quickly
        return Map.of("enrichment.redis.pause", "200ms");
    }
}

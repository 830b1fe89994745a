package io.customer360.enrichment.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One WireMock server per enrichment provider, on dynamic ports, with test API keys; the service's provider URLs
 * point at them. The person waterfall is People Data Labs, then the seed's Clearbit, FullContact and Hunter. Resilience is shrunk so tests can count its arithmetic: 500 ms timeout, 2 retries 10 ms apart,
 * a breaker that opens when half of a window of 4 calls failed and stays open for a minute. A test about something
 * else than resilience passes {@code initArgs} {@code timeout} and {@code breaker-volume} so that a burst it fires on
 * two cores cannot open a breaker (it then runs in an application of its own).
 */
public class ProviderStubs implements QuarkusTestResourceLifecycleManager {

    public static final List<String> PROVIDERS = List.of(
            "people-data-labs",
            "clearbit",
            "fullcontact",
            "hunter",
            "google-places",
            "opencorporates",
            "attom",
            "attom-avm");

    private static final Map<String, WireMockServer> SERVERS = new ConcurrentHashMap<>();

    private String timeout = "500ms";
    private String breakerVolume = "4";

    public static WireMockServer server(String provider) {
        return SERVERS.get(provider);
    }

    public static String apiKey(String provider) {
        return "test-key-" + provider;
    }

    public static void resetAll() {
        SERVERS.values().forEach(WireMockServer::resetAll);
    }

    @Override
    public void init(Map<String, String> initArgs) {
        timeout = initArgs.getOrDefault("timeout", timeout);
        breakerVolume = initArgs.getOrDefault("breaker-volume", breakerVolume);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        for (String provider : PROVIDERS) {
            WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            SERVERS.put(provider, server);
            String settings = "enrichment.providers." + provider + ".";
            config.put("quarkus.rest-client." + provider + ".url", server.baseUrl());
            config.put(settings + "api-key", apiKey(provider));
            config.put(settings + "timeout", timeout);
            config.put(settings + "max-retries", "2");
            config.put(settings + "retry-delay", "10ms");
            config.put(settings + "max-retry-after", "2s");
            config.put(settings + "breaker-volume", breakerVolume);
            config.put(settings + "breaker-failure-ratio", "0.5");
            config.put(settings + "breaker-delay", "60s");
            config.put(settings + "rate-limit", "10000");
            config.put(settings + "rate-window", "1s");
            config.put(settings + "bulkhead", "60");
            config.put(settings + "max-response-bytes", "65536");
        }
        config.put("enrichment.waterfall.budget", "5s");
        // People Data Labs (the documented optional addition) ahead of the seed's chain: the tests' fixtures start
        // there
        config.put("enrichment.waterfall.person", "people-data-labs,clearbit,fullcontact,hunter");
        return config;
    }

    @Override
    public void stop() {
        SERVERS.values().forEach(WireMockServer::stop);
        SERVERS.clear();
    }
}

package io.customer360.mesh;

import io.customer360.common.testing.ServiceProcess;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The four packaged services as separate processes on the real PostgreSQL, Redis, NATS and Keycloak, isolated
 * from a running {@code ./mesh up}: databases {@code c360_<service>_it}, the nats-server of this test run with the
 * accounts of k8s/ ({@link SecuredNats}; each service as its own NATS user), Redis database 12. Every run starts from
 * empty databases and streams.
 */
final class Mesh implements AutoCloseable {

    /** The machine's NATS without accounts; only the scale-out and crash runs use it, with prefixes of their own. */
    static final String OPEN_NATS_URL = "nats://127.0.0.1:4222";
    static final String KEYCLOAK_URL = System.getProperty("keycloak.url", "http://127.0.0.1:8180");
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final List<String> SERVICES = List.of("ingest", "profile", "enrichment", "aggregator");

    final ServiceProcess profile;
    final ServiceProcess ingest;
    final ServiceProcess enrichment;
    final ServiceProcess aggregator;

    private Mesh(ServiceProcess profile, ServiceProcess ingest, ServiceProcess enrichment, ServiceProcess aggregator) {
        this.profile = profile;
        this.ingest = ingest;
        this.enrichment = enrichment;
        this.aggregator = aggregator;
    }

    static Mesh start() throws Exception {
        return start(Map.of());
    }

    /** Starts the mesh with extra configuration per service ("profile", "ingest", "enrichment", "aggregator"). */
    static Mesh start(Map<String, Map<String, String>> extra) throws Exception {
        resetDatabases();
        SecuredNats.resetTopology();
        ServiceProcess profile = ServiceProcess.start("profile-service", config("profile", extra), READY_WITHIN);
        ServiceProcess ingest = ServiceProcess.start("ingest-service", config("ingest", extra), READY_WITHIN);
        Map<String, String> enrichmentConfig = config("enrichment", extra);
        enrichmentConfig.put("quarkus.rest-client.profile.url", profile.baseUrl());
        // a sealing key of this run only: the IT databases are emptied at every start
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        enrichmentConfig.put("enrichment.encryption-key", java.util.Base64.getEncoder().encodeToString(key));
        ServiceProcess enrichment = ServiceProcess.start("enrichment-service", enrichmentConfig, READY_WITHIN);
        Map<String, String> aggregatorConfig = config("aggregator", extra);
        aggregatorConfig.put("quarkus.rest-client.profile.url", profile.baseUrl());
        aggregatorConfig.put("quarkus.rest-client.enrichment.url", enrichment.baseUrl());
        ServiceProcess aggregator = ServiceProcess.start("aggregator-service", aggregatorConfig, READY_WITHIN);
        return new Mesh(profile, ingest, enrichment, aggregator);
    }

    private static Map<String, String> config(String service, Map<String, Map<String, String>> extra) {
        Map<String, String> config = serviceConfig(service);
        config.putAll(extra.getOrDefault(service, Map.of()));
        return config;
    }

    /** A service's configuration on the IT database, the real Keycloak, Redis database 12 and the secured NATS. */
    static Map<String, String> serviceConfig(String service) {
        Map<String, String> config = baseConfig(service);
        config.putAll(SecuredNats.serviceConfig(service));
        return config;
    }

    /**
     * The same on the machine's NATS without accounts, under the given subject and name prefixes; the service creates
     * its topology there itself (as in its own tests).
     */
    static Map<String, String> openNatsServiceConfig(String service, String subjectPrefix, String streamPrefix) {
        Map<String, String> config = baseConfig(service);
        config.put("mesh.nats.servers", OPEN_NATS_URL);
        config.put("mesh.nats.subject-prefix", subjectPrefix);
        config.put("mesh.nats.stream-prefix", streamPrefix);
        config.put("mesh.nats.provision", "true");
        return config;
    }

    private static Map<String, String> baseConfig(String service) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/c360_" + service + "_it");
        config.put("quarkus.oidc.auth-server-url", KEYCLOAK_URL + "/realms/customer360");
        config.put("quarkus.redis.hosts", "redis://127.0.0.1:6379/12");
        return config;
    }

    private static void resetDatabases() throws SQLException {
        resetDatabases(SERVICES);
    }

    /** Empty schemas: Flyway migrates them again when each service starts. */
    static void resetDatabases(List<String> services) throws SQLException {
        for (String service : services) {
            String url = "jdbc:postgresql://127.0.0.1:5432/c360_" + service + "_it";
            try (var connection = DriverManager.getConnection(url, "postgres", "");
                 var statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
            }
        }
    }

    /** Deletes every stream of the machine's NATS whose name starts with the prefix. */
    static void deleteOpenNatsStreams(String prefix) throws IOException, InterruptedException, JetStreamApiException {
        try (Connection nats = Nats.connect(OPEN_NATS_URL)) {
            JetStreamManagement jsm = nats.jetStreamManagement();
            for (String stream : jsm.getStreamNames()) {
                if (stream.startsWith(prefix)) {
                    jsm.deleteStream(stream);
                }
            }
        }
    }

    @Override
    public void close() {
        for (ServiceProcess service : new ServiceProcess[] {aggregator, enrichment, ingest, profile}) {
            service.close();
        }
    }
}

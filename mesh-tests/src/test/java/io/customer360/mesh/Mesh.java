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
import java.util.ArrayList;
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

    /** The {@code @Order} of the ITs that use {@link #shared()}: they run before the ones that start their own. */
    static final int SHARED = 1;

    private static Mesh shared;

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

    /**
     * The mesh with the defaults, shared by the ITs that need nothing else ({@code @Order(SHARED)} runs them first):
     * started by the first of them, stopped when the test JVM exits or when a run that needs the IT databases or
     * streams for itself starts ({@link #resetDatabases}, {@link SecuredNats#resetTopology}, {@link #stopShared}).
     * Those ITs use customer ids, sources and event types of their own, so they do not see each other's data.
     */
    static synchronized Mesh shared() throws Exception {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(Mesh::stopShared));
        }
        return shared;
    }

    /** Stops the shared mesh, if one runs, so that a run of its own can take the IT databases and streams. */
    static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** A mesh of its own, from empty databases and streams (the shared one is stopped first). */
    static Mesh start() throws Exception {
        return start(Map.of());
    }

    /**
     * Starts a mesh of its own with extra configuration per service ("profile", "ingest", "enrichment",
     * "aggregator"). The four JVMs boot side by side; profile- and enrichment-service get their ports up front so the
     * others can be told where they are.
     */
    static Mesh start(Map<String, Map<String, String>> extra) throws Exception {
        resetDatabases();
        SecuredNats.resetTopology();
        Map<String, String> profileConfig = config("profile", extra);
        profileConfig.putIfAbsent("quarkus.http.port", String.valueOf(ServiceProcess.freePort()));
        Map<String, String> enrichmentConfig = config("enrichment", extra);
        enrichmentConfig.putIfAbsent("quarkus.http.port", String.valueOf(ServiceProcess.freePort()));
        String profileUrl = "http://127.0.0.1:" + profileConfig.get("quarkus.http.port");
        enrichmentConfig.put("quarkus.rest-client.profile.url", profileUrl);
        // a sealing key of this run only: the IT databases are emptied at every start
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        enrichmentConfig.put(
                "enrichment.encryption-key", java.util.Base64.getEncoder().encodeToString(key));
        Map<String, String> aggregatorConfig = config("aggregator", extra);
        aggregatorConfig.put("quarkus.rest-client.profile.url", profileUrl);
        aggregatorConfig.put(
                "quarkus.rest-client.enrichment.url", "http://127.0.0.1:" + enrichmentConfig.get("quarkus.http.port"));

        List<ServiceProcess> started = new ArrayList<>();
        try {
            started.add(ServiceProcess.launch("profile-service", profileConfig));
            started.add(ServiceProcess.launch("ingest-service", config("ingest", extra)));
            started.add(ServiceProcess.launch("enrichment-service", enrichmentConfig));
            started.add(ServiceProcess.launch("aggregator-service", aggregatorConfig));
            for (ServiceProcess service : started) {
                service.awaitReady(READY_WITHIN);
            }
        } catch (RuntimeException e) {
            started.forEach(ServiceProcess::close);
            throw e;
        }
        return new Mesh(started.get(0), started.get(1), started.get(2), started.get(3));
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

    /** Empty schemas: Flyway migrates them again when each service starts. Stops the shared mesh first. */
    static void resetDatabases(List<String> services) throws SQLException {
        stopShared();
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

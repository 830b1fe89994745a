package io.customer360.mesh;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The mesh's own nats-server that {@code ./mesh test} starts for the tests: the accounts, users and permissions of
 * {@code k8s/base/nats/accounts.conf}, on a free port ({@code -Dc360.it.nats.url}), with the credentials of
 * {@code .mesh/nats/} ({@code -Dc360.it.nats.credentials}). Tests connect as what they play: a partner of a tenant,
 * a service, or the operator (the provisioning identity).
 */
final class SecuredNats {

    static final String OPERATOR = "provision";

    private SecuredNats() {}

    static String url() {
        return property("c360.it.nats.url");
    }

    /** The user and password of a credentials file: {@code partner-acme}, {@code ingest-service}, {@code provision}, … */
    static Credentials credentials(String name) {
        Path file = Path.of(property("c360.it.nats.credentials")).resolve(name + ".creds");
        Properties values = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            values.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + " (./mesh test generates it)", e);
        }
        return new Credentials(unquote(values.getProperty("NATS_USER")), unquote(values.getProperty("NATS_PASSWORD")));
    }

    record Credentials(String user, String password) {}

    /** Connection options as NAME; users of the platform account subscribe only under their own inbox prefix. */
    static Options.Builder options(String name) {
        Credentials credentials = credentials(name);
        Options.Builder options = Options.builder()
                .server(url())
                .userInfo(credentials.user(), credentials.password())
                .connectionTimeout(Duration.ofSeconds(5));
        if (!name.startsWith("partner-")) {
            options.inboxPrefix("_INBOX." + credentials.user());
        }
        return options;
    }

    static Connection connect(String name) throws IOException, InterruptedException {
        return Nats.connect(options(name).build());
    }

    /** A service's NATS settings: its own user, no prefixes (the server is this run's own), no provisioning. */
    static Map<String, String> serviceConfig(String service) {
        Credentials credentials = credentials(service + "-service");
        Map<String, String> config = new HashMap<>();
        config.put("mesh.nats.servers", url());
        config.put("mesh.nats.user", credentials.user());
        config.put("mesh.nats.password", credentials.password());
        return config;
    }

    /**
     * Deletes every stream as the operator, then runs the provisioning step exactly as {@code ./mesh up} does (the
     * {@code Provision} main of common, with its own credentials): each run starts from empty streams.
     */
    static void resetTopology() throws IOException, InterruptedException, JetStreamApiException {
        Mesh.stopShared();
        try (Connection operator = connect(OPERATOR)) {
            JetStreamManagement jsm = operator.jetStreamManagement();
            for (String stream : jsm.getStreamNames()) {
                jsm.deleteStream(stream);
            }
        }
        Credentials credentials = credentials(OPERATOR);
        ProcessBuilder provision = new ProcessBuilder(
                        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-cp",
                        "../ingest-service/target/quarkus-app/lib/main/*",
                        "io.customer360.common.nats.Provision")
                .redirectErrorStream(true);
        provision
                .environment()
                .putAll(Map.of(
                        "NATS_URL", url(), "NATS_USER", credentials.user(), "NATS_PASSWORD", credentials.password()));
        Process process = provision.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the provisioning step failed: " + output);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException(
                    name + " is not set: run the cross-service tests through ./mesh test, which starts"
                            + " the mesh's nats-server and passes -D" + name);
        }
        return value;
    }

    private static String unquote(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.length() >= 2 && (trimmed.startsWith("'") || trimmed.startsWith("\""))
                ? trimmed.substring(1, trimmed.length() - 1)
                : trimmed;
    }
}

package io.customer360.common.nats;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The provisioning step: creates the mesh's streams and durable consumers ({@link Topology}) with its own NATS
 * identity, before the services start. Run by {@code ./mesh up}, {@code ./mesh test} and the k8s Job.
 * <p>
 * Environment: {@code NATS_URL} (default {@code nats://127.0.0.1:4222}), {@code NATS_USER}, {@code NATS_PASSWORD},
 * {@code NATS_STREAM_REPLICAS} (default 1), {@code C360_TENANTS} (the declared tenants, each with a partner stream;
 * default {@code acme,globex}). With {@code --write-json DIR} it connects nowhere and writes the
 * JetStream API configuration of every stream and consumer into DIR instead (what the k8s Job applies with the
 * {@code nats} CLI).
 */
public final class Provision {

    private Provision() {}

    public static void main(String[] args) throws Exception {
        int replicas = Integer.parseInt(env("NATS_STREAM_REPLICAS", "1"));
        List<String> tenants = List.of(env("C360_TENANTS", "acme,globex").split(","));
        if (args.length == 2 && args[0].equals("--write-json")) {
            writeJson(Path.of(args[1]), replicas, tenants);
            return;
        }
        if (args.length != 0) {
            System.err.println("usage: Provision [--write-json DIR]");
            System.exit(2);
        }
        Options.Builder options = Options.builder()
                .server(env("NATS_URL", "nats://127.0.0.1:4222"))
                .connectionName("c360-provision")
                .connectionTimeout(Duration.ofSeconds(5))
                .inboxPrefix("_INBOX.c360-provision")
                .noReconnect();
        String user = System.getenv("NATS_USER");
        if (user != null && !user.isBlank()) {
            options.userInfo(user, env("NATS_PASSWORD", ""));
        }
        try (Connection connection = Nats.connect(options.build())) {
            Provisioner provisioner =
                    new Provisioner(connection.jetStreamManagement(), s -> s, s -> s, replicas, tenants);
            for (String change : provisioner.provision()) {
                System.out.println("provision: " + change);
            }
            System.out.println("provision: " + Topology.streams(tenants).size() + " streams and "
                    + Topology.consumers(tenants).size() + " durable consumers in place");
        }
    }

    private static void writeJson(Path dir, int replicas, List<String> tenants) throws java.io.IOException {
        Files.createDirectories(dir);
        Provisioner provisioner = new Provisioner(null, s -> s, s -> s, replicas, tenants);
        for (Topology.StreamSpec stream : Topology.streams(tenants)) {
            Files.writeString(
                    dir.resolve("stream-" + stream.name() + ".json"),
                    provisioner.configuration(stream).toJson() + "\n");
        }
        for (Topology.ConsumerSpec consumer : Topology.consumers(tenants)) {
            Files.writeString(
                    dir.resolve("consumer-" + consumer.stream() + "-" + consumer.durable() + ".json"),
                    provisioner.configuration(consumer).toJson() + "\n");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

package io.customer360.ingest.messaging;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A nats-server of this test's own, configured as a multi-tenant deployment is: each tenant account exports its
 * {@code customer.events.>}, and the platform account (where ingest-service runs) imports it mapped to
 * {@code tenant.{tenant}.customer.events.>}, so a publisher cannot choose its tenant.
 */
public class TenantAccountsNatsServer implements QuarkusTestResourceLifecycleManager {

    /** The subject prefix of ingest-service's test profile; the mapping targets it. */
    static final String PREFIX = "test.ingest.";

    private Process server;
    private Path dir;
    static int port;

    @Override
    public Map<String, String> start() {
        try {
            port = freePort();
            dir = Files.createTempDirectory("nats-accounts");
            Path config = dir.resolve("nats.conf");
            Files.writeString(config, """
                    listen: 127.0.0.1:%d
                    jetstream { store_dir: "%s" }
                    accounts {
                      PLATFORM: {
                        jetstream: enabled
                        users: [ { user: platform, password: platform } ]
                        imports: [
                          { stream: { account: ACME, subject: "customer.events.>" }, to: "%stenant.acme.customer.events.>" }
                          { stream: { account: GLOBEX, subject: "customer.events.>" }, to: "%stenant.globex.customer.events.>" }
                        ]
                      }
                      ACME: { users: [ { user: acme, password: acme } ], exports: [ { stream: "customer.events.>" } ] }
                      GLOBEX: { users: [ { user: globex, password: globex } ], exports: [ { stream: "customer.events.>" } ] }
                    }
                    """.formatted(port, dir.resolve("js"), PREFIX, PREFIX));
            server = new ProcessBuilder("nats-server", "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nats.log").toFile())
                    .start();
            awaitPort();
            return Map.of("mesh.nats.servers", "nats://platform:platform@127.0.0.1:" + port);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start nats-server (is it installed? ./mesh test installs it)", e);
        }
    }

    static String url(String account) {
        return "nats://" + account + ":" + account + "@127.0.0.1:" + port;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroy();
        }
    }

    private void awaitPort() {
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("nats-server exited; see " + dir.resolve("nats.log"));
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("nats-server did not listen on " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

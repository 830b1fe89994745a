package io.customer360.profile.api.nats;

import static io.customer360.common.testing.TestTokens.ACME;
import static io.customer360.profile.ProfileEvents.event;
import static io.customer360.profile.ProfileEvents.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.customer360.common.nats.NatsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarts while events stream in: the service reconnects by itself and every event is stored exactly
 * once (unacked batches are redelivered; stored ones are recognised by their event id).
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
class PostgresRestartTest {

    private static final int EVENTS = 3000;

    @Inject
    NatsClient nats;

    @Inject
    Pool pool;

    @Test
    void restartMidStreamLosesNothingAndDoublesNothing() throws Exception {
        String run = "pgr_" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < EVENTS / 2; i++) {
            publish(
                    nats,
                    "test.profile.",
                    event(
                            ACME,
                            run + "_" + i,
                            run + "_c" + (i % 50),
                            null,
                            "contact",
                            1734100000L + i,
                            Map.of("title", "event " + i)),
                    run + "_" + i);
        }
        restartPostgres();
        for (int i = EVENTS / 2; i < EVENTS; i++) {
            publish(
                    nats,
                    "test.profile.",
                    event(
                            ACME,
                            run + "_" + i,
                            run + "_c" + (i % 50),
                            null,
                            "contact",
                            1734100000L + i,
                            Map.of("title", "event " + i)),
                    run + "_" + i);
        }

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> count(run).getLong("events") == EVENTS);
        Row stored = count(run);
        assertThat(stored.getLong("events")).isEqualTo(EVENTS);
        assertThat(stored.getLong("distinct_events")).isEqualTo(EVENTS);
        assertThat(stored.getLong("customers")).isEqualTo(50);
    }

    private Row count(String run) {
        return pool.preparedQuery("""
                        SELECT count(*) AS events, count(DISTINCT event_id) AS distinct_events, count(DISTINCT customer_id) AS customers
                        FROM timeline_events WHERE tenant = $1 AND event_id LIKE $2""")
                .execute(Tuple.of(ACME, run + "\\_%"))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next();
    }

    /** A fast restart of the local cluster, as an operator (or a crash and a supervisor) would do it. */
    private static void restartPostgres() throws IOException, InterruptedException {
        String version;
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString())
                    .sorted()
                    .reduce((a, b) -> b)
                    .orElseThrow();
        }
        Process restart = new ProcessBuilder(
                        "pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast")
                .inheritIO()
                .start();
        assertThat(restart.waitFor()).as("pg_ctlcluster restart").isZero();
    }
}

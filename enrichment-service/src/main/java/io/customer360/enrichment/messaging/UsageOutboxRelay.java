package io.customer360.enrichment.messaging;

import io.customer360.enrichment.config.EnrichmentConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays the usage outbox to NATS: takes unsent messages with {@code FOR UPDATE SKIP LOCKED} (replicas share the work
 * and never send the same row at once), publishes each through JetStream, and marks the acknowledged ones sent in
 * the same transaction. A message whose publish fails stays unsent and is tried again on the next pass, so a NATS
 * outage delays usage messages and loses none. A crash between the acknowledgement and the commit sends a message
 * twice; its {@code Nats-Msg-Id} and charge id make the repeat harmless. Woken after each ledger write, and every
 * {@code enrichment.ledger.relay-interval}.
 */
@ApplicationScoped
public class UsageOutboxRelay {

    private final Pool pool;
    private final UsagePublisher publisher;
    private final int batch;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    UsageOutboxRelay(Pool pool, UsagePublisher publisher, EnrichmentConfig config) {
        this.pool = pool;
        this.publisher = publisher;
        this.batch = config.ledger().relayBatch();
    }

    @Scheduled(
            every = "${enrichment.ledger.relay-interval:2s}",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        wake();
    }

    /** Runs passes until the outbox is empty or a pass fails; a wake during a pass runs one more. */
    public void wake() {
        again.set(true);
        if (!running.compareAndSet(false, true)) {
            return;
        }
        again.set(false);
        relayOnce()
                .subscribe()
                .with(
                        sent -> {
                            running.set(false);
                            if (sent == batch || again.get()) {
                                wake();
                            }
                        },
                        failure -> {
                            running.set(false);
                            Log.warnf("Usage outbox not relayed: %s", failure.toString());
                        });
    }

    /** One pass: publishes up to a batch of unsent messages; the number acknowledged and marked sent. */
    public Uni<Integer> relayOnce() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("""
                                SELECT id, tenant, customer_id, charge_id, payload::text AS body FROM enrichment_usage_outbox
                                WHERE sent_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(batch))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Uni<Long>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        long id = row.getLong("id");
                        sends.add(publisher
                                .publish(
                                        row.getString("tenant"),
                                        row.getString("customer_id"),
                                        row.getLong("charge_id"),
                                        row.getString("body").getBytes(StandardCharsets.UTF_8))
                                .replaceWith(id)
                                .onFailure()
                                .recoverWithItem(failure -> {
                                    Log.warnf(
                                            "Usage message %s of tenant %s not published, kept for the next pass: %s",
                                            row.getLong("charge_id"), row.getString("tenant"), failure.toString());
                                    return -id;
                                }));
                    }
                    return Uni.join().all(sends).andFailFast().flatMap(results -> {
                        Long[] sent = results.stream().filter(id -> id > 0).toArray(Long[]::new);
                        Long[] failed = results.stream()
                                .filter(id -> id < 0)
                                .map(id -> -id)
                                .toArray(Long[]::new);
                        return connection
                                .preparedQuery("""
                                        UPDATE enrichment_usage_outbox SET attempts = attempts + 1,
                                            sent_at = CASE WHEN id = ANY($1) THEN now() END
                                        WHERE id = ANY($1) OR id = ANY($2)""")
                                .execute(Tuple.of(sent, failed))
                                .replaceWith(sent.length);
                    });
                }));
    }

    /** Sent messages are kept a week (what was published when), then dropped. */
    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return pool.query("DELETE FROM enrichment_usage_outbox WHERE sent_at < now() - interval '7 days'")
                .execute()
                .replaceWithVoid();
    }

    /** Unsent messages (health and tests). */
    public Uni<Long> unsent() {
        return pool.query("SELECT count(*) AS unsent FROM enrichment_usage_outbox WHERE sent_at IS NULL")
                .execute()
                .map(rows -> rows.iterator().next().getLong("unsent"));
    }
}

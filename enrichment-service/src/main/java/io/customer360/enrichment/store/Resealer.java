package io.customer360.enrichment.store;

import io.customer360.enrichment.config.EnrichmentConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Key rotation (docs/sealing-keys.md): moves values sealed with older keys to the current key in batches, and keeps a
 * key that values still need from being dropped silently. At start the service refuses to run without every key some
 * stored value names. Each replica re-seals on a schedule; a batch row-locks what it takes ({@code SKIP LOCKED}), so
 * replicas share the work and a concurrent write of the same field waits and then wins with the current key.
 */
@ApplicationScoped
public class Resealer {

    private final Pool pool;
    private final FieldCipher cipher;
    private final SealingKeys keys;
    private final int batch;

    @Inject
    Resealer(Pool pool, FieldCipher cipher, SealingKeys keys, EnrichmentConfig config) {
        this(pool, cipher, keys, config.sealing().resealBatch());
    }

    /** Plain constructor for a test that rotates keyrings of its own. */
    Resealer(Pool pool, FieldCipher cipher, SealingKeys keys, int batch) {
        this.pool = pool;
        this.cipher = cipher;
        this.keys = keys;
        this.batch = batch;
    }

    /** How many values each key seals, and how many still wait for the current key; of one tenant or (null) all. */
    public record Progress(String currentKey, Map<String, Long> valuesByKey, long remaining, int resealed) {}

    void refuseMissingKeys(@Observes StartupEvent ignored) {
        check(progress(null).await().indefinitely());
    }

    /** Fails naming each key some stored value needs and the keyring lacks. */
    void check(Progress progress) {
        List<String> missing = progress.valuesByKey().entrySet().stream()
                .filter(entry -> !keys.ids().contains(entry.getKey()))
                .map(entry -> "'" + entry.getKey() + "' (" + entry.getValue() + " values)")
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Stored enrichment values are sealed with keys the keyring lacks: "
                    + String.join(", ", missing)
                    + ". Put them back in enrichment.sealing.keys (ENRICHMENT_SEALING_KEYS) "
                    + "until re-sealing has moved their values to the current key '" + keys.current() + "'");
        }
    }

    public Uni<Progress> progress(String tenant) {
        String where = tenant == null ? "" : " WHERE tenant = $1";
        Tuple args = tenant == null ? Tuple.tuple() : Tuple.of(tenant);
        return pool.preparedQuery("SELECT key_id, count(*) AS n FROM enrichment_fields" + where + " GROUP BY key_id")
                .execute(args)
                .map(rows -> progress(rows, 0));
    }

    /** Re-seals one batch of the tenant's values (all tenants: null) under older keys; the progress after it. */
    public Uni<Progress> resealBatch(String tenant) {
        String scope = tenant == null ? "" : " AND tenant = $3";
        Tuple args = tenant == null ? Tuple.of(keys.current(), batch) : Tuple.of(keys.current(), batch, tenant);
        return pool.withTransaction((SqlConnection connection) -> connection
                        .preparedQuery("""
                        SELECT tenant, customer_id, data_type, field, sealed_value FROM enrichment_fields
                        WHERE key_id <> $1""" + scope + " LIMIT $2 FOR UPDATE SKIP LOCKED")
                        .execute(args)
                        .flatMap(rows -> {
                            List<Tuple> updates = new ArrayList<>();
                            for (Row row : rows) {
                                String context = EnrichmentRecords.context(
                                        row.getString("tenant"),
                                        row.getString("customer_id"),
                                        row.getString("data_type"),
                                        row.getString("field"));
                                byte[] resealed = cipher.seal(
                                        cipher.open(
                                                row.getBuffer("sealed_value").getBytes(), context),
                                        context);
                                updates.add(Tuple.tuple(List.of(
                                        row.getString("tenant"),
                                        row.getString("customer_id"),
                                        row.getString("data_type"),
                                        row.getString("field"),
                                        Buffer.buffer(resealed),
                                        keys.current())));
                            }
                            if (updates.isEmpty()) {
                                return Uni.createFrom().item(0);
                            }
                            return connection
                                    .preparedQuery("""
                                    UPDATE enrichment_fields SET sealed_value = $5, key_id = $6
                                    WHERE tenant = $1 AND customer_id = $2 AND data_type = $3 AND field = $4""")
                                    .executeBatch(updates)
                                    .replaceWith(updates.size());
                        }))
                .flatMap(resealed -> progress(tenant)
                        .map(after ->
                                new Progress(after.currentKey(), after.valuesByKey(), after.remaining(), resealed)));
    }

    @Scheduled(
            every = "${enrichment.sealing.reseal-interval:1m}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resealOnSchedule() {
        return resealBatch(null)
                .invoke(progress -> {
                    if (progress.resealed() > 0) {
                        Log.infof(
                                "Re-sealed %d enrichment values with key '%s'; %d still under older keys %s",
                                progress.resealed(),
                                progress.currentKey(),
                                progress.remaining(),
                                progress.valuesByKey());
                    }
                })
                .onFailure()
                .invoke(failure -> Log.warnf("Re-sealing failed, trying again next time: %s", failure.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private Progress progress(RowSet<Row> rows, int resealed) {
        Map<String, Long> byKey = new TreeMap<>();
        rows.forEach(row -> byKey.put(row.getString("key_id"), row.getLong("n")));
        long remaining = byKey.entrySet().stream()
                .filter(entry -> !entry.getKey().equals(keys.current()))
                .mapToLong(Map.Entry::getValue)
                .sum();
        return new Progress(keys.current(), byKey, remaining, resealed);
    }
}

package io.customer360.profile.store;

import io.customer360.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Merging two profiles of one customer, and undoing it. A merge moves the source's timeline and identities to the
 * target, keeps the source id as an alias of the target (events naming it land on the target), records who merged
 * what in {@code merges}, and folds the target's timeline again. An unmerge restores the source from that record,
 * moves back the events that came with the merge or were addressed to the source since, and folds both again.
 */
@ApplicationScoped
public class CustomerMerges {

    /** A merge as the audit shows it. */
    public record Merge(
            @Schema(required = true) String mergeId,
            @Schema(required = true) String targetId,
            @Schema(required = true) String sourceId,
            @Schema(required = true) String mergedBy,
            @Schema(required = true) String mergedAt,
            String unmergedBy,
            String unmergedAt) {}

    private final Pool pool;
    private final EventBatchWriter writer;

    CustomerMerges(Pool pool, EventBatchWriter writer) {
        this.pool = pool;
        this.writer = writer;
    }

    public Uni<Merge> merge(String tenant, String targetId, String sourceId, String actor) {
        if (targetId.equals(sourceId)) {
            return Uni.createFrom().failure(ProblemException.invalid("sourceId", "must name another customer"));
        }
        return pool.withTransaction(conn -> lock(conn, tenant, targetId, sourceId)
                .flatMap(found -> {
                    if (!found.contains(targetId)) {
                        return Uni.createFrom().failure(ProblemException.notFound("Customer", targetId));
                    }
                    if (!found.contains(sourceId)) {
                        return Uni.createFrom()
                                .failure(ProblemException.invalid("sourceId", "is not a customer of this tenant"));
                    }
                    return conn.preparedQuery("""
                                    INSERT INTO merges (tenant, id, target_id, source_id, source_row, merged_by)
                                    SELECT $1, $5, $2, $3, to_jsonb(c) || jsonb_build_object('aliases',
                                               (SELECT coalesce(jsonb_agg(alias_id), '[]'::jsonb) FROM customer_aliases
                                                WHERE tenant = $1 AND customer_id = $3)), $4
                                    FROM customers c WHERE c.tenant = $1 AND c.id = $3
                                    RETURNING id""")
                            .execute(Tuple.of(tenant, targetId, sourceId, actor, MergeIds.next()))
                            .map(rows -> rows.iterator().next().getString("id"))
                            .call(mergeId -> move(conn, tenant, sourceId, targetId, mergeId))
                            .call(mergeId -> writer.rebuild(conn, tenant, targetId))
                            .flatMap(mergeId -> find(conn, tenant, mergeId));
                }));
    }

    private Uni<Void> move(SqlConnection conn, String tenant, String sourceId, String targetId, String mergeId) {
        Tuple move = Tuple.of(tenant, sourceId, targetId, mergeId);
        return conn.preparedQuery(
                        "UPDATE timeline_events SET customer_id = $3, merge_id = $4 WHERE tenant = $1 AND customer_id = $2")
                .execute(move)
                .flatMap(ignored -> conn.preparedQuery(
                                "UPDATE customer_identities SET customer_id = $3, merge_id = $4 WHERE tenant = $1 AND customer_id = $2")
                        .execute(move))
                .flatMap(ignored -> conn.preparedQuery(
                                "UPDATE customer_aliases SET customer_id = $3 WHERE tenant = $1 AND customer_id = $2")
                        .execute(Tuple.of(tenant, sourceId, targetId)))
                // the two are one customer now: their possible-duplicate link is settled, other links follow the target
                .flatMap(ignored -> conn.preparedQuery("""
                                DELETE FROM identity_links WHERE tenant = $1
                                  AND ((customer_id = $2 AND other_customer_id = $3) OR (customer_id = $3 AND other_customer_id = $2))""").execute(Tuple.of(tenant, sourceId, targetId)))
                .flatMap(ignored -> conn.preparedQuery("""
                                UPDATE identity_links SET customer_id = CASE WHEN customer_id = $2 THEN $3 ELSE customer_id END,
                                    other_customer_id = CASE WHEN other_customer_id = $2 THEN $3 ELSE other_customer_id END
                                WHERE tenant = $1 AND (customer_id = $2 OR other_customer_id = $2)""").execute(Tuple.of(tenant, sourceId, targetId)))
                .flatMap(ignored -> conn.preparedQuery("DELETE FROM customers WHERE tenant = $1 AND id = $2")
                        .execute(Tuple.of(tenant, sourceId)))
                .flatMap(ignored -> conn.preparedQuery(
                                "INSERT INTO customer_aliases (tenant, alias_id, customer_id, merge_id) VALUES ($1, $2, $3, $4)")
                        .execute(move))
                .replaceWithVoid();
    }

    public Uni<Merge> unmerge(String tenant, String targetId, String mergeId, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        SELECT source_id, source_row FROM merges
                        WHERE tenant = $1 AND id = $2 AND target_id = $3 AND unmerged_at IS NULL FOR UPDATE""")
                .execute(Tuple.of(tenant, mergeId, targetId))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().failure(ProblemException.notFound("Merge", mergeId));
                    }
                    Row merge = rows.iterator().next();
                    String sourceId = merge.getString("source_id");
                    JsonObject sourceRow = (JsonObject) merge.getValue("source_row");
                    List<String> aliases = new ArrayList<>();
                    sourceRow.getJsonArray("aliases").forEach(alias -> aliases.add(alias.toString()));
                    return lock(conn, tenant, targetId, targetId)
                            .flatMap(found -> found.isEmpty()
                                    ? Uni.createFrom().failure(ProblemException.notFound("Customer", targetId))
                                    : restore(conn, tenant, targetId, sourceId, sourceRow, aliases, mergeId)
                                            // the target first: its rebuild releases the purchases that go back to the
                                            // source
                                            .call(() -> writer.rebuild(conn, tenant, targetId))
                                            .call(() -> writer.rebuild(conn, tenant, sourceId))
                                            .call(() -> conn.preparedQuery(
                                                            "UPDATE merges SET unmerged_by = $3, unmerged_at = now() WHERE tenant = $1 AND id = $2")
                                                    .execute(Tuple.of(tenant, mergeId, actor)))
                                            .flatMap(ignored -> find(conn, tenant, mergeId)));
                }));
    }

    private Uni<Void> restore(
            SqlConnection conn,
            String tenant,
            String targetId,
            String sourceId,
            JsonObject sourceRow,
            List<String> aliases,
            String mergeId) {
        Tuple back = Tuple.of(tenant, targetId, sourceId, mergeId);
        return conn.preparedQuery("DELETE FROM customer_aliases WHERE tenant = $1 AND alias_id = $2")
                .execute(Tuple.of(tenant, sourceId))
                .flatMap(ignored -> conn.preparedQuery("""
                                INSERT INTO customers (tenant, id, fields, customer_since, health_score, health_band, exit_state, state_at)
                                VALUES ($1, $2, '{}'::jsonb, $3, $4, $5, $6, $7)""")
                        .execute(Tuple.tuple()
                                .addValue(tenant)
                                .addValue(sourceId)
                                .addValue(time(sourceRow.getString("customer_since")))
                                .addValue(
                                        sourceRow.getValue("health_score") == null
                                                ? null
                                                : new java.math.BigDecimal(sourceRow
                                                        .getValue("health_score")
                                                        .toString()))
                                .addValue(sourceRow.getString("health_band"))
                                .addValue(sourceRow.getString("exit_state"))
                                .addValue(time(sourceRow.getString("state_at")))))
                .flatMap(ignored -> conn.preparedQuery("""
                                UPDATE timeline_events SET customer_id = $3, merge_id = NULL
                                WHERE tenant = $1 AND customer_id = $2 AND (merge_id = $4 OR addressed_to = $3)""").execute(back))
                .flatMap(ignored -> conn.preparedQuery("""
                                UPDATE customer_identities SET customer_id = $3, merge_id = NULL
                                WHERE tenant = $1 AND customer_id = $2 AND merge_id = $4""").execute(back))
                .flatMap(ignored -> conn.preparedQuery("""
                                UPDATE customer_aliases SET customer_id = $3 WHERE tenant = $1 AND customer_id = $2 AND alias_id = ANY($4)""")
                        .execute(Tuple.tuple()
                                .addValue(tenant)
                                .addValue(targetId)
                                .addValue(sourceId)
                                .addArrayOfString(aliases.toArray(String[]::new))))
                .replaceWithVoid();
    }

    /** A timestamp as {@code to_jsonb} wrote it. */
    private static java.time.OffsetDateTime time(String value) {
        return value == null ? null : java.time.OffsetDateTime.parse(value);
    }

    public Uni<List<Merge>> history(String tenant, String customerId) {
        return pool.preparedQuery("""
                        SELECT id, target_id, source_id, merged_by, merged_at, unmerged_by, unmerged_at FROM merges
                        WHERE tenant = $1 AND (target_id = $2 OR source_id = $2) ORDER BY merged_at DESC, id DESC LIMIT 200""").execute(Tuple.of(tenant, customerId)).map(rows -> {
            List<Merge> merges = new ArrayList<>();
            rows.forEach(row -> merges.add(merge(row)));
            return merges;
        });
    }

    /** Locks the customers (in id order, so two merges cannot deadlock) and answers those that exist. */
    private static Uni<List<String>> lock(SqlConnection conn, String tenant, String first, String second) {
        return conn.preparedQuery(
                        "SELECT id FROM customers WHERE tenant = $1 AND id IN ($2, $3) ORDER BY id FOR UPDATE")
                .execute(Tuple.of(tenant, first, second))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString("id")));
                    return ids;
                });
    }

    private static Uni<Merge> find(SqlConnection conn, String tenant, String mergeId) {
        return conn.preparedQuery("""
                        SELECT id, target_id, source_id, merged_by, merged_at, unmerged_by, unmerged_at FROM merges
                        WHERE tenant = $1 AND id = $2""")
                .execute(Tuple.of(tenant, mergeId))
                .map(rows -> merge(rows.iterator().next()));
    }

    private static Merge merge(Row row) {
        return new Merge(
                row.getString("id"),
                row.getString("target_id"),
                row.getString("source_id"),
                row.getString("merged_by"),
                RecordViews.utc(row.getOffsetDateTime("merged_at")),
                row.getString("unmerged_by"),
                RecordViews.utc(row.getOffsetDateTime("unmerged_at")));
    }
}

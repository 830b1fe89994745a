package io.customer360.aggregator.service.trigger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The triggers fired, in the aggregator's PostgreSQL: one row per dedup key, so a cause fires once however often it is
 * seen, and the outbox of what is not published yet.
 */
@ApplicationScoped
public class TriggerLog {

    private final Pool pool;

    TriggerLog(Pool pool) {
        this.pool = pool;
    }

    /** Stores the triggers not fired before; answers those (the ones to publish). */
    public Uni<List<Trigger>> record(List<Trigger> triggers) {
        if (triggers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<Trigger>> inserts = triggers.stream()
                .map(trigger -> pool.preparedQuery("""
                        INSERT INTO skill_triggers (tenant, dedup_key, customer_id, skill, cause, evidence_event_ids, occurred_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING dedup_key""")
                        .execute(Tuple.tuple()
                                .addValue(trigger.tenant())
                                .addValue(trigger.dedupKey())
                                .addValue(trigger.customerId())
                                .addValue(trigger.skill())
                                .addValue(trigger.cause())
                                .addArrayOfString(trigger.evidenceEventIds().toArray(String[]::new))
                                .addValue(OffsetDateTime.ofInstant(trigger.occurredAt(), ZoneOffset.UTC)))
                        .map(rows -> rows.size() == 0 ? null : trigger))
                .toList();
        return Uni.join()
                .all(inserts)
                .andFailFast()
                .map(fired -> fired.stream().filter(Objects::nonNull).toList());
    }

    public Uni<Void> published(Trigger trigger) {
        return pool.preparedQuery("UPDATE skill_triggers SET published_at = now() WHERE tenant = $1 AND dedup_key = $2")
                .execute(Tuple.of(trigger.tenant(), trigger.dedupKey()))
                .replaceWithVoid();
    }

    /** Triggers stored at least {@code age} ago and not published yet, oldest first. */
    public Uni<List<Trigger>> unpublished(Duration age, int limit) {
        return pool.preparedQuery("""
                        SELECT * FROM skill_triggers WHERE published_at IS NULL AND recorded_at < now() - make_interval(secs => $1)
                        ORDER BY recorded_at LIMIT $2""")
                .execute(Tuple.of((double) age.toSeconds(), limit))
                .map(rows -> {
                    List<Trigger> triggers = new ArrayList<>();
                    rows.forEach(row -> triggers.add(new Trigger(
                            row.getString("tenant"),
                            row.getString("customer_id"),
                            row.getString("skill"),
                            row.getString("cause"),
                            evidence(row),
                            row.getString("dedup_key"),
                            row.getOffsetDateTime("occurred_at").toInstant())));
                    return triggers;
                });
    }

    private static List<String> evidence(Row row) {
        return Arrays.asList(row.getArrayOfStrings("evidence_event_ids"));
    }
}

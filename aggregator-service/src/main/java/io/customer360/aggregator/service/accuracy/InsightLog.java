package io.customer360.aggregator.service.accuracy;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The insights emitted and the outcomes that scored them, in the aggregator's PostgreSQL (episodes: see the V4
 * migration), and the report of how often each kind of insight was right.
 */
@ApplicationScoped
public class InsightLog {

    private final Pool pool;

    InsightLog(Pool pool) {
        this.pool = pool;
    }

    /** An insight a view emitted: {@code kind} risk or exit_state, {@code type} the risk type or the state. */
    public record Emitted(String kind, String type) {}

    /** Opens an episode for each insight not open for the customer yet; an open one stays as it is (no write). */
    public Uni<Void> emitted(String tenant, String customerId, List<Emitted> insights, Instant at) {
        if (insights.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("""
                        INSERT INTO insight_episodes (tenant, customer_id, kind, type, first_emitted_at)
                        SELECT $1, $2, k, t, $5 FROM unnest($3::text[], $4::text[]) AS i(k, t)
                        ON CONFLICT (tenant, customer_id, kind, type) WHERE verdict IS NULL DO NOTHING""")
                .execute(Tuple.of(
                        tenant,
                        customerId,
                        insights.stream().map(Emitted::kind).toArray(String[]::new),
                        insights.stream().map(Emitted::type).toArray(String[]::new),
                        utc(at)))
                .replaceWithVoid();
    }

    /**
     * Records an outcome once per event id and scores the customer's open episodes emitted within {@code horizon}
     * before it; a ticket resolution marks the open support insights as followed up. Answers whether it was new.
     */
    public Uni<Boolean> outcome(
            String tenant,
            String customerId,
            String eventId,
            Outcome outcome,
            Instant at,
            Duration horizon,
            List<String> supportInsights) {
        Tuple window = Tuple.of(tenant, customerId, utc(at.minus(horizon)), utc(at));
        return pool.withTransaction(connection -> connection
                .preparedQuery("""
                        INSERT INTO insight_outcomes (tenant, event_id, customer_id, outcome, occurred_at)
                        VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING event_id""")
                .execute(Tuple.of(tenant, eventId, customerId, outcome.wire(), utc(at)))
                .chain(inserted -> {
                    if (inserted.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Uni<Void> scored = outcome == Outcome.TICKET_RESOLVED
                            ? connection
                                    .preparedQuery("""
                                    UPDATE insight_episodes SET resolved_at = $4
                                    WHERE tenant = $1 AND customer_id = $2 AND verdict IS NULL AND resolved_at IS NULL
                                      AND first_emitted_at >= $3 AND first_emitted_at <= $4 AND type = ANY($5::text[])""")
                                    .execute(window.addArrayOfString(supportInsights.toArray(String[]::new)))
                                    .replaceWithVoid()
                            : score(connection, window, eventId, outcome);
                    return scored.replaceWith(true);
                }));
    }

    private Uni<Void> score(SqlConnection connection, Tuple window, String eventId, Outcome outcome) {
        return connection.preparedQuery("""
                        SELECT id, kind, type FROM insight_episodes
                        WHERE tenant = $1 AND customer_id = $2 AND verdict IS NULL AND first_emitted_at >= $3 AND first_emitted_at <= $4
                        FOR UPDATE""").execute(window).chain(rows -> {
            List<Long> ids = new ArrayList<>();
            List<String> verdicts = new ArrayList<>();
            for (Row row : rows) {
                String verdict = Verdicts.verdict(row.getString("kind"), row.getString("type"), outcome);
                if (verdict != null) {
                    ids.add(row.getLong("id"));
                    verdicts.add(verdict);
                }
            }
            if (ids.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return connection
                    .preparedQuery("""
                                    UPDATE insight_episodes e SET verdict = v.verdict, outcome = $3, outcome_at = $4, outcome_event_id = $5
                                    FROM unnest($1::bigint[], $2::text[]) AS v(id, verdict) WHERE e.id = v.id""")
                    .execute(Tuple.of(
                            ids.toArray(Long[]::new),
                            verdicts.toArray(String[]::new),
                            outcome.wire(),
                            window.getValue(3),
                            eventId))
                    .replaceWithVoid();
        });
    }

    /** Counts per insight and month of first emission, for episodes first emitted in [from, to). */
    public record Counts(
            String kind,
            String type,
            String period,
            long emitted,
            long confirmed,
            long refuted,
            long pending,
            long expired,
            long resolved) {}

    public Uni<List<Counts>> counts(String tenant, Instant from, Instant to, Duration horizon) {
        return pool.preparedQuery("""
                        SELECT kind, type, to_char(first_emitted_at AT TIME ZONE 'UTC', 'YYYY-MM') AS period,
                               count(*) AS emitted,
                               count(*) FILTER (WHERE verdict = 'confirmed') AS confirmed,
                               count(*) FILTER (WHERE verdict = 'refuted') AS refuted,
                               count(*) FILTER (WHERE verdict IS NULL AND first_emitted_at >= $4) AS pending,
                               count(*) FILTER (WHERE verdict IS NULL AND first_emitted_at < $4) AS expired,
                               count(*) FILTER (WHERE resolved_at IS NOT NULL) AS resolved
                        FROM insight_episodes WHERE tenant = $1 AND first_emitted_at >= $2 AND first_emitted_at < $3
                        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""")
                .execute(Tuple.of(tenant, utc(from), utc(to), utc(Instant.now().minus(horizon))))
                .map(rows -> {
                    List<Counts> counts = new ArrayList<>();
                    rows.forEach(row -> counts.add(new Counts(
                            row.getString("kind"),
                            row.getString("type"),
                            row.getString("period"),
                            row.getLong("emitted"),
                            row.getLong("confirmed"),
                            row.getLong("refuted"),
                            row.getLong("pending"),
                            row.getLong("expired"),
                            row.getLong("resolved"))));
                    return counts;
                });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}

package io.customer360.aggregator.store;

import io.customer360.aggregator.domain.HealthTrend;
import io.customer360.aggregator.domain.RecentTrigger;
import io.customer360.aggregator.domain.insight.Dimension;
import io.customer360.aggregator.domain.insight.HealthScore;
import io.customer360.aggregator.domain.insight.OpenAction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the aggregator remembers per customer in its own PostgreSQL: the daily health history (for trend and delta),
 * the actions still open (so they keep their dates), and the last exit state and band with what was last published.
 * Read in one round trip before a view is built (with the customer's newest skill triggers), written in one after.
 */
@ApplicationScoped
public class AccountStates {

    /** The trend compares with the newest day at least this old, else with the oldest day at least a week old. */
    static final int TREND_DAYS = 30;

    static final int MIN_TREND_DAYS = 7;
    /** How many of the customer's newest skill triggers the view lists. */
    static final int RECENT_TRIGGERS = 10;

    private final Pool pool;

    AccountStates(Pool pool) {
        this.pool = pool;
    }

    /**
     * What an earlier view left: the reference day's scores (null without one), the open actions and the newest skill
     * triggers ({@link #NONE}, for an agent that does not assess health: unknown, null).
     */
    public record Prior(
            HealthTrend.HealthPoint reference,
            Map<String, OpenAction> openActions,
            List<RecentTrigger> recentTriggers) {

        public static final Prior NONE = new Prior(null, Map.of(), null);
    }

    /**
     * What was published before this write, to tell whether the state changed, and the health score recorded before
     * it (null for the first), to tell a decline.
     */
    public record Published(String state, String band, Integer previousScore) {}

    public Uni<Prior> load(String tenant, String customerId, LocalDate today) {
        return pool.preparedQuery("""
                        SELECT (SELECT row_to_json(h) FROM (
                                   SELECT * FROM (
                                       (SELECT 0 AS pick, overall, usage, engagement, support, commercial, outcome FROM health_history
                                        WHERE tenant = $1 AND customer_id = $2 AND day <= $3::date - $4::int ORDER BY day DESC LIMIT 1)
                                       UNION ALL
                                       (SELECT 1, overall, usage, engagement, support, commercial, outcome FROM health_history
                                        WHERE tenant = $1 AND customer_id = $2 AND day <= $3::date - $5::int ORDER BY day ASC LIMIT 1)
                                   ) candidates ORDER BY pick LIMIT 1) h) AS reference,
                               (SELECT json_agg(json_build_object('key', action_key, 'openSince', open_since, 'dueDate', due_date))
                                FROM open_actions WHERE tenant = $1 AND customer_id = $2) AS open_actions,
                               (SELECT json_agg(json_build_object('skill', skill, 'cause', cause, 'evidenceEventIds', evidence_event_ids,
                                                                  'occurredAt', occurred_at) ORDER BY occurred_at DESC, dedup_key)
                                FROM (SELECT * FROM skill_triggers WHERE tenant = $1 AND customer_id = $2
                                      ORDER BY occurred_at DESC, dedup_key LIMIT $6) newest) AS triggers""")
                .execute(Tuple.of(tenant, customerId, today, TREND_DAYS, MIN_TREND_DAYS, RECENT_TRIGGERS))
                .map(rows -> prior(rows.iterator().next()));
    }

    private static Prior prior(Row row) {
        HealthTrend.HealthPoint reference = null;
        if (row.getValue("reference") instanceof JsonObject point) {
            Map<Dimension, Integer> scores = new EnumMap<>(Dimension.class);
            for (Dimension dimension : Dimension.values()) {
                scores.put(dimension, point.getInteger(dimension.key()));
            }
            reference = new HealthTrend.HealthPoint(point.getInteger("overall"), scores);
        }
        Map<String, OpenAction> open = new HashMap<>();
        if (row.getValue("open_actions") instanceof JsonArray actions) {
            for (int i = 0; i < actions.size(); i++) {
                JsonObject action = actions.getJsonObject(i);
                open.put(
                        action.getString("key"),
                        new OpenAction(
                                action.getString("key"),
                                LocalDate.parse(action.getString("openSince")),
                                LocalDate.parse(action.getString("dueDate"))));
            }
        }
        List<RecentTrigger> triggers = new ArrayList<>();
        if (row.getValue("triggers") instanceof JsonArray fired) {
            for (int i = 0; i < fired.size(); i++) {
                JsonObject trigger = fired.getJsonObject(i);
                JsonArray evidence = trigger.getJsonArray("evidenceEventIds");
                triggers.add(new RecentTrigger(
                        trigger.getString("skill"),
                        trigger.getString("cause"),
                        evidence.stream().map(String::valueOf).toList(),
                        OffsetDateTime.parse(trigger.getString("occurredAt")).toInstant()));
            }
        }
        return new Prior(reference, open, triggers);
    }

    /**
     * Records today's health, the open actions (new keys opened with their dates, vanished ones closed) and the
     * state; answers what had been published before.
     */
    public Uni<Published> record(
            String tenant,
            String customerId,
            LocalDate today,
            HealthScore health,
            List<OpenAction> actions,
            String exitState) {
        Map<Dimension, Integer> d = health.dimensions();
        Tuple params = Tuple.tuple()
                .addValue(tenant)
                .addValue(customerId)
                .addValue(today)
                .addValue(health.overall())
                .addValue(d.get(Dimension.USAGE))
                .addValue(d.get(Dimension.ENGAGEMENT))
                .addValue(d.get(Dimension.SUPPORT))
                .addValue(d.get(Dimension.COMMERCIAL))
                .addValue(d.get(Dimension.OUTCOME))
                .addArrayOfString(actions.stream().map(OpenAction::key).toArray(String[]::new))
                .addArrayOfLocalDate(actions.stream().map(OpenAction::openSince).toArray(LocalDate[]::new))
                .addArrayOfLocalDate(actions.stream().map(OpenAction::dueDate).toArray(LocalDate[]::new))
                .addValue(exitState)
                .addValue(health.band());
        return pool.preparedQuery("""
                        WITH history AS (
                            INSERT INTO health_history (tenant, customer_id, day, overall, usage, engagement, support, commercial, outcome)
                            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE $4::int IS NOT NULL
                            ON CONFLICT (tenant, customer_id, day) DO UPDATE SET overall = EXCLUDED.overall, usage = EXCLUDED.usage,
                                engagement = EXCLUDED.engagement, support = EXCLUDED.support, commercial = EXCLUDED.commercial,
                                outcome = EXCLUDED.outcome),
                        closed AS (
                            DELETE FROM open_actions WHERE tenant = $1 AND customer_id = $2 AND NOT (action_key = ANY($10::text[]))),
                        opened AS (
                            INSERT INTO open_actions (tenant, customer_id, action_key, open_since, due_date)
                            SELECT $1, $2, k, s, d FROM unnest($10::text[], $11::date[], $12::date[]) AS a(k, s, d)
                            ON CONFLICT DO NOTHING),
                        previous AS (
                            SELECT health_score FROM account_states WHERE tenant = $1 AND customer_id = $2),
                        state AS (
                            INSERT INTO account_states (tenant, customer_id, exit_state, health_score, health_band, updated_at)
                            VALUES ($1, $2, $13, $4, $14, now())
                            ON CONFLICT (tenant, customer_id) DO UPDATE SET exit_state = EXCLUDED.exit_state,
                                health_score = EXCLUDED.health_score, health_band = EXCLUDED.health_band, updated_at = now()
                            RETURNING published_state, published_band)
                        SELECT published_state, published_band, (SELECT health_score FROM previous) AS previous_score FROM state""").execute(params).map(rows -> {
            Row row = rows.iterator().next();
            return new Published(
                    row.getString("published_state"),
                    row.getString("published_band"),
                    row.getInteger("previous_score"));
        });
    }

    /** Marks a state as published, unless a newer one was recorded meanwhile. */
    public Uni<Void> published(String tenant, String customerId, String exitState, String band) {
        return pool.preparedQuery("""
                        UPDATE account_states SET published_state = $3, published_band = $4
                        WHERE tenant = $1 AND customer_id = $2 AND exit_state IS NOT DISTINCT FROM $3
                          AND health_band IS NOT DISTINCT FROM $4""")
                .execute(Tuple.of(tenant, customerId, exitState, band))
                .replaceWithVoid();
    }

    /**
     * Forgets a customer (erasure): history, actions, state, skill triggers, insights, outcomes and a pending
     * rescoring; the access audit keeps the bare id, not the purpose.
     */
    public Uni<Void> erase(String tenant, String customerId) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("""
                        WITH h AS (DELETE FROM health_history WHERE tenant = $1 AND customer_id = $2),
                             a AS (DELETE FROM open_actions WHERE tenant = $1 AND customer_id = $2),
                             s AS (DELETE FROM account_states WHERE tenant = $1 AND customer_id = $2),
                             t AS (DELETE FROM skill_triggers WHERE tenant = $1 AND customer_id = $2),
                             i AS (DELETE FROM insight_episodes WHERE tenant = $1 AND customer_id = $2),
                             o AS (DELETE FROM insight_outcomes WHERE tenant = $1 AND customer_id = $2),
                             r AS (DELETE FROM rescoring_due WHERE tenant = $1 AND customer_id = $2)
                        UPDATE access_audit SET purpose = NULL WHERE tenant = $1 AND customer_id = $2""")
                .execute(Tuple.of(tenant, customerId))
                .replaceWithVoid());
    }
}

package io.customer360.enrichment.service.quota;

import io.customer360.enrichment.domain.Tier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

/**
 * The monthly quota in PostgreSQL, the source of truth. A reservation is one conditional
 * {@code UPDATE ... SET used = used + 1 WHERE used < quota_limit RETURNING}: PostgreSQL locks the row and re-checks
 * the condition for each concurrent update, so any number of requests on any number of instances get at most
 * {@code quota_limit} slots. A slot is released when the enrichment found nothing (only data is charged).
 * Plain class (no CDI) so a test or benchmark can build one per connection pool, as a second instance would.
 */
public class QuotaLedger {

    private final Pool pool;

    public QuotaLedger(Pool pool) {
        this.pool = pool;
    }

    /** Takes one slot of {@code month} when the tier's limit allows; the state after the attempt. */
    public Uni<QuotaState> reserve(String tenant, YearMonth month, Tier tier) {
        LocalDate first = month.atDay(1);
        return pool.preparedQuery("""
                        INSERT INTO enrichment_quota (tenant, month, tier, quota_limit) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (tenant, month) DO NOTHING""")
                .execute(Tuple.of(tenant, first, tier.wireName(), tier.monthlyLimit()))
                .flatMap(ignored -> pool.preparedQuery("""
                                UPDATE enrichment_quota SET used = used + 1, version = version + 1
                                WHERE tenant = $1 AND month = $2 AND (quota_limit IS NULL OR used < quota_limit)
                                RETURNING used, quota_limit, version""").execute(Tuple.of(tenant, first)))
                .flatMap(rows ->
                        rows.size() == 1 ? Uni.createFrom().item(state(true, rows)) : current(tenant, month, tier));
    }

    /** Gives a reserved slot back (the enrichment returned no data). */
    public Uni<QuotaState> release(String tenant, YearMonth month) {
        return pool.preparedQuery("""
                        UPDATE enrichment_quota SET used = used - 1, version = version + 1
                        WHERE tenant = $1 AND month = $2 AND used > 0 RETURNING used, quota_limit, version""")
                .execute(Tuple.of(tenant, month.atDay(1)))
                .map(rows -> rows.size() == 1 ? state(false, rows) : null);
    }

    /** The month's state without taking a slot; a month not started yet has nothing used and the tier's limit. */
    public Uni<QuotaState> current(String tenant, YearMonth month, Tier tier) {
        return pool.preparedQuery(
                        "SELECT used, quota_limit, version FROM enrichment_quota WHERE tenant = $1 AND month = $2")
                .execute(Tuple.of(tenant, month.atDay(1)))
                .map(rows -> rows.size() == 1 ? state(false, rows) : new QuotaState(false, 0, tier.monthlyLimit(), 0));
    }

    /** The tier and limit each month from {@code from} to {@code to} was counted against, for months with a row. */
    public Uni<Map<YearMonth, QuotaMonth>> months(String tenant, YearMonth from, YearMonth to) {
        return pool.preparedQuery("""
                        SELECT month, tier, quota_limit FROM enrichment_quota WHERE tenant = $1 AND month BETWEEN $2 AND $3""")
                .execute(Tuple.of(tenant, from.atDay(1), to.atDay(1)))
                .map(rows -> {
                    Map<YearMonth, QuotaMonth> months = new HashMap<>();
                    rows.forEach(row -> months.put(
                            YearMonth.from(row.getLocalDate("month")),
                            new QuotaMonth(row.getString("tier"), row.getInteger("quota_limit"))));
                    return months;
                });
    }

    /** A month's tier and limit (null = unlimited). */
    public record QuotaMonth(String tier, Integer limit) {}

    private static QuotaState state(boolean granted, RowSet<Row> rows) {
        Row row = rows.iterator().next();
        return new QuotaState(granted, row.getInteger("used"), row.getInteger("quota_limit"), row.getLong("version"));
    }
}

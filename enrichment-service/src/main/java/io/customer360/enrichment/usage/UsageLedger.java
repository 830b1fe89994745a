package io.customer360.enrichment.usage;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What billing relies on: one charge per enrichment that returned data, with the cost of each provider call that
 * matched. Monthly figures are computed from these rows and the quota ledger, never kept twice.
 */
@ApplicationScoped
public class UsageLedger {

    private final Pool pool;

    UsageLedger(Pool pool) {
        this.pool = pool;
    }

    /** Records a charged enrichment; its id (unique per charge, used as the usage messages' id). */
    public Uni<Long> charge(String tenant, YearMonth month, String customerId, Map<String, BigDecimal> costs) {
        return pool.withTransaction(connection -> connection.preparedQuery("""
                        INSERT INTO enrichment_charges (tenant, month, customer_id) VALUES ($1, $2, $3) RETURNING id""")
                .execute(Tuple.of(tenant, month.atDay(1), customerId))
                .flatMap(rows -> {
                    long id = rows.iterator().next().getLong("id");
                    if (costs.isEmpty()) {
                        return Uni.createFrom().item(id);
                    }
                    List<Tuple> lines = costs.entrySet().stream()
                            .map(cost -> Tuple.of(id, cost.getKey(), cost.getValue())).toList();
                    return connection.preparedQuery("""
                                    INSERT INTO enrichment_charge_costs (charge_id, provider, cost) VALUES ($1, $2, $3)""")
                            .executeBatch(lines).replaceWith(id);
                }));
    }

    /** The tenant's months from {@code from} to {@code to} inclusive, newest first; months without rows are zero. */
    public Uni<List<MonthUsage>> months(String tenant, YearMonth from, YearMonth to, String currentTier,
            Integer currentLimit) {
        LocalDate first = from.atDay(1);
        LocalDate last = to.atDay(1);
        Uni<Map<YearMonth, Row>> quotas = pool.preparedQuery("""
                        SELECT month, tier, quota_limit FROM enrichment_quota
                        WHERE tenant = $1 AND month BETWEEN $2 AND $3""")
                .execute(Tuple.of(tenant, first, last))
                .map(rows -> {
                    Map<YearMonth, Row> byMonth = new LinkedHashMap<>();
                    rows.forEach(row -> byMonth.put(YearMonth.from(row.getLocalDate("month")), row));
                    return byMonth;
                });
        Uni<Map<YearMonth, int[]>> counts = pool.preparedQuery("""
                        SELECT month, count(*)::int AS enrichments FROM enrichment_charges
                        WHERE tenant = $1 AND month BETWEEN $2 AND $3 GROUP BY month""")
                .execute(Tuple.of(tenant, first, last))
                .map(rows -> {
                    Map<YearMonth, int[]> byMonth = new LinkedHashMap<>();
                    rows.forEach(row -> byMonth.put(YearMonth.from(row.getLocalDate("month")),
                            new int[] {row.getInteger("enrichments")}));
                    return byMonth;
                });
        Uni<Map<YearMonth, Map<String, BigDecimal>>> costs = pool.preparedQuery("""
                        SELECT c.month, k.provider, sum(k.cost) AS cost
                        FROM enrichment_charges c JOIN enrichment_charge_costs k ON k.charge_id = c.id
                        WHERE c.tenant = $1 AND c.month BETWEEN $2 AND $3 GROUP BY c.month, k.provider""")
                .execute(Tuple.of(tenant, first, last))
                .map(rows -> {
                    Map<YearMonth, Map<String, BigDecimal>> byMonth = new LinkedHashMap<>();
                    rows.forEach(row -> byMonth.computeIfAbsent(YearMonth.from(row.getLocalDate("month")),
                            month -> new TreeMap<>()).put(row.getString("provider"), row.getBigDecimal("cost")));
                    return byMonth;
                });
        return Uni.combine().all().unis(quotas, counts, costs).asTuple().map(all -> {
            List<MonthUsage> months = new ArrayList<>();
            for (YearMonth month = to; !month.isBefore(from); month = month.minusMonths(1)) {
                Row quota = all.getItem1().get(month);
                Map<String, BigDecimal> monthCosts = all.getItem3().getOrDefault(month, Map.of());
                int enrichments = all.getItem2().getOrDefault(month, new int[] {0})[0];
                months.add(new MonthUsage(month.toString(),
                        quota == null ? currentTier : quota.getString("tier"), enrichments,
                        quota == null ? (month.equals(to) ? currentLimit : null) : quota.getInteger("quota_limit"),
                        monthCosts, monthCosts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)));
            }
            return months;
        });
    }
}

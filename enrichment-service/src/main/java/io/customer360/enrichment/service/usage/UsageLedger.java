package io.customer360.enrichment.service.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.messaging.UsageOutboxRelay;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The usage ledger billing reconciles, in PostgreSQL: charges and refunds as immutable lines, month closing, and the
 * {@code enrichment.usage} message of each line written to an outbox in the line's transaction.
 *
 * <p>Why charge ids are a per-tenant counter and not a bigserial: a sequence hands out ids before commit, so two
 * writers can commit out of id order, and a reader paging {@code after=101} may already have seen 102 while 101 is
 * still uncommitted; it would never see 101. Here a writer takes its ids with {@code UPDATE
 * enrichment_ledger_counters ... RETURNING}, which keeps the tenant's counter row locked until the writer commits or
 * rolls back. The next writer of the tenant waits for that lock and so gets higher ids only after the lower ones are
 * committed (or rolled back, and then reused): whatever a reader's snapshot holds of a tenant is a prefix of its
 * charge ids, and {@code after} never skips or repeats a line. Ids are also gapless, so a billing system can tell
 * that it has every line. The price is that one tenant's ledger writes commit one at a time (a few short inserts);
 * other tenants are not held up. The snapshot alternative (exposing only rows older than the snapshot's xmin) would
 * keep the bigserial but hide fresh lines for as long as any transaction of the database stays open. The same row
 * lock orders month closes with the writes, so no line slips into a month while it closes.
 */
@ApplicationScoped
public class UsageLedger {

    private static final String LINE_COLUMNS = """
            charge_id, occurred_at, tenant, month, customer_id, enrichment_id, provider, data_type, units, unit_cost,
            cost, currency, status, refund_of, usage_month""";

    /** A tenant's ledger month that is due to close. */
    public record TenantMonth(String tenant, YearMonth month) {}

    private final Pool pool;
    private final ObjectMapper mapper;
    private final UsageOutboxRelay relay;
    private final String currency;
    private final Clock clock = Clock.systemUTC();

    UsageLedger(Pool pool, ObjectMapper mapper, UsageOutboxRelay relay, EnrichmentConfig config) {
        this.pool = pool;
        this.mapper = mapper;
        this.relay = relay;
        this.currency = config.ledger().currency();
    }

    public String currency() {
        return currency;
    }

    public YearMonth currentMonth() {
        return YearMonth.now(clock);
    }

    /**
     * Charges an enrichment that took a unit of {@code usageMonth}'s quota: one line per matched call, the unit on the
     * first. The lines go into {@code usageMonth}, or into the current month when {@code usageMonth} is closed.
     */
    public Uni<List<LedgerLine>> charge(
            String tenant, YearMonth usageMonth, String customerId, List<ChargedCall> calls) {
        if (calls.isEmpty()) {
            return Uni.createFrom().failure(new IllegalArgumentException("A charge has at least one matched call"));
        }
        OffsetDateTime now = now();
        return pool.withTransaction(connection -> takeIds(connection, tenant, calls.size())
                        .flatMap(last -> openMonth(connection, tenant, usageMonth)
                                .flatMap(month -> {
                                    long first = last - calls.size() + 1;
                                    List<LedgerLine> lines = new ArrayList<>();
                                    for (int i = 0; i < calls.size(); i++) {
                                        ChargedCall call = calls.get(i);
                                        lines.add(new LedgerLine(
                                                first + i,
                                                now,
                                                tenant,
                                                month.toString(),
                                                customerId,
                                                first,
                                                call.provider(),
                                                call.dataType(),
                                                i == 0 ? 1 : 0,
                                                call.unitCost(),
                                                call.unitCost(),
                                                currency,
                                                LedgerLine.CHARGED,
                                                null,
                                                usageMonth.toString()));
                                    }
                                    return write(connection, lines);
                                })))
                .invoke(relay::wake);
    }

    /**
     * Refunds one line: a refund line in the line's month, or in the current month when that one is closed (an
     * adjustment). A refunded unit goes back to its month's quota unless that month is closed. 404 for an unknown
     * line, 409 for a refund line or a line refunded already.
     */
    public Uni<LedgerLine> refund(String tenant, long chargeId) {
        OffsetDateTime now = now();
        return pool.withTransaction(connection -> connection
                        .preparedQuery("""
                                UPDATE enrichment_ledger_counters SET last_charge_id = last_charge_id + 1 WHERE tenant = $1
                                RETURNING last_charge_id""")
                        .execute(Tuple.of(tenant))
                        .flatMap(ids -> {
                            if (ids.size() == 0) {
                                return Uni.createFrom().failure(notFound(chargeId));
                            }
                            long id = ids.iterator().next().getLong("last_charge_id");
                            return connection
                                    .preparedQuery("SELECT " + LINE_COLUMNS + ", " + """
                                            EXISTS (SELECT 1 FROM enrichment_ledger r WHERE r.tenant = l.tenant
                                                      AND r.refund_of = l.charge_id) AS refunded,
                                            EXISTS (SELECT 1 FROM enrichment_ledger_closed_months c
                                                    WHERE c.tenant = l.tenant AND c.month = l.usage_month) AS usage_closed
                                            FROM enrichment_ledger l WHERE tenant = $1 AND charge_id = $2""")
                                    .execute(Tuple.of(tenant, chargeId))
                                    .flatMap(rows -> {
                                        if (rows.size() == 0) {
                                            return Uni.createFrom().failure(notFound(chargeId));
                                        }
                                        Row row = rows.iterator().next();
                                        LedgerLine line = line(row);
                                        if (line.refundOf() != null || row.getBoolean("refunded")) {
                                            return Uni.createFrom()
                                                    .<LedgerLine>failure(new ProblemException(
                                                            ProblemType.CONFLICT,
                                                            "Charge " + chargeId
                                                                    + (line.refundOf() != null
                                                                            ? " is a refund"
                                                                            : " is refunded already")));
                                        }
                                        return refundLine(connection, line, id, now, row.getBoolean("usage_closed"));
                                    });
                        }))
                .invoke(relay::wake);
    }

    private Uni<LedgerLine> refundLine(
            SqlConnection connection, LedgerLine line, long id, OffsetDateTime now, boolean usageMonthClosed) {
        return openMonth(connection, line.tenant(), YearMonth.parse(line.month()))
                .flatMap(month -> {
                    LedgerLine refund = new LedgerLine(
                            id,
                            now,
                            line.tenant(),
                            month.toString(),
                            line.customerId(),
                            line.enrichmentId(),
                            line.provider(),
                            line.dataType(),
                            -line.units(),
                            line.unitCost(),
                            line.cost().negate(),
                            line.currency(),
                            LedgerLine.REFUNDED,
                            line.chargeId(),
                            line.usageMonth());
                    Uni<List<LedgerLine>> written = write(connection, List.of(refund));
                    if (line.units() == 0 || usageMonthClosed) {
                        return written.map(lines -> refund);
                    }
                    // the unit goes back to the quota in this transaction, so the ledger's units and the quota used
                    // agree
                    return written.flatMap(lines -> connection
                                    .preparedQuery("""
                            UPDATE enrichment_quota SET used = used - 1, version = version + 1
                            WHERE tenant = $1 AND month = $2 AND used > 0""")
                                    .execute(Tuple.of(
                                            line.tenant(),
                                            YearMonth.parse(line.usageMonth()).atDay(1))))
                            .replaceWith(refund);
                });
    }

    /** The month's lines after {@code after} in charge id order, at most {@code limit}. */
    public Uni<List<LedgerLine>> lines(String tenant, YearMonth month, long after, int limit) {
        return pool.preparedQuery("SELECT " + LINE_COLUMNS + " FROM enrichment_ledger"
                        + " WHERE tenant = $1 AND month = $2 AND charge_id > $3 ORDER BY charge_id LIMIT $4")
                .execute(Tuple.of(tenant, month.atDay(1), after, limit))
                .map(UsageLedger::lines);
    }

    /** Every line of the month in charge id order. */
    public Uni<List<LedgerLine>> lines(String tenant, YearMonth month) {
        return pool.preparedQuery("SELECT " + LINE_COLUMNS
                        + " FROM enrichment_ledger WHERE tenant = $1 AND month = $2 ORDER BY charge_id")
                .execute(Tuple.of(tenant, month.atDay(1)))
                .map(UsageLedger::lines);
    }

    /** When the month was closed, or null while it is open. */
    public Uni<OffsetDateTime> closedAt(String tenant, YearMonth month) {
        return pool.preparedQuery(
                        "SELECT closed_at FROM enrichment_ledger_closed_months WHERE tenant = $1 AND month = $2")
                .execute(Tuple.of(tenant, month.atDay(1)))
                .map(rows ->
                        rows.size() == 0 ? null : utc(rows.iterator().next().getOffsetDateTime("closed_at")));
    }

    /** The month's totals, read in one statement with its closing state. */
    public Uni<LedgerTotals> totals(String tenant, YearMonth month) {
        return pool.preparedQuery("""
                        SELECT l.provider, count(*) AS lines, sum(l.units) AS units, sum(l.cost) AS cost,
                               coalesce(sum(l.cost) FILTER (WHERE l.status = 'charged'), 0) AS charged,
                               coalesce(sum(l.cost) FILTER (WHERE l.status = 'refunded'), 0) AS refunded,
                               (SELECT closed_at FROM enrichment_ledger_closed_months c
                                WHERE c.tenant = $1 AND c.month = $2) AS closed_at
                        FROM (SELECT 1) one LEFT JOIN enrichment_ledger l ON l.tenant = $1 AND l.month = $2
                        GROUP BY l.provider ORDER BY l.provider""").execute(Tuple.of(tenant, month.atDay(1))).map(rows -> {
            long lines = 0;
            long units = 0;
            BigDecimal cost = zero();
            BigDecimal charged = zero();
            BigDecimal refunded = zero();
            OffsetDateTime closedAt = null;
            List<LedgerTotals.ProviderTotal> providers = new ArrayList<>();
            for (Row row : rows) {
                closedAt = utc(row.getOffsetDateTime("closed_at"));
                if (row.getString("provider") == null) {
                    continue; // the month has no lines
                }
                lines += row.getLong("lines");
                units += row.getLong("units");
                cost = cost.add(row.getBigDecimal("cost"));
                charged = charged.add(row.getBigDecimal("charged"));
                refunded = refunded.add(row.getBigDecimal("refunded"));
                providers.add(new LedgerTotals.ProviderTotal(
                        row.getString("provider"), row.getLong("lines"), row.getBigDecimal("cost")));
            }
            return new LedgerTotals(
                    tenant,
                    month.toString(),
                    closedAt != null,
                    closedAt,
                    lines,
                    units,
                    cost,
                    charged,
                    refunded,
                    currency,
                    providers);
        });
    }

    /** Net units (enrichments) and net cost by provider of each month from {@code from} to {@code to} with lines. */
    public Uni<Map<YearMonth, MonthLines>> months(String tenant, YearMonth from, YearMonth to) {
        return pool.preparedQuery("""
                        SELECT month, provider, sum(units) AS units, sum(cost) AS cost FROM enrichment_ledger
                        WHERE tenant = $1 AND month BETWEEN $2 AND $3 GROUP BY month, provider""")
                .execute(Tuple.of(tenant, from.atDay(1), to.atDay(1)))
                .map(rows -> {
                    Map<YearMonth, Long> units = new LinkedHashMap<>();
                    Map<YearMonth, Map<String, BigDecimal>> costs = new LinkedHashMap<>();
                    for (Row row : rows) {
                        YearMonth month = YearMonth.from(row.getLocalDate("month"));
                        units.merge(month, row.getLong("units"), Long::sum);
                        costs.computeIfAbsent(month, key -> new TreeMap<>())
                                .put(row.getString("provider"), row.getBigDecimal("cost"));
                    }
                    Map<YearMonth, MonthLines> months = new LinkedHashMap<>();
                    units.forEach((month, sum) -> months.put(month, new MonthLines(sum, costs.get(month))));
                    return months;
                });
    }

    /** One month of {@link #months}: net units, and net cost by provider. */
    public record MonthLines(long units, Map<String, BigDecimal> costs) {}

    /**
     * Closes the month (it must have ended): from then on it never changes. True when this call closed it, false when
     * it was closed already.
     */
    public Uni<Boolean> close(String tenant, YearMonth month, String closedBy) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("""
                                INSERT INTO enrichment_ledger_counters (tenant, last_charge_id) VALUES ($1, 0)
                                ON CONFLICT (tenant) DO UPDATE SET last_charge_id = enrichment_ledger_counters.last_charge_id""")
                .execute(Tuple.of(tenant))
                .flatMap(locked -> connection.preparedQuery("""
                                        INSERT INTO enrichment_ledger_closed_months (tenant, month, closed_by)
                                        VALUES ($1, $2, $3) ON CONFLICT (tenant, month) DO NOTHING RETURNING month""").execute(Tuple.of(tenant, month.atDay(1), closedBy)))
                .map(rows -> rows.size() == 1));
    }

    /**
     * The open months of every tenant with lines, from its first month up to {@code lastDue}: the months to close.
     */
    public Uni<List<TenantMonth>> openMonthsUpTo(YearMonth lastDue) {
        return pool.preparedQuery("""
                        SELECT t.tenant, m::date AS month
                        FROM (SELECT tenant, min(month) AS first FROM enrichment_ledger GROUP BY tenant) t,
                             generate_series(t.first, $1::date, interval '1 month') m
                        WHERE NOT EXISTS (SELECT 1 FROM enrichment_ledger_closed_months c
                                          WHERE c.tenant = t.tenant AND c.month = m::date)
                        ORDER BY t.tenant, month""").execute(Tuple.of(lastDue.atDay(1))).map(rows -> {
            List<TenantMonth> due = new ArrayList<>();
            rows.forEach(row ->
                    due.add(new TenantMonth(row.getString("tenant"), YearMonth.from(row.getLocalDate("month")))));
            return due;
        });
    }

    /** Takes {@code count} ids of the tenant's counter; the row stays locked until the transaction ends. */
    private static Uni<Long> takeIds(SqlConnection connection, String tenant, int count) {
        return connection
                .preparedQuery("""
                        INSERT INTO enrichment_ledger_counters (tenant, last_charge_id) VALUES ($1, $2)
                        ON CONFLICT (tenant) DO UPDATE SET last_charge_id = enrichment_ledger_counters.last_charge_id + $2
                        RETURNING last_charge_id""")
                .execute(Tuple.of(tenant, (long) count))
                .map(rows -> rows.iterator().next().getLong("last_charge_id"));
    }

    /** {@code month}, or the current month when {@code month} is closed (read under the counter's lock). */
    private Uni<YearMonth> openMonth(SqlConnection connection, String tenant, YearMonth month) {
        return connection
                .preparedQuery("SELECT 1 FROM enrichment_ledger_closed_months WHERE tenant = $1 AND month = $2")
                .execute(Tuple.of(tenant, month.atDay(1)))
                .map(rows -> rows.size() == 0 ? month : currentMonth());
    }

    private Uni<List<LedgerLine>> write(SqlConnection connection, List<LedgerLine> lines) {
        List<Tuple> rows = new ArrayList<>();
        List<Tuple> messages = new ArrayList<>();
        for (LedgerLine line : lines) {
            rows.add(Tuple.from(Arrays.asList(
                    line.chargeId(),
                    line.occurredAt(),
                    line.tenant(),
                    YearMonth.parse(line.month()).atDay(1),
                    line.customerId(),
                    line.enrichmentId(),
                    line.provider(),
                    line.dataType(),
                    line.units(),
                    line.unitCost(),
                    line.cost(),
                    line.currency(),
                    line.status(),
                    line.refundOf(),
                    YearMonth.parse(line.usageMonth()).atDay(1))));
            messages.add(Tuple.of(line.tenant(), line.chargeId(), line.customerId(), message(line)));
        }
        return connection
                .preparedQuery("INSERT INTO enrichment_ledger (" + LINE_COLUMNS
                        + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
                .executeBatch(rows)
                .flatMap(ignored -> connection.preparedQuery("""
                                INSERT INTO enrichment_usage_outbox (tenant, charge_id, customer_id, payload)
                                VALUES ($1, $2, $3, $4)""").executeBatch(messages))
                .replaceWith(lines);
    }

    /** The {@code enrichment.usage} message of a line: the line itself, as the API shows it. */
    private JsonObject message(LedgerLine line) {
        try {
            return new JsonObject(mapper.writeValueAsString(line.message()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A ledger line cannot be written as JSON", e);
        }
    }

    private static List<LedgerLine> lines(RowSet<Row> rows) {
        List<LedgerLine> lines = new ArrayList<>();
        rows.forEach(row -> lines.add(line(row)));
        return lines;
    }

    private static LedgerLine line(Row row) {
        return new LedgerLine(
                row.getLong("charge_id"),
                utc(row.getOffsetDateTime("occurred_at")),
                row.getString("tenant"),
                YearMonth.from(row.getLocalDate("month")).toString(),
                row.getString("customer_id"),
                row.getLong("enrichment_id"),
                row.getString("provider"),
                row.getString("data_type"),
                row.getInteger("units"),
                row.getBigDecimal("unit_cost"),
                row.getBigDecimal("cost"),
                row.getString("currency"),
                row.getString("status"),
                row.getLong("refund_of"),
                YearMonth.from(row.getLocalDate("usage_month")).toString());
    }

    private static ProblemException notFound(long chargeId) {
        return ProblemException.notFound("Charge", Long.toString(chargeId));
    }

    private OffsetDateTime now() {
        // PostgreSQL keeps microseconds: the line returned is the line stored
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime utc(OffsetDateTime at) {
        return at == null ? null : at.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(4);
    }
}

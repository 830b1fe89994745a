package io.customer360.profile.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.contract.profile.Contact;
import io.customer360.common.contract.profile.ContactsSection;
import io.customer360.common.contract.profile.DailyActiveUsers;
import io.customer360.common.contract.profile.Deal;
import io.customer360.common.contract.profile.EngagementSection;
import io.customer360.common.contract.profile.Invoice;
import io.customer360.common.contract.profile.Meeting;
import io.customer360.common.contract.profile.Milestone;
import io.customer360.common.contract.profile.Note;
import io.customer360.common.contract.profile.Payment;
import io.customer360.common.contract.profile.Quote;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.SecuritySection;
import io.customer360.common.contract.profile.Subscription;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.SuccessSection;
import io.customer360.common.contract.profile.SupportSection;
import io.customer360.common.contract.profile.Ticket;
import io.customer360.common.contract.profile.UsageSection;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The sections of the 360 view, each answered from a few indexed queries: records of the section's kinds
 * ({@code records_by_kind}) and counts over the timeline by event type and time ({@code timeline_by_customer_type}).
 * Counts are derived from stored rows, never kept as counters. Each section is its record of the shared contract
 * ({@code io.customer360.common.contract.profile}), which aggregator-service reads.
 */
@ApplicationScoped
public class SectionQueries {

    /** Lists inside a section are capped; the full history is on the timeline and the paged lists. */
    private static final int LIST_CAP = 50;

    /** Roles profile-service lists a departed contact for. */
    private static final Set<String> KEY_ROLES = Set.of("champion", "executive_sponsor", "decision_maker");

    private final Pool pool;
    /** The pool, or the one connection of {@link #pipelined} reads. */
    private final SqlClient client;

    @Inject
    SectionQueries(Pool pool) {
        this(pool, pool);
    }

    private SectionQueries(Pool pool, SqlClient client) {
        this.pool = pool;
        this.client = client;
    }

    /**
     * Runs {@code reads} with queries sent over one connection: a reader of several sections sends their statements
     * pipelined to one PostgreSQL backend instead of waking one backend per statement (they still run one after the
     * other there, each as it would alone).
     */
    public <T> Uni<T> pipelined(Function<SectionQueries, Uni<T>> reads) {
        return pool.withConnection(connection -> reads.apply(new SectionQueries(pool, connection)));
    }

    /** Reads one section of a customer with {@code reader}'s connection. */
    @FunctionalInterface
    public interface SectionRead<T> {
        Uni<T> read(SectionQueries reader, String tenant, String customerId);
    }

    /**
     * A section of the customer {@code idOrAlias} names (an alias of a merged customer names the survivor), or null
     * when the tenant has no such customer, in one round trip: the section's statements are sent with the path id
     * right behind the id's resolution, pipelined on one connection. Only an alias reads the section again, with the
     * survivor's id; the first answer is then dropped.
     */
    public <T> Uni<T> resolvedSection(String tenant, String idOrAlias, SectionRead<T> section) {
        return pipelined(reader -> Uni.combine()
                .all()
                .unis(
                        CustomerQueries.resolve(reader.client, tenant, idOrAlias),
                        section.read(reader, tenant, idOrAlias))
                .with((customerId, read) -> {
                    if (customerId == null) {
                        return Uni.createFrom().<T>nullItem();
                    }
                    return idOrAlias.equals(customerId)
                            ? Uni.createFrom().item(read)
                            : section.read(reader, tenant, customerId);
                })
                .flatMap(answer -> answer));
    }

    /**
     * The subscription section of the customer {@code idOrAlias} names (an alias of a merged customer names the
     * survivor), or null when the tenant has no such customer: the id's resolution, the three lists and the billing
     * figures are one statement ({@link #SUBSCRIPTION}), so a reader of this section alone makes one round trip.
     */
    public Uni<SubscriptionSection> subscription(String tenant, String idOrAlias) {
        return client.preparedQuery(SUBSCRIPTION)
                .execute(Tuple.of(tenant, idOrAlias))
                .map(rows -> {
                    Row row = null;
                    Map<String, List<ObjectNode>> lists = new LinkedHashMap<>();
                    for (String kind : SUBSCRIPTION_KINDS) {
                        lists.put(kind, new ArrayList<>());
                    }
                    for (Row each : rows) {
                        if (CUSTOMER_ROW.equals(each.getString("kind"))) {
                            row = each;
                        } else {
                            lists.get(each.getString("kind")).add(RecordViews.view(each, true));
                        }
                    }
                    if (row == null) {
                        return null;
                    }
                    String customerId = row.getString("record_id");
                    List<Subscription> subs = as(lists.get("subscription"), Subscription.class);
                    List<Invoice> recentInvoices = as(lists.get("invoice"), Invoice.class);
                    List<Payment> recentPayments = as(lists.get("payment"), Payment.class);
                    Subscription current = subs.stream()
                            .filter(s -> !"cancelled".equals(s.status()))
                            .findFirst()
                            .orElse(subs.isEmpty() ? null : subs.get(0));
                    Integer total = current == null ? null : current.seatsTotal();
                    Integer used = current == null ? null : current.seatsUsed();
                    SubscriptionSection.Seats seats = SubscriptionSection.Seats.of(total, used);
                    BigDecimal mrr = current == null ? null : current.mrr();
                    BigDecimal arr = current == null ? null : current.arr();
                    // ARR as billed; when only MRR is known it is 12 × MRR, and says so
                    SubscriptionSection.Billing money = new SubscriptionSection.Billing(
                            mrr,
                            arr != null ? arr : mrr != null ? mrr.multiply(BigDecimal.valueOf(12)) : null,
                            arr != null ? "reported" : mrr != null ? "derived_from_mrr" : null,
                            current == null ? null : current.currency(),
                            current == null ? null : current.renewalDate(),
                            current == null ? null : current.contractEndDate());
                    SubscriptionSection.PaymentHealth payment = new SubscriptionSection.PaymentHealth(
                            row.getLong("open_invoices"),
                            row.getLong("overdue_invoices"),
                            row.getBigDecimal("overdue_amount"),
                            row.getLong("failed_payments_90d"),
                            RecordViews.utc(row.getOffsetDateTime("last_failed_payment_at")));
                    return new SubscriptionSection(
                            current,
                            seats,
                            money,
                            payment,
                            row.getBigDecimal("credit_balance"),
                            recentInvoices,
                            recentPayments,
                            customerId);
                });
    }

    private static final String CUSTOMER_ROW = "customer";
    private static final List<String> SUBSCRIPTION_KINDS = List.of("subscription", "invoice", "payment");

    /**
     * The customer's row first ({@code kind} 'customer', {@code record_id} the resolved id, the billing figures over
     * its invoices, payments and credits), then the 10 most recently changed subscriptions, invoices and payments
     * (as {@link #records} reads each kind with {@code last_changed_at DESC} and 10). No customer: no rows.
     */
    private static final String SUBSCRIPTION =
            """
            WITH customer AS (%s)
            SELECT 'customer' AS kind, c.id AS record_id, NULL::text AS fields,
                   NULL::timestamptz AS first_seen_at, NULL::timestamptz AS last_changed_at, b.*
            FROM customer c CROSS JOIN LATERAL (
                SELECT count(*) FILTER (WHERE kind = 'invoice' AND status IN ('open', 'overdue')) AS open_invoices,
                       count(*) FILTER (WHERE kind = 'invoice' AND status = 'overdue') AS overdue_invoices,
                       coalesce(sum(amount) FILTER (WHERE kind = 'invoice' AND status = 'overdue'), 0) AS overdue_amount,
                       count(*) FILTER (WHERE kind = 'payment' AND status = 'failed' AND last_changed_at > now() - interval '90 days') AS failed_payments_90d,
                       max(last_changed_at) FILTER (WHERE kind = 'payment' AND status = 'failed') AS last_failed_payment_at,
                       coalesce(sum(CASE WHEN fields -> 'direction' ->> 'v' = 'applied' THEN -amount ELSE amount END)
                                FILTER (WHERE kind = 'credit'), 0) AS credit_balance
                FROM records WHERE tenant = $1 AND customer_id = c.id AND kind IN ('invoice', 'payment', 'credit')) b
            """.formatted(CustomerQueries.RESOLVE) + latestOfResolved("subscription", "invoice", "payment");

    /** {@code UNION ALL} branches of the 10 newest records of each kind of the customer the CTE {@code customer} holds. */
    private static String latestOfResolved(String... kinds) {
        StringBuilder sql = new StringBuilder();
        for (String kind : kinds) {
            sql.append("UNION ALL (SELECT kind, record_id, fields::text, first_seen_at, last_changed_at,")
                    .append(" NULL, NULL, NULL, NULL, NULL, NULL FROM records")
                    .append(" WHERE tenant = $1 AND customer_id = (SELECT id FROM customer) AND kind = '")
                    .append(kind)
                    .append("' AND NOT deleted ORDER BY last_changed_at DESC LIMIT 10)\n");
        }
        return sql.toString();
    }

    public Uni<SupportSection> support(String tenant, String customerId) {
        Uni<Row> totals = one("""
                SELECT count(*) AS total,
                       count(*) FILTER (WHERE coalesce(status, 'open') NOT IN ('resolved', 'closed')) AS open,
                       count(*) FILTER (WHERE first_seen_at > now() - interval '90 days') AS opened_90d,
                       count(*) FILTER (WHERE coalesce(status, 'open') NOT IN ('resolved', 'closed')
                                          AND coalesce((fields -> 'escalated' ->> 'v')::boolean, false)) AS open_escalations,
                       avg(extract(epoch FROM ((fields -> 'resolved_at' ->> 'v')::timestamptz
                               - coalesce((fields -> 'opened_at' ->> 'v')::timestamptz, first_seen_at))) / 3600)
                           FILTER (WHERE status IN ('resolved', 'closed') AND fields ? 'resolved_at') AS avg_resolution_hours,
                       avg(greatest(0, extract(epoch FROM ((fields -> 'first_response_at' ->> 'v')::timestamptz
                               - coalesce((fields -> 'opened_at' ->> 'v')::timestamptz, first_seen_at))) / 3600))
                           FILTER (WHERE fields ? 'first_response_at') AS avg_first_response_hours,
                       avg((fields -> 'csat' ->> 'v')::numeric) AS avg_csat,
                       count(*) FILTER (WHERE fields ? 'csat') AS csat_responses,
                       count(*) FILTER (WHERE coalesce(status, 'open') NOT IN ('resolved', 'closed') AND fields -> 'priority' ->> 'v' = 'P1') AS open_p1,
                       count(*) FILTER (WHERE coalesce(status, 'open') NOT IN ('resolved', 'closed') AND fields -> 'priority' ->> 'v' = 'P2') AS open_p2,
                       count(*) FILTER (WHERE coalesce(status, 'open') NOT IN ('resolved', 'closed') AND fields -> 'priority' ->> 'v' = 'P3') AS open_p3,
                       count(*) FILTER (WHERE coalesce(status, 'open') NOT IN ('resolved', 'closed') AND fields -> 'priority' ->> 'v' = 'P4') AS open_p4
                FROM records WHERE tenant = $1 AND customer_id = $2 AND kind = 'ticket'""", tenant, customerId);
        Uni<List<Ticket>> open = records(
                Ticket.class,
                tenant,
                customerId,
                "ticket",
                "fields -> 'priority' ->> 'v' NULLS LAST, first_seen_at DESC",
                LIST_CAP,
                true,
                "coalesce(status, 'open') NOT IN ('resolved', 'closed')");
        Uni<List<Ticket>> resolved = records(
                Ticket.class,
                tenant,
                customerId,
                "ticket",
                "last_changed_at DESC",
                LIST_CAP,
                true,
                "status IN ('resolved', 'closed') AND last_changed_at > now() - interval '30 days'");
        Uni<RowSet<Row>> categories = client.preparedQuery("""
                        SELECT fields -> 'category' ->> 'v' AS category, count(*) AS tickets FROM records
                        WHERE tenant = $1 AND customer_id = $2 AND kind = 'ticket' AND fields ? 'category'
                        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5""").execute(Tuple.of(tenant, customerId));
        return Uni.combine()
                .all()
                .unis(totals, open, resolved, categories)
                .with((row, openTickets, resolvedTickets, categoryRows) -> {
                    List<SupportSection.CategoryCount> common = new ArrayList<>();
                    categoryRows.forEach(c -> common.add(
                            new SupportSection.CategoryCount(c.getString("category"), c.getLong("tickets"))));
                    return new SupportSection(
                            row.getLong("total"),
                            row.getLong("open"),
                            row.getLong("opened_90d"),
                            row.getLong("open_escalations"),
                            round(row.getBigDecimal("avg_resolution_hours")),
                            round(row.getBigDecimal("avg_first_response_hours")),
                            new SupportSection.Csat(
                                    round(row.getBigDecimal("avg_csat")), row.getLong("csat_responses")),
                            new SupportSection.OpenByPriority(
                                    row.getLong("open_p1"),
                                    row.getLong("open_p2"),
                                    row.getLong("open_p3"),
                                    row.getLong("open_p4")),
                            openTickets,
                            resolvedTickets,
                            common,
                            customerId);
                });
    }

    public Uni<EngagementSection> engagement(String tenant, String customerId) {
        Uni<Row> activity = one("""
                SELECT count(*) FILTER (WHERE event_type = 'login' AND occurred_at > now() - interval '30 days') AS logins_30d,
                       count(*) FILTER (WHERE event_type = 'login' AND occurred_at <= now() - interval '30 days'
                                          AND occurred_at > now() - interval '60 days') AS logins_prev_30d,
                       max(occurred_at) FILTER (WHERE event_type = 'login') AS last_login_at,
                       count(*) FILTER (WHERE event_type = 'meeting_held' AND occurred_at > now() - interval '90 days') AS meetings_90d,
                       max(occurred_at) FILTER (WHERE event_type = 'meeting_held') AS last_meeting_at,
                       (array_agg(event_id ORDER BY occurred_at DESC) FILTER (WHERE event_type = 'meeting_held'))[1] AS last_meeting_event,
                       (array_agg(event_id ORDER BY occurred_at DESC) FILTER (WHERE event_type = 'login'))[1] AS last_login_event,
                       (array_agg(event_id ORDER BY occurred_at DESC) FILTER (WHERE event_type = 'csm_touchpoint'))[1] AS last_touchpoint_event,
                       count(*) FILTER (WHERE event_type = 'csm_touchpoint' AND occurred_at > now() - interval '90 days') AS touchpoints_90d,
                       max(occurred_at) FILTER (WHERE event_type = 'csm_touchpoint') AS last_touchpoint_at,
                       count(*) FILTER (WHERE event_type = 'nps_response') AS nps_responses,
                       avg(CASE WHEN jsonb_typeof(data -> 'score') = 'number' THEN (data ->> 'score')::numeric END)
                           FILTER (WHERE event_type = 'nps_response') AS nps_average,
                       (array_agg(CASE WHEN jsonb_typeof(data -> 'score') = 'number' THEN (data ->> 'score')::numeric END
                                  ORDER BY occurred_at DESC) FILTER (WHERE event_type = 'nps_response'))[1] AS nps_latest,
                       (array_agg(event_id ORDER BY occurred_at DESC) FILTER (WHERE event_type = 'nps_response'))[1] AS nps_latest_event
                FROM timeline_events
                WHERE tenant = $1 AND customer_id = $2
                  AND event_type IN ('login', 'meeting_held', 'csm_touchpoint', 'nps_response')
                  AND occurred_at > now() - interval '365 days'""", tenant, customerId);
        Uni<List<Meeting>> meetings = records(
                Meeting.class,
                tenant,
                customerId,
                "meeting",
                "fields -> 'scheduled_at' ->> 'v'",
                LIST_CAP,
                true,
                "status = 'scheduled' AND (fields -> 'scheduled_at' ->> 'v')::timestamptz > now()");
        Uni<RowSet<Row>> npsAnswers = client.preparedQuery("""
                        SELECT event_id, occurred_at,
                               CASE WHEN jsonb_typeof(data -> 'score') = 'number' THEN (data ->> 'score')::numeric END AS score,
                               CASE WHEN jsonb_typeof(data -> 'respondent') IN ('string', 'number') THEN data ->> 'respondent' END AS respondent
                        FROM timeline_events WHERE tenant = $1 AND customer_id = $2 AND event_type = 'nps_response'
                          AND occurred_at > now() - interval '365 days'
                        ORDER BY occurred_at DESC, event_id LIMIT 20""").execute(Tuple.of(tenant, customerId));
        return Uni.combine().all().unis(activity, meetings, npsAnswers).with((row, upcoming, answerRows) -> {
            List<EngagementSection.Answer> answers = new ArrayList<>();
            answerRows.forEach(a -> answers.add(new EngagementSection.Answer(
                    a.getBigDecimal("score"),
                    a.getString("respondent"),
                    RecordViews.utc(a.getOffsetDateTime("occurred_at")),
                    a.getString("event_id"))));
            long logins = row.getLong("logins_30d");
            long previous = row.getLong("logins_prev_30d");
            return new EngagementSection(
                    logins,
                    RecordViews.utc(row.getOffsetDateTime("last_login_at")),
                    row.getString("last_login_event"),
                    trend(logins, previous),
                    row.getLong("meetings_90d"),
                    RecordViews.utc(row.getOffsetDateTime("last_meeting_at")),
                    row.getString("last_meeting_event"),
                    row.getLong("touchpoints_90d"),
                    RecordViews.utc(row.getOffsetDateTime("last_touchpoint_at")),
                    row.getString("last_touchpoint_event"),
                    new EngagementSection.Nps(
                            row.getBigDecimal("nps_latest"),
                            row.getString("nps_latest_event"),
                            round(row.getBigDecimal("nps_average")),
                            row.getLong("nps_responses"),
                            answers),
                    upcoming,
                    customerId);
        });
    }

    public Uni<UsageSection> usage(String tenant, String customerId) {
        Uni<Row> sessions = one("""
                SELECT count(*) FILTER (WHERE occurred_at > now() - interval '30 days') AS sessions_30d,
                       count(*) FILTER (WHERE occurred_at <= now() - interval '30 days') AS sessions_prev_30d,
                       avg(CASE WHEN jsonb_typeof(data -> 'duration_seconds') = 'number' THEN (data ->> 'duration_seconds')::numeric END)
                           FILTER (WHERE occurred_at > now() - interval '30 days') AS avg_duration_seconds,
                       count(DISTINCT data ->> 'user_id') FILTER (WHERE occurred_at > now() - interval '30 days') AS users_30d,
                       max(occurred_at) AS last_session_at,
                       (array_agg(event_id ORDER BY occurred_at DESC))[1] AS last_session_event
                FROM timeline_events WHERE tenant = $1 AND customer_id = $2 AND event_type = 'session'
                  AND occurred_at > now() - interval '60 days'""", tenant, customerId);
        Uni<RowSet<Row>> features = client.preparedQuery("""
                        SELECT data ->> 'feature' AS feature,
                               sum(CASE WHEN jsonb_typeof(data -> 'count') = 'number' THEN (data ->> 'count')::numeric ELSE 1 END) AS uses,
                               count(DISTINCT data ->> 'user_id') AS users, max(occurred_at) AS last_used_at
                        FROM timeline_events WHERE tenant = $1 AND customer_id = $2 AND event_type = 'feature_used'
                          AND occurred_at > now() - interval '90 days' AND data ? 'feature'
                        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 100""").execute(Tuple.of(tenant, customerId));
        Uni<List<DailyActiveUsers>> activeUsers =
                records(DailyActiveUsers.class, tenant, customerId, "active_users", "record_id DESC", 60, true);
        // people by user_id over UTC days: the 60 ending today (docs/view-fields.md#usage)
        Uni<Row> people = one("""
                WITH bounds AS (SELECT (now() AT TIME ZONE 'UTC')::date AS today),
                active AS (
                    SELECT data ->> 'user_id' AS user_id, (occurred_at AT TIME ZONE 'UTC')::date AS day
                    FROM timeline_events, bounds
                    WHERE tenant = $1 AND customer_id = $2 AND event_type IN ('session', 'feature_used', 'login')
                      AND occurred_at >= (today - 59)::timestamp AT TIME ZONE 'UTC'
                      AND jsonb_typeof(data -> 'user_id') IN ('string', 'number') AND data ->> 'user_id' <> ''
                    GROUP BY 1, 2),
                recent AS (SELECT DISTINCT user_id FROM active, bounds WHERE day > today - 30),
                features AS (
                    SELECT data ->> 'user_id' AS user_id, count(DISTINCT data ->> 'feature') AS used
                    FROM timeline_events, bounds
                    WHERE tenant = $1 AND customer_id = $2 AND event_type = 'feature_used'
                      AND occurred_at >= (today - 29)::timestamp AT TIME ZONE 'UTC'
                      AND jsonb_typeof(data -> 'feature') = 'string'
                    GROUP BY 1)
                SELECT (SELECT count(DISTINCT user_id) FROM active, bounds WHERE day > today - 7) AS users_7d,
                       (SELECT count(*) FROM recent) AS users_30d,
                       (SELECT count(DISTINCT user_id) FROM active, bounds WHERE day <= today - 30) AS users_prev_30d,
                       (SELECT count(*) FROM (SELECT user_id FROM active, bounds WHERE day > today - 30
                                              GROUP BY user_id HAVING count(*) >= 12) p) AS power_users,
                       (SELECT count(*) FROM (SELECT user_id FROM active, bounds
                                              GROUP BY user_id HAVING max(day) <= max(today) - 14) r) AS at_risk_users,
                       (SELECT round(avg(coalesce(f.used, 0)), 2) FROM recent LEFT JOIN features f USING (user_id))
                           AS features_per_user,
                       (SELECT coalesce(jsonb_agg(jsonb_build_object('date', day::text, 'users', users) ORDER BY day DESC), '[]')
                        FROM (SELECT day, count(*) AS users FROM active GROUP BY day) d) AS daily""", tenant, customerId);
        Uni<List<Subscription>> subscription =
                records(Subscription.class, tenant, customerId, "subscription", "last_changed_at DESC", 1, true);
        return Uni.combine()
                .all()
                .unis(sessions, features, activeUsers, subscription, people)
                .with((row, featureRows, daily, subs, users) -> {
                    long recent = row.getLong("sessions_30d");
                    BigDecimal duration = row.getBigDecimal("avg_duration_seconds");
                    List<UsageSection.FeatureUse> used = new ArrayList<>();
                    Set<String> usedNames = new HashSet<>();
                    featureRows.forEach(f -> {
                        usedNames.add(f.getString("feature"));
                        used.add(new UsageSection.FeatureUse(
                                f.getString("feature"),
                                f.getBigDecimal("uses"),
                                f.getLong("users"),
                                RecordViews.utc(f.getOffsetDateTime("last_used_at"))));
                    });
                    List<String> unused = new ArrayList<>();
                    if (!subs.isEmpty() && subs.get(0).features() != null) {
                        subs.get(0).features().stream()
                                .filter(f -> !usedNames.contains(f))
                                .forEach(unused::add);
                    }
                    return new UsageSection(
                            recent,
                            row.getLong("sessions_prev_30d"),
                            trend(recent, row.getLong("sessions_prev_30d")),
                            duration == null ? null : duration.divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_UP),
                            row.getLong("users_30d"),
                            RecordViews.utc(row.getOffsetDateTime("last_session_at")),
                            row.getString("last_session_event"),
                            used,
                            unused,
                            daily,
                            users(users),
                            customerId);
                });
    }

    private static UsageSection.Users users(Row row) {
        List<UsageSection.DailyUsers> daily = new ArrayList<>();
        RecordViews.json(row.getValue("daily"))
                .forEach(d -> daily.add(new UsageSection.DailyUsers(
                        d.path("date").asText(), d.path("users").asLong())));
        return new UsageSection.Users(
                row.getLong("users_7d"),
                row.getLong("users_30d"),
                row.getLong("users_prev_30d"),
                row.getLong("power_users"),
                row.getLong("at_risk_users"),
                row.getBigDecimal("features_per_user"),
                daily);
    }

    public Uni<SalesSection> sales(String tenant, String customerId, boolean maySeeSensitive) {
        Uni<RowSet<Row>> stages = client.preparedQuery("""
                        SELECT coalesce(fields -> 'stage' ->> 'v', 'unknown') AS stage, count(*) AS deals, coalesce(sum(amount), 0) AS value
                        FROM records WHERE tenant = $1 AND customer_id = $2 AND kind = 'deal' AND coalesce(status, 'open') = 'open'
                        GROUP BY 1 ORDER BY 1""").execute(Tuple.of(tenant, customerId));
        Uni<List<Deal>> deals = records(Deal.class, tenant, customerId, "deal", "last_changed_at DESC", LIST_CAP, true);
        Uni<List<Quote>> quotes = records(
                Quote.class, tenant, customerId, "quote", "last_changed_at DESC", LIST_CAP, true, "status = 'pending'");
        Uni<RowSet<Row>> activities = client.preparedQuery("""
                        SELECT event_id, occurred_at, CASE WHEN sensitive AND NOT $3 THEN NULL ELSE title END AS title,
                               CASE WHEN sensitive AND NOT $3 THEN NULL ELSE data END AS data
                        FROM timeline_events WHERE tenant = $1 AND customer_id = $2 AND event_type = 'sales_activity'
                        ORDER BY occurred_at DESC LIMIT 10""").execute(Tuple.of(tenant, customerId, maySeeSensitive));
        Uni<RowSet<Row>> requests = client.preparedQuery("""
                        SELECT lower(btrim(data ->> 'feature')) AS feature, count(*) AS requests,
                               max(occurred_at) AS last_requested_at,
                               (array_agg(event_id ORDER BY occurred_at DESC, event_id))[1:5] AS event_ids
                        FROM timeline_events WHERE tenant = $1 AND customer_id = $2 AND event_type = 'feature_requested'
                          AND occurred_at > now() - interval '365 days'
                          AND jsonb_typeof(data -> 'feature') = 'string' AND btrim(data ->> 'feature') <> ''
                        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50""").execute(Tuple.of(tenant, customerId));
        return Uni.combine()
                .all()
                .unis(stages, deals, quotes, activities, requests)
                .with((stageRows, recentDeals, pending, activityRows, requestRows) -> {
                    long open = 0;
                    BigDecimal pipeline = BigDecimal.ZERO;
                    Map<String, Long> byStage = new LinkedHashMap<>();
                    for (Row stage : stageRows) {
                        open += stage.getLong("deals");
                        pipeline = pipeline.add(stage.getBigDecimal("value"));
                        byStage.put(stage.getString("stage"), stage.getLong("deals"));
                    }
                    List<SalesSection.Activity> recent = new ArrayList<>();
                    activityRows.forEach(a -> recent.add(new SalesSection.Activity(
                            a.getString("event_id"),
                            RecordViews.utc(a.getOffsetDateTime("occurred_at")),
                            a.getString("title"),
                            RecordViews.json(a.getValue("data")))));
                    List<SalesSection.FeatureRequest> asked = new ArrayList<>();
                    requestRows.forEach(r -> asked.add(new SalesSection.FeatureRequest(
                            r.getString("feature"),
                            r.getLong("requests"),
                            RecordViews.utc(r.getOffsetDateTime("last_requested_at")),
                            List.of(r.getArrayOfStrings("event_ids")))));
                    return new SalesSection(open, pipeline, byStage, recentDeals, pending, recent, asked, customerId);
                });
    }

    public Uni<SecuritySection> security(String tenant, String customerId, boolean maySeeSensitive) {
        Uni<Row> counts = one("""
                SELECT count(*) FILTER (WHERE event_type = 'login_failed' AND occurred_at > now() - interval '30 days') AS failed_30d,
                       count(*) FILTER (WHERE event_type = 'login' AND occurred_at > now() - interval '30 days') AS logins_30d,
                       count(*) FILTER (WHERE event_type = 'suspicious_activity' AND occurred_at > now() - interval '30 days') AS suspicious_30d,
                       max(occurred_at) FILTER (WHERE event_type = 'suspicious_activity') AS last_suspicious_at
                FROM timeline_events WHERE tenant = $1 AND customer_id = $2
                  AND event_type IN ('login_failed', 'login', 'suspicious_activity') AND occurred_at > now() - interval '90 days'""", tenant, customerId);
        Uni<RowSet<Row>> suspicious = client.preparedQuery("""
                        SELECT event_id, occurred_at, CASE WHEN sensitive AND NOT $3 THEN NULL ELSE description END AS description, data
                        FROM timeline_events WHERE tenant = $1 AND customer_id = $2 AND event_type = 'suspicious_activity'
                        ORDER BY occurred_at DESC LIMIT 10""").execute(Tuple.of(tenant, customerId, maySeeSensitive));
        Uni<List<SecuritySettings>> settings =
                records(SecuritySettings.class, tenant, customerId, "security", "record_id", 1, true);
        return Uni.combine().all().unis(counts, suspicious, settings).with((row, suspiciousRows, settingRows) -> {
            SecuritySettings s = settingRows.isEmpty() ? SecuritySettings.NONE : settingRows.get(0);
            List<SecuritySection.SuspiciousActivity> recent = new ArrayList<>();
            suspiciousRows.forEach(a -> recent.add(new SecuritySection.SuspiciousActivity(
                    a.getString("event_id"),
                    RecordViews.utc(a.getOffsetDateTime("occurred_at")),
                    a.getString("description"),
                    text(RecordViews.json(a.getValue("data")), "severity"))));
            return new SecuritySection(
                    s.mfaEnabled(),
                    s.ssoEnabled(),
                    s.ssoProvider(),
                    s.complianceScore(),
                    s.lastAuditAt(),
                    s.auditPassed(),
                    row.getLong("failed_30d"),
                    row.getLong("logins_30d"),
                    row.getLong("suspicious_30d"),
                    RecordViews.utc(row.getOffsetDateTime("last_suspicious_at")),
                    recent,
                    customerId);
        });
    }

    public Uni<ContactsSection> contacts(String tenant, String customerId) {
        Uni<Row> counts = one("""
                SELECT count(*) FILTER (WHERE coalesce(status, 'active') <> 'removed') AS active FROM records
                WHERE tenant = $1 AND customer_id = $2 AND kind = 'contact'""", tenant, customerId);
        Uni<List<Contact>> listed = records(
                Contact.class,
                tenant,
                customerId,
                "contact",
                "fields -> 'name' ->> 'v' NULLS LAST, record_id",
                200,
                true);
        return Uni.combine().all().unis(counts, listed).with((row, contacts) -> {
            List<Contact> active =
                    contacts.stream().filter(c -> !"removed".equals(c.status())).toList();
            return new ContactsSection(
                    row.getLong("active"),
                    active.stream().filter(c -> "champion".equals(c.role())).toList(),
                    active.stream()
                            .filter(c -> "executive_sponsor".equals(c.role()))
                            .toList(),
                    contacts.stream()
                            .filter(c ->
                                    "removed".equals(c.status()) && c.role() != null && KEY_ROLES.contains(c.role()))
                            .toList(),
                    contacts,
                    customerId);
        });
    }

    public Uni<SuccessSection> success(String tenant, String customerId, boolean maySeeSensitive) {
        Uni<List<Milestone>> milestones = records(
                Milestone.class,
                tenant,
                customerId,
                "milestone",
                "fields -> 'due_date' ->> 'v' NULLS LAST",
                LIST_CAP,
                true);
        Uni<RowSet<Row>> healthEvents =
                client.preparedQuery("""
                        SELECT event_id, occurred_at, title, CASE WHEN sensitive AND NOT $3 THEN NULL ELSE description END AS description, data
                        FROM timeline_events WHERE tenant = $1 AND customer_id = $2 AND event_type = 'health_event'
                        ORDER BY occurred_at DESC LIMIT 20""").execute(Tuple.of(tenant, customerId, maySeeSensitive));
        return Uni.combine().all().unis(milestones, healthEvents).with((planned, events) -> {
            List<SuccessSection.HealthEvent> recent = new ArrayList<>();
            events.forEach(e -> {
                JsonNode data = RecordViews.json(e.getValue("data"));
                recent.add(new SuccessSection.HealthEvent(
                        e.getString("event_id"),
                        RecordViews.utc(e.getOffsetDateTime("occurred_at")),
                        data.path("signal").isTextual() ? data.get("signal").asText() : null,
                        data.path("severity").isTextual() ? data.get("severity").asText() : null,
                        data.path("score").isNumber() ? data.get("score").decimalValue() : null,
                        e.getString("description")));
            });
            return new SuccessSection(
                    planned.stream().filter(m -> "completed".equals(m.status())).count(),
                    planned.stream().filter(m -> "at_risk".equals(m.status())).count(),
                    planned,
                    recent,
                    customerId);
        });
    }

    /**
     * A page of records of some kinds, as {@code type}, newest change first; {@code after} is the last (lastChangedAt, id)
     * shown. A page of several kinds names each record's {@code kind}.
     */
    public <T> Uni<List<T>> page(
            String tenant,
            String customerId,
            List<String> kinds,
            Class<T> type,
            boolean maySeeSensitive,
            CustomerQueries.TimelinePosition after,
            int limit) {
        Tuple params = Tuple.tuple()
                .addValue(tenant)
                .addValue(customerId)
                .addArrayOfString(kinds.toArray(String[]::new))
                .addValue(after == null ? null : after.occurredAt())
                .addValue(after == null ? null : after.eventId())
                .addValue(limit);
        return client.preparedQuery("""
                        SELECT kind, record_id, fields::text AS fields, first_seen_at, last_changed_at FROM records
                        WHERE tenant = $1 AND customer_id = $2 AND kind = ANY($3) AND NOT deleted
                          AND ($4::timestamptz IS NULL OR (last_changed_at, record_id) < ($4, $5::text))
                        ORDER BY last_changed_at DESC, record_id DESC LIMIT $6""").execute(params).map(rows -> {
            List<T> items = new ArrayList<>();
            rows.forEach(row -> {
                ObjectNode view = RecordViews.view(row, maySeeSensitive);
                if (kinds.size() > 1) {
                    view.put("kind", row.getString("kind"));
                }
                items.add(RecordViews.as(view, type));
            });
            return items;
        });
    }

    /** One note, or null when there is none (or it was deleted). */
    public Uni<Note> note(String tenant, String customerId, String noteId, boolean maySeeSensitive) {
        return client.preparedQuery("""
                        SELECT kind, record_id, fields::text AS fields, first_seen_at, last_changed_at FROM records
                        WHERE tenant = $1 AND customer_id = $2 AND kind = 'note' AND record_id = $3 AND NOT deleted""")
                .execute(Tuple.of(tenant, customerId, noteId))
                .map(rows -> rows.iterator().hasNext()
                        ? RecordViews.as(RecordViews.view(rows.iterator().next(), maySeeSensitive), Note.class)
                        : null);
    }

    private <T> Uni<List<T>> records(
            Class<T> type,
            String tenant,
            String customerId,
            String kind,
            String order,
            int limit,
            boolean maySeeSensitive,
            String... conditions) {
        String where = conditions.length == 0 ? "" : " AND " + String.join(" AND ", conditions);
        return client.preparedQuery(
                        "SELECT kind, record_id, fields::text AS fields, first_seen_at, last_changed_at FROM records "
                                + "WHERE tenant = $1 AND customer_id = $2 AND kind = $3 AND NOT deleted" + where
                                + " ORDER BY " + order + " LIMIT " + limit)
                .execute(Tuple.of(tenant, customerId, kind))
                .map(rows -> {
                    List<T> items = new ArrayList<>();
                    rows.forEach(row -> items.add(RecordViews.as(RecordViews.view(row, maySeeSensitive), type)));
                    return items;
                });
    }

    private static <T> List<T> as(List<ObjectNode> views, Class<T> type) {
        List<T> items = new ArrayList<>(views.size());
        views.forEach(view -> items.add(RecordViews.as(view, type)));
        return items;
    }

    private Uni<Row> one(String sql, String tenant, String customerId) {
        return client.preparedQuery(sql)
                .execute(Tuple.of(tenant, customerId))
                .map(rows -> rows.iterator().next());
    }

    /** A text value of {@code data}'s {@code key} (a number as its digits), else null. */
    private static String text(JsonNode data, String key) {
        JsonNode value = data == null ? null : data.get(key);
        return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
    }

    private static BigDecimal round(BigDecimal value) {
        return value == null ? null : value.setScale(2, RoundingMode.HALF_UP);
    }

    /** up/down/stable by more than 10% against the previous period; null when there is nothing to compare. */
    static String trend(long current, long previous) {
        if (current == 0 && previous == 0) {
            return null;
        }
        if (current > previous * 1.1) {
            return "up";
        }
        return current < previous * 0.9 ? "down" : "stable";
    }

    /** The customer's security settings as stored (kind security); the section shows them flat. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SecuritySettings(
            Boolean mfaEnabled,
            Boolean ssoEnabled,
            String ssoProvider,
            BigDecimal complianceScore,
            String lastAuditAt,
            Boolean auditPassed) {

        static final SecuritySettings NONE = new SecuritySettings(null, null, null, null, null, null);
    }
}

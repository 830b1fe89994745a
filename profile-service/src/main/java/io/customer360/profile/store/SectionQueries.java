package io.customer360.profile.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The sections of the 360 view, each answered from a few indexed queries: records of the section's kinds
 * ({@code records_by_kind}) and counts over the timeline by event type and time ({@code timeline_by_customer_type}).
 * Counts are derived from stored rows, never kept as counters.
 */
@ApplicationScoped
public class SectionQueries {

    /** Lists inside a section are capped; the full history is on the timeline and the paged lists. */
    private static final int LIST_CAP = 50;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Pool pool;

    SectionQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<ObjectNode> subscription(String tenant, String customerId) {
        Uni<List<ObjectNode>> subscriptions = records(tenant, customerId, "subscription", "last_changed_at DESC", 10, true);
        Uni<Row> billing = one("""
                SELECT count(*) FILTER (WHERE kind = 'invoice' AND status IN ('open', 'overdue')) AS open_invoices,
                       count(*) FILTER (WHERE kind = 'invoice' AND status = 'overdue') AS overdue_invoices,
                       coalesce(sum(amount) FILTER (WHERE kind = 'invoice' AND status = 'overdue'), 0) AS overdue_amount,
                       count(*) FILTER (WHERE kind = 'payment' AND status = 'failed' AND last_changed_at > now() - interval '90 days') AS failed_payments_90d,
                       max(last_changed_at) FILTER (WHERE kind = 'payment' AND status = 'failed') AS last_failed_payment_at,
                       coalesce(sum(CASE WHEN fields -> 'direction' ->> 'v' = 'applied' THEN -amount ELSE amount END)
                                FILTER (WHERE kind = 'credit'), 0) AS credit_balance
                FROM records WHERE tenant = $1 AND customer_id = $2 AND kind IN ('invoice', 'payment', 'credit')""", tenant, customerId);
        Uni<List<ObjectNode>> invoices = records(tenant, customerId, "invoice", "last_changed_at DESC", 10, true);
        Uni<List<ObjectNode>> payments = records(tenant, customerId, "payment", "last_changed_at DESC", 10, true);
        return Uni.combine().all().unis(subscriptions, billing, invoices, payments).with((subs, row, recentInvoices, recentPayments) -> {
            ObjectNode current = subs.stream().filter(s -> !"cancelled".equals(s.path("status").asText())).findFirst()
                    .orElse(subs.isEmpty() ? null : subs.get(0));
            ObjectNode section = JSON.objectNode();
            section.set("subscription", current);
            ObjectNode seats = section.putObject("seats");
            JsonNode total = current == null ? null : current.get("seatsTotal");
            JsonNode used = current == null ? null : current.get("seatsUsed");
            seats.set("total", total);
            seats.set("used", used);
            seats.put("utilization", total != null && used != null && total.asInt() > 0
                    ? BigDecimal.valueOf(used.asDouble() / total.asDouble()).setScale(3, RoundingMode.HALF_UP) : null);
            ObjectNode money = section.putObject("billing");
            JsonNode mrr = current == null ? null : current.get("mrr");
            JsonNode arr = current == null ? null : current.get("arr");
            money.set("mrr", mrr);
            // ARR as billed; when only MRR is known it is 12 × MRR, and says so
            money.put("arr", arr != null ? arr.decimalValue() : mrr != null ? mrr.decimalValue().multiply(BigDecimal.valueOf(12)) : null);
            money.put("arrSource", arr != null ? "reported" : mrr != null ? "derived_from_mrr" : null);
            money.set("currency", current == null ? null : current.get("currency"));
            money.set("renewalDate", current == null ? null : current.get("renewalDate"));
            money.set("contractEndDate", current == null ? null : current.get("contractEndDate"));
            ObjectNode payment = section.putObject("paymentHealth");
            payment.put("openInvoices", row.getLong("open_invoices"));
            payment.put("overdueInvoices", row.getLong("overdue_invoices"));
            payment.put("overdueAmount", row.getBigDecimal("overdue_amount"));
            payment.put("failedPaymentsLast90Days", row.getLong("failed_payments_90d"));
            payment.put("lastFailedPaymentAt", RecordViews.utc(row.getOffsetDateTime("last_failed_payment_at")));
            section.put("creditBalance", row.getBigDecimal("credit_balance"));
            section.set("recentInvoices", array(recentInvoices));
            section.set("recentPayments", array(recentPayments));
            return section;
        });
    }

    public Uni<ObjectNode> support(String tenant, String customerId) {
        Uni<Row> totals = one("""
                SELECT count(*) AS total,
                       count(*) FILTER (WHERE coalesce(status, 'open') NOT IN ('resolved', 'closed')) AS open,
                       count(*) FILTER (WHERE first_seen_at > now() - interval '90 days') AS opened_90d,
                       count(*) FILTER (WHERE coalesce(status, 'open') NOT IN ('resolved', 'closed')
                                          AND coalesce((fields -> 'escalated' ->> 'v')::boolean, false)) AS open_escalations,
                       avg(extract(epoch FROM ((fields -> 'resolved_at' ->> 'v')::timestamptz
                               - coalesce((fields -> 'opened_at' ->> 'v')::timestamptz, first_seen_at))) / 3600)
                           FILTER (WHERE status IN ('resolved', 'closed') AND fields ? 'resolved_at') AS avg_resolution_hours,
                       avg((fields -> 'csat' ->> 'v')::numeric) AS avg_csat,
                       count(*) FILTER (WHERE fields ? 'csat') AS csat_responses,
                       count(*) FILTER (WHERE coalesce(status, 'open') NOT IN ('resolved', 'closed') AND fields -> 'priority' ->> 'v' = 'P1') AS open_p1,
                       count(*) FILTER (WHERE coalesce(status, 'open') NOT IN ('resolved', 'closed') AND fields -> 'priority' ->> 'v' = 'P2') AS open_p2,
                       count(*) FILTER (WHERE coalesce(status, 'open') NOT IN ('resolved', 'closed') AND fields -> 'priority' ->> 'v' = 'P3') AS open_p3,
                       count(*) FILTER (WHERE coalesce(status, 'open') NOT IN ('resolved', 'closed') AND fields -> 'priority' ->> 'v' = 'P4') AS open_p4
                FROM records WHERE tenant = $1 AND customer_id = $2 AND kind = 'ticket'""", tenant, customerId);
        Uni<List<ObjectNode>> open = records(tenant, customerId, "ticket",
                "fields -> 'priority' ->> 'v' NULLS LAST, first_seen_at DESC", LIST_CAP, true,
                "coalesce(status, 'open') NOT IN ('resolved', 'closed')");
        Uni<RowSet<Row>> categories = pool.preparedQuery("""
                        SELECT fields -> 'category' ->> 'v' AS category, count(*) AS tickets FROM records
                        WHERE tenant = $1 AND customer_id = $2 AND kind = 'ticket' AND fields ? 'category'
                        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5""").execute(Tuple.of(tenant, customerId));
        return Uni.combine().all().unis(totals, open, categories).with((row, openTickets, categoryRows) -> {
            ObjectNode section = JSON.objectNode();
            section.put("totalTickets", row.getLong("total"));
            section.put("openTickets", row.getLong("open"));
            section.put("ticketsLast90Days", row.getLong("opened_90d"));
            section.put("openEscalations", row.getLong("open_escalations"));
            section.put("averageResolutionHours", round(row.getBigDecimal("avg_resolution_hours")));
            ObjectNode csat = section.putObject("csat");
            csat.put("average", round(row.getBigDecimal("avg_csat")));
            csat.put("responses", row.getLong("csat_responses"));
            ObjectNode byPriority = section.putObject("openByPriority");
            List.of("P1", "P2", "P3", "P4").forEach(p -> byPriority.put(p, row.getLong("open_" + p.toLowerCase(java.util.Locale.ROOT))));
            section.set("open", array(openTickets));
            ArrayNode common = section.putArray("commonCategories");
            categoryRows.forEach(c -> common.addObject().put("category", c.getString("category")).put("tickets", c.getLong("tickets")));
            return section;
        });
    }

    public Uni<ObjectNode> engagement(String tenant, String customerId) {
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
        Uni<List<ObjectNode>> meetings = records(tenant, customerId, "meeting", "fields -> 'scheduled_at' ->> 'v'", LIST_CAP, true,
                "status = 'scheduled' AND (fields -> 'scheduled_at' ->> 'v')::timestamptz > now()");
        return Uni.combine().all().unis(activity, meetings).with((row, upcoming) -> {
            ObjectNode section = JSON.objectNode();
            long logins = row.getLong("logins_30d");
            long previous = row.getLong("logins_prev_30d");
            section.put("loginsLast30Days", logins);
            section.put("lastLoginAt", RecordViews.utc(row.getOffsetDateTime("last_login_at")));
            section.put("lastLoginEventId", row.getString("last_login_event"));
            section.put("loginTrend", trend(logins, previous));
            section.put("meetingsLast90Days", row.getLong("meetings_90d"));
            section.put("lastMeetingAt", RecordViews.utc(row.getOffsetDateTime("last_meeting_at")));
            section.put("lastMeetingEventId", row.getString("last_meeting_event"));
            section.put("touchpointsLast90Days", row.getLong("touchpoints_90d"));
            section.put("lastTouchpointAt", RecordViews.utc(row.getOffsetDateTime("last_touchpoint_at")));
            section.put("lastTouchpointEventId", row.getString("last_touchpoint_event"));
            ObjectNode nps = section.putObject("nps");
            nps.put("latest", row.getBigDecimal("nps_latest"));
            nps.put("latestEventId", row.getString("nps_latest_event"));
            nps.put("average", round(row.getBigDecimal("nps_average")));
            nps.put("responses", row.getLong("nps_responses"));
            section.set("upcomingMeetings", array(upcoming));
            return section;
        });
    }

    public Uni<ObjectNode> usage(String tenant, String customerId) {
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
        Uni<RowSet<Row>> features = pool.preparedQuery("""
                        SELECT data ->> 'feature' AS feature,
                               sum(CASE WHEN jsonb_typeof(data -> 'count') = 'number' THEN (data ->> 'count')::numeric ELSE 1 END) AS uses,
                               count(DISTINCT data ->> 'user_id') AS users, max(occurred_at) AS last_used_at
                        FROM timeline_events WHERE tenant = $1 AND customer_id = $2 AND event_type = 'feature_used'
                          AND occurred_at > now() - interval '90 days' AND data ? 'feature'
                        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 100""").execute(Tuple.of(tenant, customerId));
        Uni<List<ObjectNode>> activeUsers = records(tenant, customerId, "active_users", "record_id DESC", 30, true);
        Uni<List<ObjectNode>> subscription = records(tenant, customerId, "subscription", "last_changed_at DESC", 1, true);
        return Uni.combine().all().unis(sessions, features, activeUsers, subscription).with((row, featureRows, daily, subs) -> {
            ObjectNode section = JSON.objectNode();
            long recent = row.getLong("sessions_30d");
            section.put("sessionsLast30Days", recent);
            section.put("sessionsPrevious30Days", row.getLong("sessions_prev_30d"));
            section.put("sessionTrend", trend(recent, row.getLong("sessions_prev_30d")));
            BigDecimal duration = row.getBigDecimal("avg_duration_seconds");
            section.put("averageSessionMinutes", duration == null ? null : duration.divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_UP));
            section.put("activeUsersLast30Days", row.getLong("users_30d"));
            section.put("lastSessionAt", RecordViews.utc(row.getOffsetDateTime("last_session_at")));
            section.put("lastSessionEventId", row.getString("last_session_event"));
            ArrayNode used = section.putArray("features");
            java.util.Set<String> usedNames = new java.util.HashSet<>();
            featureRows.forEach(f -> {
                usedNames.add(f.getString("feature"));
                used.addObject().put("feature", f.getString("feature")).put("usesLast90Days", f.getBigDecimal("uses"))
                        .put("users", f.getLong("users")).put("lastUsedAt", RecordViews.utc(f.getOffsetDateTime("last_used_at")));
            });
            ArrayNode unused = section.putArray("unusedEntitledFeatures");
            if (!subs.isEmpty() && subs.get(0).get("features") != null) {
                subs.get(0).get("features").forEach(f -> {
                    if (!usedNames.contains(f.asText())) {
                        unused.add(f.asText());
                    }
                });
            }
            section.set("dailyActiveUsers", array(daily));
            return section;
        });
    }

    public Uni<ObjectNode> sales(String tenant, String customerId, boolean maySeeSensitive) {
        Uni<RowSet<Row>> stages = pool.preparedQuery("""
                        SELECT coalesce(fields -> 'stage' ->> 'v', 'unknown') AS stage, count(*) AS deals, coalesce(sum(amount), 0) AS value
                        FROM records WHERE tenant = $1 AND customer_id = $2 AND kind = 'deal' AND coalesce(status, 'open') = 'open'
                        GROUP BY 1 ORDER BY 1""").execute(Tuple.of(tenant, customerId));
        Uni<List<ObjectNode>> deals = records(tenant, customerId, "deal", "last_changed_at DESC", LIST_CAP, true);
        Uni<List<ObjectNode>> quotes = records(tenant, customerId, "quote", "last_changed_at DESC", LIST_CAP, true, "status = 'pending'");
        Uni<RowSet<Row>> activities = pool.preparedQuery("""
                        SELECT event_id, occurred_at, CASE WHEN sensitive AND NOT $3 THEN NULL ELSE title END AS title,
                               CASE WHEN sensitive AND NOT $3 THEN NULL ELSE data END AS data
                        FROM timeline_events WHERE tenant = $1 AND customer_id = $2 AND event_type = 'sales_activity'
                        ORDER BY occurred_at DESC LIMIT 10""").execute(Tuple.of(tenant, customerId, maySeeSensitive));
        return Uni.combine().all().unis(stages, deals, quotes, activities).with((stageRows, recentDeals, pending, activityRows) -> {
            ObjectNode section = JSON.objectNode();
            long open = 0;
            BigDecimal pipeline = BigDecimal.ZERO;
            ObjectNode byStage = JSON.objectNode();
            for (Row stage : stageRows) {
                open += stage.getLong("deals");
                pipeline = pipeline.add(stage.getBigDecimal("value"));
                byStage.put(stage.getString("stage"), stage.getLong("deals"));
            }
            section.put("openDeals", open);
            section.put("pipelineValue", pipeline);
            section.set("openByStage", byStage);
            section.set("deals", array(recentDeals));
            section.set("pendingQuotes", array(pending));
            ArrayNode recent = section.putArray("recentActivities");
            activityRows.forEach(a -> recent.addObject().put("eventId", a.getString("event_id"))
                    .put("occurredAt", RecordViews.utc(a.getOffsetDateTime("occurred_at"))).put("title", a.getString("title"))
                    .set("data", RecordViews.json(a.getValue("data"))));
            return section;
        });
    }

    public Uni<ObjectNode> security(String tenant, String customerId, boolean maySeeSensitive) {
        Uni<Row> counts = one("""
                SELECT count(*) FILTER (WHERE event_type = 'login_failed' AND occurred_at > now() - interval '30 days') AS failed_30d,
                       count(*) FILTER (WHERE event_type = 'login' AND occurred_at > now() - interval '30 days') AS logins_30d,
                       count(*) FILTER (WHERE event_type = 'suspicious_activity' AND occurred_at > now() - interval '30 days') AS suspicious_30d,
                       max(occurred_at) FILTER (WHERE event_type = 'suspicious_activity') AS last_suspicious_at
                FROM timeline_events WHERE tenant = $1 AND customer_id = $2
                  AND event_type IN ('login_failed', 'login', 'suspicious_activity') AND occurred_at > now() - interval '90 days'""",
                tenant, customerId);
        Uni<RowSet<Row>> suspicious = pool.preparedQuery("""
                        SELECT event_id, occurred_at, CASE WHEN sensitive AND NOT $3 THEN NULL ELSE description END AS description, data
                        FROM timeline_events WHERE tenant = $1 AND customer_id = $2 AND event_type = 'suspicious_activity'
                        ORDER BY occurred_at DESC LIMIT 10""").execute(Tuple.of(tenant, customerId, maySeeSensitive));
        Uni<List<ObjectNode>> settings = records(tenant, customerId, "security", "record_id", 1, true);
        return Uni.combine().all().unis(counts, suspicious, settings).with((row, suspiciousRows, settingRows) -> {
            ObjectNode section = JSON.objectNode();
            ObjectNode s = settingRows.isEmpty() ? JSON.objectNode() : settingRows.get(0);
            section.set("mfaEnabled", s.get("mfaEnabled"));
            section.set("ssoEnabled", s.get("ssoEnabled"));
            section.set("ssoProvider", s.get("ssoProvider"));
            section.set("complianceScore", s.get("complianceScore"));
            section.set("lastAuditAt", s.get("lastAuditAt"));
            section.set("auditPassed", s.get("auditPassed"));
            section.put("failedLoginsLast30Days", row.getLong("failed_30d"));
            section.put("loginsLast30Days", row.getLong("logins_30d"));
            section.put("suspiciousActivitiesLast30Days", row.getLong("suspicious_30d"));
            section.put("lastSuspiciousActivityAt", RecordViews.utc(row.getOffsetDateTime("last_suspicious_at")));
            ArrayNode recent = section.putArray("recentSuspiciousActivities");
            suspiciousRows.forEach(a -> recent.addObject().put("eventId", a.getString("event_id"))
                    .put("occurredAt", RecordViews.utc(a.getOffsetDateTime("occurred_at")))
                    .put("description", a.getString("description"))
                    .set("severity", RecordViews.json(a.getValue("data")).get("severity")));
            return section;
        });
    }

    public Uni<ObjectNode> contacts(String tenant, String customerId) {
        Uni<Row> counts = one("""
                SELECT count(*) FILTER (WHERE coalesce(status, 'active') <> 'removed') AS active FROM records
                WHERE tenant = $1 AND customer_id = $2 AND kind = 'contact'""", tenant, customerId);
        Uni<List<ObjectNode>> listed = records(tenant, customerId, "contact", "fields -> 'name' ->> 'v' NULLS LAST, record_id", 200, true);
        return Uni.combine().all().unis(counts, listed).with((row, contacts) -> {
            ObjectNode section = JSON.objectNode();
            List<ObjectNode> active = contacts.stream().filter(c -> !"removed".equals(c.path("status").asText())).toList();
            section.put("activeContacts", row.getLong("active"));
            section.set("champions", array(active.stream().filter(c -> "champion".equals(c.path("role").asText())).toList()));
            section.set("executiveSponsors", array(active.stream().filter(c -> "executive_sponsor".equals(c.path("role").asText())).toList()));
            section.set("departedKeyContacts", array(contacts.stream().filter(c -> "removed".equals(c.path("status").asText())
                    && List.of("champion", "executive_sponsor", "decision_maker").contains(c.path("role").asText())).toList()));
            section.set("contacts", array(contacts));
            return section;
        });
    }

    public Uni<ObjectNode> success(String tenant, String customerId, boolean maySeeSensitive) {
        Uni<List<ObjectNode>> milestones = records(tenant, customerId, "milestone", "fields -> 'due_date' ->> 'v' NULLS LAST", LIST_CAP, true);
        Uni<RowSet<Row>> healthEvents = pool.preparedQuery("""
                        SELECT event_id, occurred_at, title, CASE WHEN sensitive AND NOT $3 THEN NULL ELSE description END AS description, data
                        FROM timeline_events WHERE tenant = $1 AND customer_id = $2 AND event_type = 'health_event'
                        ORDER BY occurred_at DESC LIMIT 20""").execute(Tuple.of(tenant, customerId, maySeeSensitive));
        return Uni.combine().all().unis(milestones, healthEvents).with((planned, events) -> {
            ObjectNode section = JSON.objectNode();
            section.put("milestonesCompleted", planned.stream().filter(m -> "completed".equals(m.path("status").asText())).count());
            section.put("milestonesAtRisk", planned.stream().filter(m -> "at_risk".equals(m.path("status").asText())).count());
            section.set("milestones", array(planned));
            ArrayNode recent = section.putArray("healthEvents");
            events.forEach(e -> {
                JsonNode data = RecordViews.json(e.getValue("data"));
                recent.addObject().put("eventId", e.getString("event_id"))
                        .put("occurredAt", RecordViews.utc(e.getOffsetDateTime("occurred_at")))
                        .put("signal", data.path("signal").isTextual() ? data.get("signal").asText() : null)
                        .put("severity", data.path("severity").isTextual() ? data.get("severity").asText() : null)
                        .put("description", e.getString("description"));
            });
            return section;
        });
    }

    /** A page of records of one kind, newest change first; {@code after} is the last (lastChangedAt, id) shown. */
    public Uni<List<ObjectNode>> page(String tenant, String customerId, List<String> kinds, boolean maySeeSensitive,
            CustomerQueries.TimelinePosition after, int limit) {
        Tuple params = Tuple.tuple().addValue(tenant).addValue(customerId).addArrayOfString(kinds.toArray(String[]::new))
                .addValue(after == null ? null : after.occurredAt()).addValue(after == null ? null : after.eventId())
                .addValue(limit);
        return pool.preparedQuery("""
                        SELECT kind, record_id, fields, first_seen_at, last_changed_at FROM records
                        WHERE tenant = $1 AND customer_id = $2 AND kind = ANY($3) AND NOT deleted
                          AND ($4::timestamptz IS NULL OR (last_changed_at, record_id) < ($4, $5::text))
                        ORDER BY last_changed_at DESC, record_id DESC LIMIT $6""")
                .execute(params)
                .map(rows -> {
                    List<ObjectNode> items = new java.util.ArrayList<>();
                    rows.forEach(row -> {
                        ObjectNode view = RecordViews.view(row, maySeeSensitive);
                        if (kinds.size() > 1) {
                            view.put("kind", row.getString("kind"));
                        }
                        items.add(view);
                    });
                    return items;
                });
    }

    /** One note, or null when there is none (or it was deleted). */
    public Uni<ObjectNode> note(String tenant, String customerId, String noteId, boolean maySeeSensitive) {
        return pool.preparedQuery("""
                        SELECT kind, record_id, fields, first_seen_at, last_changed_at FROM records
                        WHERE tenant = $1 AND customer_id = $2 AND kind = 'note' AND record_id = $3 AND NOT deleted""")
                .execute(Tuple.of(tenant, customerId, noteId))
                .map(rows -> rows.iterator().hasNext() ? RecordViews.view(rows.iterator().next(), maySeeSensitive) : null);
    }

    private Uni<List<ObjectNode>> records(String tenant, String customerId, String kind, String order, int limit,
            boolean maySeeSensitive, String... conditions) {
        String where = conditions.length == 0 ? "" : " AND " + String.join(" AND ", conditions);
        return pool.preparedQuery("SELECT kind, record_id, fields, first_seen_at, last_changed_at FROM records "
                        + "WHERE tenant = $1 AND customer_id = $2 AND kind = $3 AND NOT deleted" + where
                        + " ORDER BY " + order + " LIMIT " + limit)
                .execute(Tuple.of(tenant, customerId, kind))
                .map(rows -> {
                    List<ObjectNode> items = new java.util.ArrayList<>();
                    rows.forEach(row -> items.add(RecordViews.view(row, maySeeSensitive)));
                    return items;
                });
    }

    private Uni<Row> one(String sql, String tenant, String customerId) {
        return pool.preparedQuery(sql).execute(Tuple.of(tenant, customerId)).map(rows -> rows.iterator().next());
    }

    private static ArrayNode array(List<ObjectNode> items) {
        ArrayNode array = JSON.arrayNode();
        items.forEach(array::add);
        return array;
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
}

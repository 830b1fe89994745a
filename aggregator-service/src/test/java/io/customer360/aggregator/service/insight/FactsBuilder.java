package io.customer360.aggregator.service.insight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.domain.CustomerIntelligence;
import io.customer360.aggregator.domain.EngagementMetrics;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.SupportSection;
import io.customer360.common.contract.profile.UsageSection;
import java.time.Duration;
import java.time.Instant;

/** Builds provider answers shaped like profile-service's sections, for table-driven tests of the insights. */
final class FactsBuilder {

    static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    final ObjectNode intelligence = JSON.createObjectNode();
    final ObjectNode subscription = JSON.createObjectNode();
    final ObjectNode support = JSON.createObjectNode();
    final ObjectNode engagement = JSON.createObjectNode();
    final ObjectNode usage = JSON.createObjectNode();
    final ObjectNode sales = JSON.createObjectNode();
    private boolean withSubscription;
    private boolean withSupport;
    private boolean withEngagement;
    private boolean withUsage;

    static FactsBuilder account() {
        FactsBuilder builder = new FactsBuilder();
        builder.intelligence
                .putObject("profile")
                .put("name", "Acme Corporation")
                .put("customerSince", "2024-03-15T00:00:00Z");
        return builder;
    }

    static String ago(int days) {
        return NOW.minus(Duration.ofDays(days)).toString();
    }

    static String inDays(int days) {
        return NOW.plus(Duration.ofDays(days)).toString();
    }

    FactsBuilder sessions(long last30, long previous30) {
        withUsage = true;
        usage.put("sessionsLast30Days", last30)
                .put("sessionsPrevious30Days", previous30)
                .put("lastSessionEventId", "evt_session");
        return this;
    }

    /** {@code mau} people seen by id in 30 days and, with {@code averageDaily}, that many reported on each of 7 days. */
    FactsBuilder activeUsers(long mau, Double averageDaily) {
        withUsage = true;
        usage.put("activeUsersLast30Days", mau);
        usage.putObject("users").put("last30Days", mau);
        if (averageDaily != null) {
            dailyReports(0, 6, averageDaily.intValue());
        }
        return this;
    }

    /** A daily active users report of {@code count} on each UTC day {@code from}..{@code to} days before today. */
    FactsBuilder dailyReports(int from, int to, int count) {
        withUsage = true;
        ArrayNode reports = usage.withArrayProperty("dailyActiveUsers");
        for (int back = from; back <= to; back++) {
            reports.addObject().put("date", ago(back).substring(0, 10)).put("count", count);
        }
        return this;
    }

    FactsBuilder features(int used, int unusedEntitled) {
        withUsage = true;
        ArrayNode features = usage.putArray("features");
        for (int i = 0; i < used; i++) {
            features.addObject().put("feature", "f" + i);
        }
        ArrayNode unused = usage.putArray("unusedEntitledFeatures");
        for (int i = 0; i < unusedEntitled; i++) {
            unused.add("u" + i);
        }
        return this;
    }

    FactsBuilder subscription(Integer seatsTotal, Integer seatsUsed, Double arr, String renewalDate, String status) {
        withSubscription = true;
        // a stored record always says when it last changed (the seat counts' age weighs the expansion's confidence)
        ObjectNode current =
                subscription.putObject("subscription").put("status", status).put("lastChangedAt", ago(1));
        current.putArray("eventIds").add("evt_subscription");
        subscription
                .putObject("seats")
                .put("total", seatsTotal)
                .put("used", seatsUsed)
                .put("utilization", seatsTotal == null || seatsUsed == null ? null : (double) seatsUsed / seatsTotal);
        subscription.putObject("billing").put("arr", arr).put("renewalDate", renewalDate);
        subscription.putObject("paymentHealth").put("overdueInvoices", 0).put("failedPaymentsLast90Days", 0);
        return this;
    }

    FactsBuilder overdueInvoice(String id, int daysPastDue) {
        withSubscription = true;
        ObjectNode health = subscription.has("paymentHealth")
                ? (ObjectNode) subscription.get("paymentHealth")
                : subscription.putObject("paymentHealth");
        health.put("overdueInvoices", health.path("overdueInvoices").asInt(0) + 1);
        ArrayNode invoices = subscription.has("recentInvoices")
                ? (ArrayNode) subscription.get("recentInvoices")
                : subscription.putArray("recentInvoices");
        ObjectNode invoice =
                invoices.addObject().put("id", id).put("status", "overdue").put("dueDate", ago(daysPastDue));
        invoice.putArray("eventIds").add("evt_" + id);
        return this;
    }

    FactsBuilder failedPayments(int count) {
        withSubscription = true;
        (subscription.withObjectProperty("paymentHealth")).put("failedPaymentsLast90Days", count);
        return this;
    }

    FactsBuilder tickets(long total, int p1, int p2, int p3, int p4, Double resolutionHours, Double csat) {
        withSupport = true;
        support.put("totalTickets", total).put("openTickets", p1 + p2 + p3 + p4);
        support.putObject("openByPriority")
                .put("P1", p1)
                .put("P2", p2)
                .put("P3", p3)
                .put("P4", p4);
        support.put("averageResolutionHours", resolutionHours);
        support.putObject("csat").put("average", csat);
        ArrayNode open = support.putArray("open");
        for (int i = 0; i < p1; i++) {
            open.addObject()
                    .put("id", "T-P1-" + i)
                    .put("priority", "P1")
                    .put("firstSeenAt", ago(2))
                    .putArray("eventIds")
                    .add("evt_p1_" + i);
        }
        return this;
    }

    FactsBuilder escalatedTicket(String id, String priority, int daysOpen) {
        withSupport = true;
        ArrayNode open = support.has("open") ? (ArrayNode) support.get("open") : support.putArray("open");
        ObjectNode ticket = open.addObject()
                .put("id", id)
                .put("priority", priority)
                .put("escalated", true)
                .put("firstSeenAt", ago(daysOpen))
                .put("title", "Batch jobs failing");
        ticket.putArray("eventIds").add("evt_" + id);
        if (!support.has("totalTickets")) {
            support.put("totalTickets", 1).put("openTickets", 1);
            support.putObject("openByPriority").put(priority, 1);
        }
        return this;
    }

    FactsBuilder lastMeeting(Integer daysAgo, long meetingsIn90Days) {
        withEngagement = true;
        ObjectNode section = engagement.withObjectProperty("engagement");
        section.put("lastMeetingAt", daysAgo == null ? null : ago(daysAgo))
                .put("meetingsLast90Days", meetingsIn90Days)
                .put("lastMeetingEventId", daysAgo == null ? null : "evt_meeting");
        return this;
    }

    FactsBuilder lastTouchpoint(int daysAgo) {
        withEngagement = true;
        engagement.withObjectProperty("engagement").put("lastTouchpointAt", ago(daysAgo));
        return this;
    }

    FactsBuilder nps(Double latest) {
        withEngagement = true;
        engagement.withObjectProperty("engagement").putObject("nps").put("latest", latest);
        return this;
    }

    FactsBuilder upcomingQbr() {
        withEngagement = true;
        engagement
                .withObjectProperty("engagement")
                .putArray("upcomingMeetings")
                .addObject()
                .put("meetingType", "qbr");
        return this;
    }

    FactsBuilder champion(String name, Integer lastActiveDaysAgo, boolean departed) {
        withEngagement = true;
        ObjectNode contacts = engagement.withObjectProperty("contacts");
        ArrayNode list = departed
                ? (contacts.has("departedKeyContacts")
                        ? (ArrayNode) contacts.get("departedKeyContacts")
                        : contacts.putArray("departedKeyContacts"))
                : (contacts.has("champions") ? (ArrayNode) contacts.get("champions") : contacts.putArray("champions"));
        ObjectNode contact = list.addObject()
                .put("name", name)
                .put("role", "champion")
                .put("firstSeenAt", ago(400))
                .put("lastActivityAt", lastActiveDaysAgo == null ? null : ago(lastActiveDaysAgo));
        contact.putArray("eventIds").add("evt_" + name);
        return this;
    }

    FactsBuilder milestones(int completed, int atRisk, int planned) {
        ArrayNode milestones = intelligence.withObjectProperty("success").putArray("milestones");
        for (int i = 0; i < completed; i++) {
            milestones.addObject().put("status", "completed");
        }
        for (int i = 0; i < atRisk; i++) {
            milestones.addObject().put("status", "at_risk");
        }
        for (int i = 0; i < planned; i++) {
            milestones.addObject().put("status", "planned");
        }
        return this;
    }

    /** A health event of the CS platform {@code daysAgo} days ago. */
    FactsBuilder csHealthEvent(String signal, String severity, int daysAgo) {
        intelligence
                .withObjectProperty("success")
                .withArrayProperty("healthEvents")
                .addObject()
                .put("eventId", "evt_" + signal)
                .put("occurredAt", ago(daysAgo))
                .put("signal", signal)
                .put("severity", severity);
        return this;
    }

    FactsBuilder expansionDeal(double amount) {
        ObjectNode deal = sales.withArrayProperty("deals")
                .addObject()
                .put("id", "deal_1")
                .put("name", "Add 20 seats")
                .put("status", "open")
                .put("dealType", "expansion")
                .put("amount", amount);
        deal.putArray("eventIds").add("evt_deal");
        return this;
    }

    /** The facts from the answers, read into their records as the REST client reads profile-service's JSON. */
    AccountFacts build() {
        return new AccountFacts(
                JSON.convertValue(intelligence, CustomerIntelligence.class),
                withSubscription ? JSON.convertValue(subscription, SubscriptionSection.class) : null,
                withSupport ? JSON.convertValue(support, SupportSection.class) : null,
                withEngagement ? JSON.convertValue(engagement, EngagementMetrics.class) : null,
                withUsage ? JSON.convertValue(usage, UsageSection.class) : null,
                sales.isEmpty() ? null : JSON.convertValue(sales, SalesSection.class),
                NOW);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

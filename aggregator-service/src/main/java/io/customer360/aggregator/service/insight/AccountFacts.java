package io.customer360.aggregator.service.insight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.customer360.aggregator.service.provider.ProviderResults;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The observed facts about one account, read from the providers' answers (profile-service's sections). Every
 * accessor answers null (or empty) when the fact is unknown: a provider was not asked, failed, or the source never
 * reported it. Insights are computed from these facts only, relative to {@link #now()}.
 */
public final class AccountFacts {

    private final JsonNode intelligence;
    private final JsonNode subscription;
    private final JsonNode support;
    private final JsonNode engagement;
    private final JsonNode usage;
    private final JsonNode sales;
    private final Instant now;

    public AccountFacts(JsonNode intelligence, JsonNode subscription, JsonNode support, JsonNode engagement,
            JsonNode usage, JsonNode sales, Instant now) {
        this.intelligence = orMissing(intelligence);
        this.subscription = orMissing(subscription);
        this.support = orMissing(support);
        this.engagement = orMissing(engagement);
        this.usage = orMissing(usage);
        this.sales = orMissing(sales);
        this.now = now;
    }

    /** The providers the facts are read from: when all of them answered, the insights rest on complete evidence. */
    public static final List<String> INPUTS = List.of("customer_intelligence", "subscription_details", "support_history",
            "engagement_metrics", "feature_usage", "sales_pipeline");

    public static boolean completeEvidence(ProviderResults results) {
        return INPUTS.stream().allMatch(name -> results.outcome(name) != null && results.outcome(name).ok());
    }

    public static AccountFacts from(ProviderResults results, Instant now) {
        return new AccountFacts(results.data("customer_intelligence"), results.data("subscription_details"),
                results.data("support_history"), results.data("engagement_metrics"), results.data("feature_usage"),
                results.data("sales_pipeline"), now);
    }

    public Instant now() {
        return now;
    }

    // which sources answered

    public boolean hasProfile() {
        return !intelligence.isMissingNode();
    }

    public boolean hasSubscription() {
        return !subscription.isMissingNode();
    }

    public boolean hasSupport() {
        return !support.isMissingNode();
    }

    public boolean hasEngagement() {
        return !engagement.isMissingNode();
    }

    public boolean hasUsage() {
        return !usage.isMissingNode();
    }

    // profile

    public JsonNode profile() {
        return intelligence.path("profile");
    }

    public String name() {
        return text(profile().path("name"));
    }

    public String industry() {
        return text(profile().path("attributes").path("industry"));
    }

    public String segment() {
        JsonNode segments = profile().path("segments");
        return segments.isArray() && !segments.isEmpty() ? segments.get(0).asText() : null;
    }

    public String accountOwner() {
        return text(profile().path("attributes").path("accountOwner"));
    }

    public Instant customerSince() {
        return instant(profile().path("customerSince"));
    }

    public List<JsonNode> notes() {
        return list(intelligence.path("notes").path("items"));
    }

    public List<JsonNode> milestones() {
        return list(intelligence.path("success").path("milestones"));
    }

    // subscription and billing

    public JsonNode currentSubscription() {
        return subscription.path("subscription");
    }

    public Double arr() {
        return number(subscription.path("billing").path("arr"));
    }

    public Integer seatsTotal() {
        return integer(subscription.path("seats").path("total"));
    }

    public Integer seatsUsed() {
        return integer(subscription.path("seats").path("used"));
    }

    public Double seatUtilization() {
        return number(subscription.path("seats").path("utilization"));
    }

    /** The renewal date, else the contract end. */
    public Instant renewalDate() {
        Instant renewal = instant(subscription.path("billing").path("renewalDate"));
        return renewal != null ? renewal : instant(subscription.path("billing").path("contractEndDate"));
    }

    public Long daysToRenewal() {
        Instant renewal = renewalDate();
        return renewal == null ? null : Duration.between(now, renewal).toDays();
    }

    public String subscriptionStatus() {
        return text(currentSubscription().path("status"));
    }

    public long overdueInvoices() {
        return subscription.path("paymentHealth").path("overdueInvoices").asLong(0);
    }

    public long failedPaymentsLast90Days() {
        return subscription.path("paymentHealth").path("failedPaymentsLast90Days").asLong(0);
    }

    public List<JsonNode> recentInvoices() {
        return list(subscription.path("recentInvoices"));
    }

    public List<JsonNode> recentPayments() {
        return list(subscription.path("recentPayments"));
    }

    /** Overdue invoices with their due date more than {@code days} ago. */
    public List<JsonNode> invoicesOverdueLongerThan(int days) {
        return recentInvoices().stream().filter(invoice -> "overdue".equals(invoice.path("status").asText()))
                .filter(invoice -> {
                    Instant due = instant(invoice.path("dueDate"));
                    return due != null && Duration.between(due, now).toDays() > days;
                }).toList();
    }

    // support

    public long totalTickets() {
        return support.path("totalTickets").asLong(0);
    }

    public long openTickets() {
        return support.path("openTickets").asLong(0);
    }

    public long openTickets(String priority) {
        return support.path("openByPriority").path(priority).asLong(0);
    }

    public Double averageResolutionHours() {
        return number(support.path("averageResolutionHours"));
    }

    public Double csat() {
        return number(support.path("csat").path("average"));
    }

    public List<JsonNode> openTicketList() {
        return list(support.path("open"));
    }

    /** Open, escalated tickets of priority P1 or P2 (docs/architecture.md: an active escalation). */
    public List<JsonNode> activeEscalations() {
        return openTicketList().stream().filter(t -> t.path("escalated").asBoolean(false))
                .filter(t -> "P1".equals(t.path("priority").asText()) || "P2".equals(t.path("priority").asText()))
                .toList();
    }

    public JsonNode supportSection() {
        return support;
    }

    // engagement and stakeholders

    public JsonNode engagementSection() {
        return engagement.path("engagement");
    }

    public Instant lastMeetingAt() {
        return instant(engagementSection().path("lastMeetingAt"));
    }

    public Instant lastTouchpointAt() {
        return instant(engagementSection().path("lastTouchpointAt"));
    }

    /** The newest meeting or CSM touchpoint. */
    public Instant lastContactAt() {
        Instant meeting = lastMeetingAt();
        Instant touchpoint = lastTouchpointAt();
        if (meeting == null) {
            return touchpoint;
        }
        return touchpoint == null || meeting.isAfter(touchpoint) ? meeting : touchpoint;
    }

    /** Any engagement on record: a meeting, touchpoint, NPS answer or login. Without it no engagement can have dropped. */
    public boolean hasEngagementHistory() {
        return lastMeetingAt() != null || lastTouchpointAt() != null || npsLatest() != null
                || instant(engagementSection().path("lastLoginAt")) != null;
    }

    public Long daysSince(Instant instant) {
        return instant == null ? null : Duration.between(instant, now).toDays();
    }

    public long meetingsLast90Days() {
        return engagementSection().path("meetingsLast90Days").asLong(0);
    }

    public Double npsLatest() {
        return number(engagementSection().path("nps").path("latest"));
    }

    public List<JsonNode> upcomingMeetings() {
        return list(engagementSection().path("upcomingMeetings"));
    }

    public List<JsonNode> champions() {
        return list(engagement.path("contacts").path("champions"));
    }

    public List<JsonNode> executiveSponsors() {
        return list(engagement.path("contacts").path("executiveSponsors"));
    }

    public List<JsonNode> departedKeyContacts() {
        return list(engagement.path("contacts").path("departedKeyContacts"));
    }

    /** The contacts still with the account (profile-service lists them by name), with roles and communication preferences. */
    public List<JsonNode> contacts() {
        return list(engagement.path("contacts").path("contacts")).stream()
                .filter(contact -> !"removed".equals(contact.path("status").asText())).toList();
    }

    // usage

    public JsonNode usageSection() {
        return usage;
    }

    public long sessionsLast30Days() {
        return usage.path("sessionsLast30Days").asLong(0);
    }

    public long sessionsPrevious30Days() {
        return usage.path("sessionsPrevious30Days").asLong(0);
    }

    /** Sessions of the last 30 days against the 30 before, in percent; null with no earlier sessions. */
    public Double sessionChangePercent() {
        long previous = sessionsPrevious30Days();
        return previous == 0 ? null : 100.0 * (sessionsLast30Days() - previous) / previous;
    }

    public Long monthlyActiveUsers() {
        JsonNode users = usage.path("activeUsersLast30Days");
        return users.isNumber() ? users.asLong() : null;
    }

    public List<JsonNode> features() {
        return list(usage.path("features"));
    }

    public List<String> unusedEntitledFeatures() {
        List<String> unused = new ArrayList<>();
        list(usage.path("unusedEntitledFeatures")).forEach(f -> unused.add(f.asText()));
        return unused;
    }

    /** The average of the reported daily active users of the last 7 reported days, or null. */
    public Double averageDailyActiveUsers() {
        List<JsonNode> days = list(usage.path("dailyActiveUsers"));
        List<Double> counts = days.stream().limit(7).map(day -> number(day.path("count"))).filter(c -> c != null).toList();
        return counts.isEmpty() ? null : counts.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    // sales

    /** Open deals of type expansion or upsell. */
    public List<JsonNode> openExpansionDeals() {
        return list(sales.path("deals")).stream().filter(d -> "open".equals(d.path("status").asText()))
                .filter(d -> List.of("expansion", "upsell", "cross_sell").contains(d.path("dealType").asText())).toList();
    }

    /** The owner of the newest open deal: the account executive, as far as the pipeline tells. */
    public String accountExecutive() {
        return list(sales.path("deals")).stream().filter(d -> "open".equals(d.path("status").asText()))
                .map(d -> text(d.path("owner"))).filter(owner -> owner != null).findFirst().orElse(null);
    }

    // reading helpers

    public static List<String> eventIds(JsonNode record) {
        List<String> ids = new ArrayList<>();
        record.path("eventIds").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(items::add);
        }
        return items;
    }

    static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    static Double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            try {
                return Double.valueOf(node.asText());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Integer integer(JsonNode node) {
        Double value = number(node);
        return value == null ? null : value.intValue();
    }

    /** An instant from an ISO instant, offset date-time or date (a date is its start, UTC); null when unreadable. */
    public static Instant instant(JsonNode node) {
        String value = text(node);
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static JsonNode orMissing(JsonNode node) {
        return node == null || node.isNull() ? MissingNode.getInstance() : node;
    }
}

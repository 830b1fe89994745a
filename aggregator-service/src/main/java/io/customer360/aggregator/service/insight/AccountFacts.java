package io.customer360.aggregator.service.insight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.domain.CustomerIntelligence;
import io.customer360.aggregator.domain.EngagementMetrics;
import io.customer360.aggregator.service.provider.ProviderResults;
import io.customer360.common.contract.profile.Contact;
import io.customer360.common.contract.profile.ContactsSection;
import io.customer360.common.contract.profile.Customer;
import io.customer360.common.contract.profile.Deal;
import io.customer360.common.contract.profile.EngagementSection;
import io.customer360.common.contract.profile.Invoice;
import io.customer360.common.contract.profile.Meeting;
import io.customer360.common.contract.profile.Milestone;
import io.customer360.common.contract.profile.Note;
import io.customer360.common.contract.profile.Payment;
import io.customer360.common.contract.profile.SalesSection;
import io.customer360.common.contract.profile.StoredRecord;
import io.customer360.common.contract.profile.Subscription;
import io.customer360.common.contract.profile.SubscriptionSection;
import io.customer360.common.contract.profile.SuccessSection;
import io.customer360.common.contract.profile.SupportSection;
import io.customer360.common.contract.profile.Ticket;
import io.customer360.common.contract.profile.UsageSection;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The observed facts about one account, read from the providers' answers (profile-service's sections, as the records of
 * {@code io.customer360.common.contract.profile}). Every accessor answers null (or empty) when the fact is unknown: a
 * provider was not asked, failed, or the source never reported it. Insights are computed from these facts only,
 * relative to {@link #now()}.
 */
public final class AccountFacts {

    private final CustomerIntelligence intelligence;
    private final SubscriptionSection subscription;
    private final SupportSection support;
    private final EngagementMetrics engagement;
    private final UsageSection usage;
    private final SalesSection sales;
    private final Instant now;

    public AccountFacts(
            CustomerIntelligence intelligence,
            SubscriptionSection subscription,
            SupportSection support,
            EngagementMetrics engagement,
            UsageSection usage,
            SalesSection sales,
            Instant now) {
        this.intelligence = intelligence;
        this.subscription = subscription;
        this.support = support;
        this.engagement = engagement;
        this.usage = usage;
        this.sales = sales;
        this.now = now;
    }

    /** The providers the facts are read from: when all of them answered, the insights rest on complete evidence. */
    public static final List<String> INPUTS = List.of(
            "customer_intelligence",
            "subscription_details",
            "support_history",
            "engagement_metrics",
            "feature_usage",
            "sales_pipeline");

    public static boolean completeEvidence(ProviderResults results) {
        return INPUTS.stream()
                .allMatch(name ->
                        results.outcome(name) != null && results.outcome(name).ok());
    }

    public static AccountFacts from(ProviderResults results, Instant now) {
        return new AccountFacts(
                results.data("customer_intelligence", CustomerIntelligence.class),
                results.data("subscription_details", SubscriptionSection.class),
                results.data("support_history", SupportSection.class),
                results.data("engagement_metrics", EngagementMetrics.class),
                results.data("feature_usage", UsageSection.class),
                results.data("sales_pipeline", SalesSection.class),
                now);
    }

    public Instant now() {
        return now;
    }

    // which sources answered

    public boolean hasProfile() {
        return intelligence != null;
    }

    public boolean hasSubscription() {
        return subscription != null;
    }

    public boolean hasSupport() {
        return support != null;
    }

    public boolean hasEngagement() {
        return engagement != null;
    }

    public boolean hasUsage() {
        return usage != null;
    }

    /** The inputs an insight's completeness counts: profile, subscription, support, engagement, usage. */
    public static final int EVIDENCE_INPUTS = 5;

    /** How many of the {@link #EVIDENCE_INPUTS} answered (for {@link Confidence#completeness}). */
    public int inputsAnswered() {
        int answered = 0;
        for (boolean has : new boolean[] {hasProfile(), hasSubscription(), hasSupport(), hasEngagement(), hasUsage()}) {
            answered += has ? 1 : 0;
        }
        return answered;
    }

    /**
     * Whether there is usage data to judge the account by (the seed's minimum data): a session in 60 days, a feature
     * used in 90, any reported daily-active-users figure (the 60 newest reports, however old, so an account that
     * reported usage and then went quiet is judged, not silenced), or a person seen by id (session, feature use, login)
     * in 60 days.
     */
    public boolean hasUsageData() {
        return usage != null
                && (usage.sessionsLast30Days() + usage.sessionsPrevious30Days() > 0
                        || !listOf(usage.features()).isEmpty()
                        || !listOf(usage.dailyActiveUsers()).isEmpty()
                        || (usage.users() != null
                                && usage.users().last30Days() + usage.users().previous30Days() > 0));
    }

    // profile

    private <T> T profile(Function<Customer, T> value) {
        return intelligence == null || intelligence.profile() == null ? null : value.apply(intelligence.profile());
    }

    public String name() {
        return profile(Customer::name);
    }

    public String industry() {
        return attribute("industry");
    }

    public String segment() {
        List<String> segments = listOf(profile(Customer::segments));
        return segments.isEmpty() ? null : segments.get(0);
    }

    public String accountOwner() {
        return attribute("accountOwner");
    }

    /** A profile field of the open set under {@code attributes} (the event catalog's profile fields), as text. */
    private String attribute(String name) {
        ObjectNode attributes = profile(Customer::attributes);
        JsonNode value = attributes == null ? null : attributes.get(name);
        return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
    }

    /** The profile's lifecycle stage ({@code profile_update}'s {@code lifecycle_stage}: onboarding, adoption, …). */
    public String lifecycleStage() {
        return attribute("lifecycleStage");
    }

    /** The CS platform's health events ({@code health_event}), newest first. */
    public List<SuccessSection.HealthEvent> healthEvents() {
        return intelligence == null || intelligence.success() == null
                ? List.of()
                : listOf(intelligence.success().healthEvents());
    }

    /** The CS platform's health events of severity high or critical within the last {@code days} days. */
    public List<SuccessSection.HealthEvent> csHealthAlerts(int days) {
        Instant since = now.minus(Duration.ofDays(days));
        return healthEvents().stream()
                .filter(e -> "high".equalsIgnoreCase(e.severity()) || "critical".equalsIgnoreCase(e.severity()))
                .filter(e -> {
                    Instant at = instant(e.occurredAt());
                    return at != null && !at.isBefore(since);
                })
                .toList();
    }

    public Instant customerSince() {
        return instant(profile(Customer::customerSince));
    }

    public Instant profileUpdatedAt() {
        return instant(profile(Customer::updatedAt));
    }

    public List<Note> notes() {
        return intelligence == null ? List.of() : listOf(intelligence.notes());
    }

    public List<Milestone> milestones() {
        return intelligence == null || intelligence.success() == null
                ? List.of()
                : listOf(intelligence.success().milestones());
    }

    // subscription and billing

    /** The current subscription, or null when there is none (or the subscription section did not answer). */
    public Subscription currentSubscription() {
        return subscription == null ? null : subscription.subscription();
    }

    public Double arr() {
        return subscription == null || subscription.billing() == null
                ? null
                : number(subscription.billing().arr());
    }

    public Integer seatsTotal() {
        return seats(SubscriptionSection.Seats::total);
    }

    public Integer seatsUsed() {
        return seats(SubscriptionSection.Seats::used);
    }

    public Double seatUtilization() {
        return number(seats(SubscriptionSection.Seats::utilization));
    }

    private <T> T seats(Function<SubscriptionSection.Seats, T> value) {
        return subscription == null || subscription.seats() == null ? null : value.apply(subscription.seats());
    }

    /** The renewal date, else the contract end. */
    public Instant renewalDate() {
        SubscriptionSection.Billing billing = subscription == null ? null : subscription.billing();
        if (billing == null) {
            return null;
        }
        Instant renewal = instant(billing.renewalDate());
        return renewal != null ? renewal : instant(billing.contractEndDate());
    }

    public Long daysToRenewal() {
        Instant renewal = renewalDate();
        return renewal == null ? null : Duration.between(now, renewal).toDays();
    }

    public String subscriptionStatus() {
        return currentSubscription() == null ? null : currentSubscription().status();
    }

    public long overdueInvoices() {
        return paymentHealth(SubscriptionSection.PaymentHealth::overdueInvoices);
    }

    public long failedPaymentsLast90Days() {
        return paymentHealth(SubscriptionSection.PaymentHealth::failedPaymentsLast90Days);
    }

    private long paymentHealth(Function<SubscriptionSection.PaymentHealth, Long> count) {
        return subscription == null || subscription.paymentHealth() == null
                ? 0
                : count.apply(subscription.paymentHealth());
    }

    public List<Invoice> recentInvoices() {
        return subscription == null ? List.of() : listOf(subscription.recentInvoices());
    }

    public List<Payment> recentPayments() {
        return subscription == null ? List.of() : listOf(subscription.recentPayments());
    }

    /** Overdue invoices with their due date more than {@code days} ago. */
    public List<Invoice> invoicesOverdueLongerThan(int days) {
        return recentInvoices().stream()
                .filter(invoice -> "overdue".equals(invoice.status()))
                .filter(invoice -> {
                    Instant due = instant(invoice.dueDate());
                    return due != null && Duration.between(due, now).toDays() > days;
                })
                .toList();
    }

    // support

    public long totalTickets() {
        return support == null ? 0 : support.totalTickets();
    }

    public long openTickets() {
        return support == null ? 0 : support.openTickets();
    }

    public long openTickets(String priority) {
        return support == null || support.openByPriority() == null
                ? 0
                : support.openByPriority().of(priority);
    }

    public long ticketsLast90Days() {
        return support == null ? 0 : support.ticketsLast90Days();
    }

    public long openEscalations() {
        return support == null ? 0 : support.openEscalations();
    }

    public List<SupportSection.CategoryCount> commonCategories() {
        return support == null ? List.of() : listOf(support.commonCategories());
    }

    public Double averageResolutionHours() {
        return support == null ? null : number(support.averageResolutionHours());
    }

    public Double csat() {
        return support == null || support.csat() == null
                ? null
                : number(support.csat().average());
    }

    public List<Ticket> openTicketList() {
        return support == null ? List.of() : listOf(support.open());
    }

    /** Tickets resolved or closed in the last 30 days (profile-service's support section). */
    public List<Ticket> recentlyResolvedTickets() {
        return support == null ? List.of() : listOf(support.recentlyResolved());
    }

    public Double averageFirstResponseHours() {
        return support == null ? null : number(support.averageFirstResponseHours());
    }

    /** Open, escalated tickets of priority P1 or P2 (docs/architecture.md: an active escalation). */
    public List<Ticket> activeEscalations() {
        return openTicketList().stream()
                .filter(t -> Boolean.TRUE.equals(t.escalated()))
                .filter(t -> "P1".equals(t.priority()) || "P2".equals(t.priority()))
                .toList();
    }

    // engagement and stakeholders

    private <T> T engagement(Function<EngagementSection, T> value) {
        return engagement == null || engagement.engagement() == null ? null : value.apply(engagement.engagement());
    }

    public Instant lastMeetingAt() {
        return instant(engagement(EngagementSection::lastMeetingAt));
    }

    public String lastMeetingEventId() {
        return engagement(EngagementSection::lastMeetingEventId);
    }

    public Instant lastTouchpointAt() {
        return instant(engagement(EngagementSection::lastTouchpointAt));
    }

    public Instant lastLoginAt() {
        return instant(engagement(EngagementSection::lastLoginAt));
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
        return lastMeetingAt() != null || lastTouchpointAt() != null || npsLatest() != null || lastLoginAt() != null;
    }

    public Long daysSince(Instant instant) {
        return instant == null ? null : Duration.between(instant, now).toDays();
    }

    public long meetingsLast90Days() {
        Long meetings = engagement(EngagementSection::meetingsLast90Days);
        return meetings == null ? 0 : meetings;
    }

    public Double npsLatest() {
        return number(engagement(e -> e.nps() == null ? null : e.nps().latest()));
    }

    /**
     * The customer's newest response: a meeting held or a (still active) contact's activity other than a login; null
     * when none is on record.
     */
    public Instant lastResponseAt() {
        Instant newest = lastMeetingAt();
        for (Contact contact : contacts()) {
            String type = contact.lastActivityType();
            Instant at = instant(contact.lastActivityAt());
            if (at != null && (type == null || !type.startsWith("login")) && (newest == null || at.isAfter(newest))) {
                newest = at;
            }
        }
        return newest;
    }

    /**
     * The newest NPS answer given by {@code contact}: its respondent is the contact's id, email or name (case
     * ignored); null when it gave none in the last year.
     */
    public EngagementSection.Answer latestNpsAnswerOf(Contact contact) {
        EngagementSection.Nps nps = engagement(EngagementSection::nps);
        if (nps == null || contact == null) {
            return null;
        }
        return listOf(nps.answers()).stream()
                .filter(a -> a.respondent() != null)
                .filter(a -> Stream.of(contact.id(), contact.email(), contact.name())
                        .anyMatch(name -> name != null && name.equalsIgnoreCase(a.respondent())))
                .findFirst()
                .orElse(null);
    }

    public List<Meeting> upcomingMeetings() {
        return listOf(engagement(EngagementSection::upcomingMeetings));
    }

    private List<Contact> contactList(Function<ContactsSection, List<Contact>> list) {
        return engagement == null || engagement.contacts() == null
                ? List.of()
                : listOf(list.apply(engagement.contacts()));
    }

    public List<Contact> champions() {
        return contactList(ContactsSection::champions);
    }

    public List<Contact> executiveSponsors() {
        return contactList(ContactsSection::executiveSponsors);
    }

    public List<Contact> departedKeyContacts() {
        return contactList(ContactsSection::departedKeyContacts);
    }

    /** The contacts still with the account (profile-service lists them by name), with roles and communication preferences. */
    public List<Contact> contacts() {
        return contactList(ContactsSection::contacts).stream()
                .filter(contact -> !"removed".equals(contact.status()))
                .toList();
    }

    // usage

    public long sessionsLast30Days() {
        return usage == null ? 0 : usage.sessionsLast30Days();
    }

    public long sessionsPrevious30Days() {
        return usage == null ? 0 : usage.sessionsPrevious30Days();
    }

    /** Sessions of the last 30 days against the 30 before, in percent; null with no earlier sessions. */
    public Double sessionChangePercent() {
        long previous = sessionsPrevious30Days();
        return previous == 0 ? null : 100.0 * (sessionsLast30Days() - previous) / previous;
    }

    public String sessionTrend() {
        return usage == null ? null : usage.sessionTrend();
    }

    public Instant lastSessionAt() {
        return usage == null ? null : instant(usage.lastSessionAt());
    }

    /**
     * The newest usage data of any source: the last session, the newest day a daily active users report describes, the
     * newest day a person was seen by id (a day is its start, UTC); null without any.
     */
    public Instant lastUsageAt() {
        Instant newest = lastSessionAt();
        List<Instant> days = new java.util.ArrayList<>();
        listOf(usage == null ? null : usage.dailyActiveUsers()).forEach(r -> days.add(instant(r.date())));
        if (usage != null && usage.users() != null) {
            listOf(usage.users().daily()).forEach(d -> days.add(instant(d.date())));
        }
        for (Instant day : days) {
            if (day != null && (newest == null || day.isAfter(newest))) {
                newest = day;
            }
        }
        return newest;
    }

    public String lastSessionEventId() {
        return usage == null ? null : usage.lastSessionEventId();
    }

    private UsageMetrics usageMetrics;

    /** Active users from every usage source (docs/view-fields.md#usage), or null without the usage section. */
    public UsageMetrics usageMetrics() {
        if (usageMetrics == null && usage != null) {
            usageMetrics = UsageMetrics.of(usage, LocalDate.ofInstant(now, ZoneOffset.UTC));
        }
        return usageMetrics;
    }

    /** MAU from every usage source: the larger of the people seen by id and the largest daily report of 30 days. */
    public Long monthlyActiveUsers() {
        return usage == null ? null : usageMetrics().mau();
    }

    public List<UsageSection.FeatureUse> features() {
        return usage == null ? List.of() : listOf(usage.features());
    }

    public List<String> unusedEntitledFeatures() {
        return usage == null ? List.of() : listOf(usage.unusedEntitledFeatures());
    }

    /** Whether the account reports daily active users ({@code active_users}), however long ago. */
    public boolean reportsDailyActiveUsers() {
        return usage != null && !listOf(usage.dailyActiveUsers()).isEmpty();
    }

    /** Average daily active users of the last 7 UTC days from every usage source, or null without usage. */
    public Double averageDailyActiveUsers() {
        return usage == null ? null : usageMetrics().dau();
    }

    // sales

    private List<Deal> openDeals() {
        return sales == null
                ? List.of()
                : listOf(sales.deals()).stream()
                        .filter(d -> "open".equals(d.status()))
                        .toList();
    }

    /** Open deals of type expansion or upsell. */
    public List<Deal> openExpansionDeals() {
        return openDeals().stream()
                .filter(d -> d.dealType() != null
                        && List.of("expansion", "upsell", "cross_sell").contains(d.dealType()))
                .toList();
    }

    /** Features the customer asked for in 365 days (feature_requested), most asked first. */
    public List<SalesSection.FeatureRequest> featureRequests() {
        return sales == null ? List.of() : listOf(sales.featureRequests());
    }

    /** How the view names the account executive's source: inferred from the newest open deal's owner. */
    public static final String AE_FROM_DEAL_OWNER = "inferred_from_deal_owner";

    /** The owner of the newest open deal: the account executive, as far as the pipeline tells (inferred). */
    public String accountExecutive() {
        return openDeals().stream()
                .map(Deal::owner)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    // reading helpers

    /** The events behind a record's current values, newest first; none for no record. */
    public static List<String> eventIds(StoredRecord record) {
        return record == null ? List.of() : listOf(record.eventIds());
    }

    /** A list the source left out is empty. */
    public static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }

    static Double number(BigDecimal value) {
        return value == null ? null : value.doubleValue();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** An instant from an ISO instant, offset date-time or date (a date is its start, UTC); null when absent or unreadable. */
    public static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

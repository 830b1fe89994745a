package io.customer360.aggregator.service.insight;

import io.customer360.aggregator.config.AggregatorConfig;
import io.customer360.aggregator.domain.insight.Evidence;
import io.customer360.aggregator.domain.insight.Risk;
import io.customer360.aggregator.domain.insight.Severity;
import io.customer360.common.contract.profile.Contact;
import io.customer360.common.contract.profile.Invoice;
import io.customer360.common.contract.profile.Ticket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The seed's six risk signals (Phase 2), thresholds from {@link AggregatorConfig.Risks}:
 * <ul>
 * <li>{@code usage_decline}: sessions of the last 30 days fell by more than the threshold against the 30 days before
 * (the seed's {@code usage_trend < -20%}: −20 % exactly is no decline, −20.1 % is); high from −50 %.</li>
 * <li>{@code engagement_drop}: no meeting for more than 45 days (or none on record while other engagement is); high
 * from twice that.</li>
 * <li>{@code support_escalation}: more than 2 open P1 tickets (critical), or an open escalated P1/P2 ticket (high).</li>
 * <li>{@code champion_risk}: a champion left (high, observed); a champion without activity for more than 30 days
 * (medium, inferred).</li>
 * <li>{@code payment_issue}: an invoice overdue by more than 30 days (high; critical beyond twice that); addition:
 * two or more failed payments in 90 days (medium).</li>
 * <li>{@code contract_concern}: renewal within 90 days and no meeting or touchpoint for 30 days (inferred).</li>
 * <li>{@code sla_breach} (addition): an open or recently resolved ticket missed its first-response or resolution target
 * ({@link SupportSla}); high while an open P1/P2 ticket is past a target, medium for another open ticket past one or a
 * resolved P1/P2 that missed one, low when only resolved P3/P4 tickets did. An open ticket the support_escalation risk
 * already raises is not raised again.</li>
 * </ul>
 * Sorted most severe first. Confidence from the evidence ({@link Confidence}): observed risks by the completeness of
 * the inputs; inferred ones also by how far the silence passed its threshold.
 */
public final class RiskDetector {

    private RiskDetector() {}

    public static List<Risk> detect(AccountFacts facts, AggregatorConfig.Risks thresholds) {
        return detect(facts, thresholds, SupportSla.withDefaults().judge(facts));
    }

    /** As {@link #detect(AccountFacts, AggregatorConfig.Risks)}, with the tickets judged against the SLA. */
    public static List<Risk> detect(
            AccountFacts facts, AggregatorConfig.Risks thresholds, List<SupportSla.TicketSla> slaTickets) {
        List<Risk> risks = new ArrayList<>();
        usageDecline(facts, thresholds, risks);
        engagementDrop(facts, thresholds, risks);
        supportEscalation(facts, thresholds, risks);
        championRisk(facts, thresholds, risks);
        paymentIssue(facts, thresholds, risks);
        contractConcern(facts, thresholds, risks);
        slaBreach(facts, slaTickets, escalationTickets(facts, thresholds), risks);
        risks.sort(Comparator.comparing(Risk::severity));
        return risks;
    }

    static void usageDecline(AccountFacts facts, AggregatorConfig.Risks thresholds, List<Risk> risks) {
        Double change = facts.sessionChangePercent();
        if (change == null || change >= thresholds.usageDeclinePercent()) {
            return;
        }
        String last = facts.lastSessionEventId();
        risks.add(Risk.of(
                "usage_decline",
                change <= -50 ? Severity.HIGH : Severity.MEDIUM,
                "Sessions fell %d%% in the last 30 days (%d, against %d the 30 days before)"
                        .formatted(Math.round(-change), facts.sessionsLast30Days(), facts.sessionsPrevious30Days()),
                "Review usage with the customer and plan an adoption session",
                observed(facts),
                last == null ? List.of() : List.of(last)));
    }

    static void engagementDrop(AccountFacts facts, AggregatorConfig.Risks thresholds, List<Risk> risks) {
        if (!facts.hasEngagementHistory()) {
            return;
        }
        Long days = facts.daysSince(facts.lastMeetingAt());
        Long tenure = facts.daysSince(facts.customerSince());
        if (days == null && (tenure == null || tenure <= thresholds.noMeetingDays())) {
            return;
        }
        if (days != null && days <= thresholds.noMeetingDays()) {
            return;
        }
        String meeting = facts.lastMeetingEventId();
        risks.add(Risk.of(
                "engagement_drop",
                days == null || days > 2L * thresholds.noMeetingDays() ? Severity.HIGH : Severity.MEDIUM,
                days == null ? "No meeting on record" : "No meeting in %d days".formatted(days),
                "Schedule a check-in call this week",
                observed(facts),
                meeting == null ? List.of() : List.of(meeting)));
    }

    static void supportEscalation(AccountFacts facts, AggregatorConfig.Risks thresholds, List<Risk> risks) {
        long p1 = facts.openTickets("P1");
        List<Ticket> escalations = facts.activeEscalations();
        if (p1 > thresholds.openP1Tickets()) {
            List<String> ids = facts.openTicketList().stream()
                    .filter(t -> "P1".equals(t.priority()))
                    .flatMap(t -> AccountFacts.eventIds(t).stream())
                    .distinct()
                    .toList();
            risks.add(Risk.of(
                    "support_escalation",
                    Severity.CRITICAL,
                    "%d P1 tickets open".formatted(p1),
                    "Escalate to engineering leadership and brief the account team",
                    observed(facts),
                    ids));
        } else if (!escalations.isEmpty()) {
            Ticket ticket = escalations.get(0);
            Long days = facts.daysSince(AccountFacts.instant(ticket.firstSeenAt()));
            risks.add(Risk.of(
                    "support_escalation",
                    Severity.HIGH,
                    "%s ticket %s escalated and open for %d days%s"
                            .formatted(
                                    ticket.priority(),
                                    ticket.id(),
                                    days == null ? 0 : days,
                                    ticket.title() != null ? ": " + ticket.title() : ""),
                    "Escalate to engineering; the CSM joins the resolution call",
                    observed(facts),
                    escalations.stream()
                            .flatMap(t -> AccountFacts.eventIds(t).stream())
                            .distinct()
                            .toList()));
        }
    }

    static void championRisk(AccountFacts facts, AggregatorConfig.Risks thresholds, List<Risk> risks) {
        List<Contact> departed = facts.departedKeyContacts().stream()
                .filter(c -> "champion".equals(c.role()))
                .toList();
        if (!departed.isEmpty()) {
            Contact contact = departed.get(0);
            risks.add(Risk.of(
                    "champion_risk",
                    Severity.HIGH,
                    "Champion %s left".formatted(orElse(contact.name(), "a champion")),
                    "Identify and engage a new champion",
                    observed(facts),
                    AccountFacts.eventIds(contact)));
            return;
        }
        Instant cutoff = facts.now().minus(java.time.Duration.ofDays(thresholds.championInactiveDays()));
        List<Contact> inactive = facts.champions().stream()
                .filter(c -> {
                    Instant active = AccountFacts.instant(c.lastActivityAt());
                    Instant seen = active != null ? active : AccountFacts.instant(c.firstSeenAt());
                    return seen != null && seen.isBefore(cutoff);
                })
                .toList();
        if (!inactive.isEmpty()) {
            Contact contact = inactive.get(0);
            Instant active = AccountFacts.instant(contact.lastActivityAt());
            Instant seen = active != null ? active : AccountFacts.instant(contact.firstSeenAt());
            Long silentDays = facts.daysSince(seen);
            risks.add(Risk.of(
                    "champion_risk",
                    Severity.MEDIUM,
                    "Champion %s has shown no activity for more than %d days"
                            .formatted(orElse(contact.name(), "(unnamed)"), thresholds.championInactiveDays()),
                    "Re-engage the champion before the next milestone",
                    // 0.5 at the threshold of silence, 1 at twice it; absence is measured now
                    Evidence.inferred(Confidence.of(
                            silentDays == null
                                    ? 1
                                    : Confidence.strength(
                                            silentDays,
                                            thresholds.championInactiveDays(),
                                            2.0 * thresholds.championInactiveDays()),
                            1,
                            facts)),
                    AccountFacts.eventIds(contact)));
        }
    }

    static void paymentIssue(AccountFacts facts, AggregatorConfig.Risks thresholds, List<Risk> risks) {
        List<Invoice> overdue = facts.invoicesOverdueLongerThan(thresholds.invoiceOverdueDays());
        if (!overdue.isEmpty()) {
            boolean critical = !facts.invoicesOverdueLongerThan(2 * thresholds.invoiceOverdueDays())
                    .isEmpty();
            risks.add(Risk.of(
                    "payment_issue",
                    critical ? Severity.CRITICAL : Severity.HIGH,
                    "%d invoice(s) overdue by more than %d days"
                            .formatted(
                                    overdue.size(),
                                    critical ? 2 * thresholds.invoiceOverdueDays() : thresholds.invoiceOverdueDays()),
                    "Contact the billing owner and agree a payment date",
                    observed(facts),
                    overdue.stream()
                            .flatMap(i -> AccountFacts.eventIds(i).stream())
                            .distinct()
                            .toList()));
        } else if (facts.failedPaymentsLast90Days() >= 2) {
            List<String> ids = facts.recentPayments().stream()
                    .filter(p -> "failed".equals(p.status()))
                    .flatMap(p -> AccountFacts.eventIds(p).stream())
                    .distinct()
                    .toList();
            risks.add(Risk.of(
                    "payment_issue",
                    Severity.MEDIUM,
                    "%d failed payments in 90 days".formatted(facts.failedPaymentsLast90Days()),
                    "Ask the customer to update the payment method",
                    observed(facts),
                    ids));
        }
    }

    static void contractConcern(AccountFacts facts, AggregatorConfig.Risks thresholds, List<Risk> risks) {
        Long days = facts.daysToRenewal();
        if (days == null || days < 0 || days > thresholds.renewalWindowDays() || !facts.hasEngagement()) {
            return;
        }
        Long sinceContact = facts.daysSince(facts.lastContactAt());
        if (sinceContact != null && sinceContact <= thresholds.renewalNoEngagementDays()) {
            return;
        }
        risks.add(Risk.of(
                "contract_concern",
                days <= 30 ? Severity.HIGH : Severity.MEDIUM,
                "Renewal in %d days and %s"
                        .formatted(
                                days,
                                sinceContact == null
                                        ? "no meeting or touchpoint on record"
                                        : "no meeting or touchpoint for " + sinceContact + " days"),
                "Schedule a renewal review with the decision makers",
                // 0.5 at the threshold without contact, 1 at twice it (never any contact: 1); absence is measured now
                Evidence.inferred(Confidence.of(
                        sinceContact == null
                                ? 1
                                : Confidence.strength(
                                        sinceContact,
                                        thresholds.renewalNoEngagementDays(),
                                        2.0 * thresholds.renewalNoEngagementDays()),
                        1,
                        facts)),
                AccountFacts.eventIds(facts.currentSubscription())));
    }

    /**
     * An observed risk restates the source's current records (strength and recency 1): its confidence is the
     * completeness of the evidence ({@link Confidence}).
     */
    private static Evidence observed(AccountFacts facts) {
        return Evidence.observed(Confidence.of(1, 1, facts));
    }

    /** The tickets a support_escalation risk already raises: active escalations, and open P1s when too many. */
    static java.util.Set<String> escalationTickets(AccountFacts facts, AggregatorConfig.Risks thresholds) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        facts.activeEscalations().forEach(t -> ids.add(t.id()));
        if (facts.openTickets("P1") > thresholds.openP1Tickets()) {
            facts.openTicketList().stream()
                    .filter(t -> "P1".equals(t.priority()))
                    .forEach(t -> ids.add(t.id()));
        }
        return ids;
    }

    /** Tickets past an SLA target, except those a support_escalation risk already raises (the view lists all). */
    static void slaBreach(
            AccountFacts facts,
            List<SupportSla.TicketSla> tickets,
            java.util.Set<String> raisedAsEscalation,
            List<Risk> risks) {
        List<SupportSla.TicketSla> breached = tickets.stream()
                .filter(SupportSla.TicketSla::breached)
                .filter(t ->
                        !(t.open() && raisedAsEscalation.contains(t.ticket().id())))
                .toList();
        if (breached.isEmpty()) {
            return;
        }
        boolean openUrgent = breached.stream().anyMatch(t -> t.open() && urgent(t));
        boolean openOther = breached.stream().anyMatch(SupportSla.TicketSla::open);
        boolean resolvedUrgent = breached.stream().anyMatch(RiskDetector::urgent);
        long firstResponses =
                breached.stream().filter(t -> t.firstResponse().breached()).count();
        long resolutions =
                breached.stream().filter(t -> t.resolution().breached()).count();
        risks.add(Risk.of(
                "sla_breach",
                openUrgent ? Severity.HIGH : openOther || resolvedUrgent ? Severity.MEDIUM : Severity.LOW,
                "%d ticket(s) missed the support SLA (%d first response(s), %d resolution(s)); %s"
                        .formatted(breached.size(), firstResponses, resolutions, describe(breached.get(0))),
                "Review the tickets past their SLA with the support lead and tell the customer when each will be answered",
                observed(facts),
                breached.stream()
                        .flatMap(t -> AccountFacts.eventIds(t.ticket()).stream())
                        .distinct()
                        .toList()));
    }

    private static boolean urgent(SupportSla.TicketSla ticket) {
        return "P1".equals(ticket.ticket().priority())
                || "P2".equals(ticket.ticket().priority());
    }

    /** "P1 ticket TKT-7 unresolved 2 h past its 4 h resolution target" and the like. */
    static String describe(SupportSla.TicketSla ticket) {
        boolean resolution = ticket.resolution().breached();
        SupportSla.Clock clock = resolution ? ticket.resolution() : ticket.firstResponse();
        String what = clock.stoppedAt() == null
                ? (resolution ? "unresolved " : "unanswered ") + SupportSla.text(clock.minutesLate()) + " past"
                : (resolution ? "resolved " : "answered ") + SupportSla.text(clock.minutesLate()) + " after";
        return "%s ticket %s %s its %s %s target"
                .formatted(
                        ticket.ticket().priority(),
                        ticket.ticket().id(),
                        what,
                        SupportSla.text(clock.target().toMinutes()),
                        resolution ? "resolution" : "first-response");
    }

    private static String orElse(String value, String otherwise) {
        return value != null ? value : otherwise;
    }
}

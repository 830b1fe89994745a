package io.customer360.aggregator.service.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.domain.HealthTrend;
import io.customer360.aggregator.domain.insight.Dimension;
import io.customer360.aggregator.domain.insight.HealthScore;
import io.customer360.aggregator.service.insight.AccountFacts;
import io.customer360.aggregator.service.insight.OpportunityFinder;
import io.customer360.aggregator.service.insight.SupportSla;
import io.customer360.aggregator.service.insight.UsageMetrics;
import io.customer360.common.contract.profile.Contact;
import io.customer360.common.contract.profile.EngagementSection;
import io.customer360.common.contract.profile.Invoice;
import io.customer360.common.contract.profile.Milestone;
import io.customer360.common.contract.profile.Payment;
import io.customer360.common.contract.profile.Subscription;
import io.customer360.common.contract.profile.SuccessSection;
import io.customer360.common.contract.profile.Ticket;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's data sections, in its key names, from the observed facts; each field's definition is in
 * docs/view-fields.md. What the sources do not report is null, never guessed.
 */
final class ViewSections {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ViewSections() {}

    static ObjectNode accountProfile(AccountFacts facts) {
        ObjectNode section = JSON.objectNode();
        section.put("name", facts.name());
        section.put("segment", facts.segment());
        section.put("industry", facts.industry());
        putNumber(section, "arr", facts.arr());
        section.put("customerSince", date(facts.customerSince()));
        section.put("csm", facts.accountOwner());
        String ae = facts.accountExecutive();
        section.put("ae", ae);
        // no source names the account executive: it is the owner of the newest open deal, and says so
        section.put("aeSource", ae == null ? null : AccountFacts.AE_FROM_DEAL_OWNER);
        section.put("lifecycleStage", facts.lifecycleStage());
        Subscription subscription = facts.currentSubscription();
        section.put(
                "contractEnd",
                date(subscription == null ? null : AccountFacts.instant(subscription.contractEndDate())));
        return section;
    }

    static ObjectNode healthSummary(HealthScore health, HealthTrend trend) {
        ObjectNode section = JSON.objectNode();
        section.put("overallScore", health.overall());
        section.put("trend", trend.overall());
        section.put("trendDelta", trend.delta());
        ObjectNode dimensions = section.putObject("dimensions");
        for (Dimension dimension : Dimension.values()) {
            ObjectNode entry = dimensions.putObject(dimension.key());
            entry.put("score", health.dimensions().get(dimension));
            entry.put("trend", trend.dimensions().get(dimension));
            entry.put("weight", dimension.weight());
        }
        section.put("completeness", health.completeness());
        section.put("band", health.band());
        return section;
    }

    static ObjectNode engagementSummary(AccountFacts facts) {
        ObjectNode section = JSON.objectNode();
        section.put("lastMeeting", date(facts.lastMeetingAt()));
        Long days = facts.daysSince(facts.lastContactAt());
        section.put("daysSinceContact", days);
        section.put("meetingCadence", cadence(facts.meetingsLast90Days()));
        section.put("responsiveness", responsiveness(facts));
        putNumber(section, "npsScore", facts.npsLatest());
        section.set("executiveSponsor", sponsor(first(facts.executiveSponsors()), facts));
        section.set("champion", champion(first(facts.champions()), facts));
        return section;
    }

    static ObjectNode supportSummary(AccountFacts facts) {
        SupportSla sla = SupportSla.withDefaults();
        return supportSummary(facts, sla, sla.judge(facts));
    }

    /** The seed's support summary, plus the first-response average and the SLA (docs/view-fields.md#support-sla). */
    static ObjectNode supportSummary(AccountFacts facts, SupportSla sla, List<SupportSla.TicketSla> judged) {
        ObjectNode section = JSON.objectNode();
        section.put("openTickets", facts.openTickets());
        section.put("ticketsLast90Days", facts.ticketsLast90Days());
        Double hours = facts.averageResolutionHours();
        section.put("avgResolutionTime", hours == null ? null : Math.round(hours) + "h");
        putNumber(section, "csat", facts.csat());
        section.put("escalations", facts.openEscalations());
        ArrayNode top = section.putArray("topIssues");
        // a category reported as null reads "null", as it always has
        facts.commonCategories()
                .forEach(c -> top.addObject()
                        .put("category", String.valueOf(c.category()))
                        .put("count", c.tickets()));
        List<Ticket> escalations = facts.activeEscalations();
        if (escalations.isEmpty()) {
            section.putNull("activeEscalation");
        } else {
            Ticket ticket = escalations.get(0);
            ObjectNode active = section.putObject("activeEscalation");
            active.put("ticketId", ticket.id());
            active.put("issue", ticket.title());
            active.put("severity", ticket.priority());
            active.put("daysOpen", facts.daysSince(AccountFacts.instant(ticket.firstSeenAt())));
        }
        putNumber(section, "avgFirstResponseHours", facts.averageFirstResponseHours());
        section.set("sla", sla(sla, judged));
        return section;
    }

    /** Usage from every usage source (docs/view-fields.md#usage; {@link UsageMetrics}). */
    /**
     * The SLA's targets in hours, the breach counts over the open and recently resolved tickets with a known priority,
     * and each such ticket's clocks (breached ones first).
     */
    static ObjectNode sla(SupportSla sla, List<SupportSla.TicketSla> judged) {
        ObjectNode node = JSON.objectNode();
        ObjectNode targets = node.putObject("targets");
        sla.targets()
                .forEach((priority, target) -> targets.putObject(priority)
                        .put("firstResponseHours", hours(target.firstResponse()))
                        .put("resolutionHours", hours(target.resolution())));
        node.put("ticketsJudged", judged.size());
        node.put(
                "ticketsBreached",
                judged.stream().filter(SupportSla.TicketSla::breached).count());
        node.put(
                "firstResponseBreaches",
                judged.stream().filter(t -> t.firstResponse().breached()).count());
        node.put(
                "resolutionBreaches",
                judged.stream().filter(t -> t.resolution().breached()).count());
        node.put(
                "openPastTarget",
                judged.stream().filter(t -> t.open() && t.breached()).count());
        ArrayNode tickets = node.putArray("tickets");
        for (SupportSla.TicketSla ticket : judged) {
            ObjectNode entry = tickets.addObject()
                    .put("ticketId", ticket.ticket().id())
                    .put("priority", ticket.ticket().priority())
                    .put("status", ticket.open() ? "open" : "resolved")
                    .put("openedAt", ticket.openedAt().toString());
            entry.set("firstResponse", clock(ticket.firstResponse()));
            entry.set("resolution", clock(ticket.resolution()));
            entry.put("breached", ticket.breached());
        }
        return node;
    }

    private static ObjectNode clock(SupportSla.Clock clock) {
        ObjectNode node = JSON.objectNode();
        node.put("targetHours", hours(clock.target()));
        node.put("dueAt", clock.dueAt().toString());
        node.put("at", clock.stoppedAt() == null ? null : clock.stoppedAt().toString());
        node.put("state", clock.state().wire());
        node.put("minutesLate", clock.minutesLate());
        return node;
    }

    private static double hours(java.time.Duration duration) {
        return duration.toMinutes() / 60.0;
    }

    static ObjectNode usageSummary(AccountFacts facts) {
        UsageMetrics usage = facts.usageMetrics();
        ObjectNode section = JSON.objectNode();
        section.put("mau", usage.mau());
        section.put("mauTrend", usage.mauTrend());
        putNumber(section, "dauWauRatio", usage.dauWauRatio());
        ArrayNode top = section.putArray("topFeatures");
        facts.features().stream().limit(3).forEach(f -> top.add(String.valueOf(f.feature())));
        ArrayNode under = section.putArray("underutilized");
        facts.unusedEntitledFeatures().forEach(under::add);
        putNumber(section, "usageDepth", usage.usageDepth());
        section.put("powerUsers", usage.powerUsers());
        section.put("atRiskUsers", usage.atRiskUsers());
        // extensions: the figures the ratio and the trend come from
        section.put("wau", usage.wau());
        section.put("dau", Math.round(100 * usage.dau()) / 100.0);
        section.put("previousMau", usage.previousMau());
        return section;
    }

    static ObjectNode commercialSummary(AccountFacts facts) {
        Subscription subscription = facts.currentSubscription();
        ObjectNode section = JSON.objectNode();
        putNumber(section, "arr", facts.arr());
        ObjectNode contract = section.putObject("contract");
        String cycle = subscription == null
                        || subscription.billingCycle() == null
                        || subscription.billingCycle().isEmpty()
                ? null
                : subscription.billingCycle();
        contract.put(
                "type",
                cycle == null
                        ? null
                        : Character.toUpperCase(cycle.charAt(0))
                                + cycle.substring(1).toLowerCase(Locale.ROOT));
        contract.put("startDate", date(subscription == null ? null : AccountFacts.instant(subscription.startedAt())));
        Instant end = subscription == null ? null : AccountFacts.instant(subscription.contractEndDate());
        contract.put("endDate", date(end != null ? end : facts.renewalDate()));
        contract.put("daysToRenewal", facts.daysToRenewal());
        // as the billing source reports it (subscription auto_renew); null when none did
        contract.put("autoRenew", subscription == null ? null : subscription.autoRenew());
        ObjectNode billing = section.putObject("billing");
        billing.put("status", billingStatus(facts));
        Payment lastPayment = facts.recentPayments().stream()
                .filter(p -> "succeeded".equals(p.status()))
                .findFirst()
                .orElse(null);
        billing.put(
                "lastPayment", lastPayment == null ? null : date(AccountFacts.instant(lastPayment.lastChangedAt())));
        billing.put("paymentMethod", lastPayment == null ? null : lastPayment.method());
        billing.set("nextInvoice", nextInvoice(facts));
        ObjectNode expansion = section.putObject("expansion");
        expansion.put("currentSeats", facts.seatsTotal());
        expansion.put("usedSeats", facts.seatsUsed());
        putNumber(expansion, "seatUtilization", facts.seatUtilization());
        Integer seats = facts.seatsTotal();
        Long mau = facts.monthlyActiveUsers();
        expansion.put("usersWaitingForSeats", seats == null || mau == null ? null : Math.max(0, mau - seats));
        Double arr = facts.arr();
        putNumber(
                expansion,
                "pricePerSeat",
                arr == null || seats == null || seats <= 0 ? null : Math.round(100 * arr / seats) / 100.0);
        ArrayNode upsell = expansion.putArray("potentialUpsell");
        facts.openExpansionDeals().forEach(d -> upsell.add(d.name() != null ? d.name() : d.id()));
        OpportunityFinder.featuresNotInPlan(facts).forEach(r -> upsell.add(r.feature()));
        if (OpportunityFinder.apiCallsBeyondPlan(facts)) {
            upsell.add("API capacity");
        }
        return section;
    }

    /** The open invoice due first (an overdue one is past due, not next): id, amount, currency, due date; else null. */
    static JsonNode nextInvoice(AccountFacts facts) {
        Invoice next = facts.recentInvoices().stream()
                .filter(i -> "open".equals(i.status()))
                .min(java.util.Comparator.comparing(
                        (Invoice i) -> AccountFacts.instant(i.dueDate()),
                        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
                .orElse(null);
        if (next == null) {
            return JSON.nullNode();
        }
        ObjectNode node = JSON.objectNode();
        node.put("invoiceId", next.id());
        node.put("amount", next.amount());
        node.put("currency", next.currency());
        node.put("dueDate", date(AccountFacts.instant(next.dueDate())));
        return node;
    }

    static ObjectNode successPlan(AccountFacts facts) {
        ObjectNode section = JSON.objectNode();
        List<Milestone> milestones = facts.milestones();
        section.put("milestones", milestones.size());
        section.put(
                "completed",
                milestones.stream().filter(m -> "completed".equals(m.status())).count());
        section.put(
                "atRisk",
                milestones.stream().filter(m -> "at_risk".equals(m.status())).count());
        ArrayNode list = section.putArray("items");
        milestones.stream()
                .limit(10)
                .forEach(m -> list.addObject()
                        .put("name", m.name())
                        .put("status", m.status())
                        .put("dueDate", m.dueDate()));
        // the CS platform's health events, newest first, and the newest score it sent
        List<SuccessSection.HealthEvent> events = facts.healthEvents();
        SuccessSection.HealthEvent scored =
                events.stream().filter(e -> e.score() != null).findFirst().orElse(null);
        putNumber(
                section, "csHealthScore", scored == null ? null : scored.score().doubleValue());
        section.put("csHealthScoreAt", scored == null ? null : scored.occurredAt());
        ArrayNode health = section.putArray("healthEvents");
        events.stream().limit(10).forEach(e -> {
            ObjectNode event = health.addObject()
                    .put("signal", e.signal())
                    .put("severity", e.severity())
                    .put("occurredAt", e.occurredAt())
                    .put("description", e.description())
                    .put("eventId", e.eventId());
            putNumber(event, "score", e.score() == null ? null : e.score().doubleValue());
        });
        return section;
    }

    /** The newest notes as profile-service returned them (sensitive ones already redacted for this caller). */
    static ArrayNode keyNotes(AccountFacts facts) {
        ArrayNode notes = JSON.arrayNode();
        facts.notes()
                .forEach(note -> notes.addObject()
                        .put("id", note.id())
                        .put("title", note.title())
                        .put("content", note.content())
                        .put("category", note.category())
                        .put("sensitive", Boolean.TRUE.equals(note.sensitive()))
                        .put("redacted", Boolean.TRUE.equals(note.redacted()))
                        .put("lastChangedAt", note.lastChangedAt()));
        return notes;
    }

    static String cadence(long meetingsIn90Days) {
        if (meetingsIn90Days >= 12) {
            return "weekly";
        }
        if (meetingsIn90Days >= 6) {
            return "biweekly";
        }
        if (meetingsIn90Days >= 3) {
            return "monthly";
        }
        return meetingsIn90Days >= 1 ? "quarterly" : "none";
    }

    static String billingStatus(AccountFacts facts) {
        if (!facts.hasSubscription()) {
            return null;
        }
        if (facts.overdueInvoices() > 0) {
            return "overdue";
        }
        return facts.failedPaymentsLast90Days() > 0 ? "payment_failed" : "current";
    }

    /**
     * How quickly the customer answers (docs/view-fields.md#engagement): from its newest response — a meeting held or a
     * contact's activity other than a login — high within 14 days, medium within 30, low beyond or with none while the
     * CSM reached out (a touchpoint); null with neither a response nor outreach on record.
     */
    static String responsiveness(AccountFacts facts) {
        Instant response = facts.lastResponseAt();
        if (response == null && facts.lastTouchpointAt() == null) {
            return null;
        }
        Long days = facts.daysSince(response);
        if (days == null || days > 30) {
            return "low";
        }
        return days <= 14 ? "high" : "medium";
    }

    /** An NPS score's band: promoter (9–10) positive, passive (7–8) neutral, detractor (0–6) negative. */
    static String sentiment(java.math.BigDecimal score) {
        if (score == null) {
            return null;
        }
        double value = score.doubleValue();
        return value >= 9 ? "positive" : value >= 7 ? "neutral" : "negative";
    }

    /** How active a contact is: high within 14 days, medium within 30, low beyond; null when never seen active. */
    static String activity(Contact contact, AccountFacts facts) {
        Long days = facts.daysSince(AccountFacts.instant(contact.lastActivityAt()));
        if (days == null) {
            return null;
        }
        return days <= 14 ? "high" : days <= 30 ? "medium" : "low";
    }

    private static JsonNode sponsor(Contact contact, AccountFacts facts) {
        if (contact == null) {
            return JSON.nullNode();
        }
        ObjectNode sponsor = JSON.objectNode();
        sponsor.put("name", contact.name());
        sponsor.put("title", contact.title());
        sponsor.put("lastEngagement", date(AccountFacts.instant(contact.lastActivityAt())));
        EngagementSection.Answer answer = facts.latestNpsAnswerOf(contact);
        sponsor.put("sentiment", answer == null ? null : sentiment(answer.score()));
        // extension: the answer the sentiment comes from
        putNumber(
                sponsor,
                "npsScore",
                answer == null || answer.score() == null ? null : answer.score().doubleValue());
        return sponsor;
    }

    private static JsonNode champion(Contact contact, AccountFacts facts) {
        if (contact == null) {
            return JSON.nullNode();
        }
        ObjectNode champion = JSON.objectNode();
        champion.put("name", contact.name());
        champion.put("title", contact.title());
        String engagement = activity(contact, facts);
        champion.put("engagement", engagement);
        champion.put("riskFlag", engagement == null || "low".equals(engagement));
        return champion;
    }

    private static <T> T first(List<T> items) {
        return items.isEmpty() ? null : items.get(0);
    }

    private static void putNumber(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            node.put(field, value.longValue());
        } else {
            node.put(field, value);
        }
    }

    static String date(Instant instant) {
        return instant == null
                ? null
                : LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    /** Section key → the field values it holds, for the share of unknown ones. */
    static double missingShare(JsonNode section) {
        int[] counts = new int[2];
        countLeaves(section, counts);
        return counts[0] == 0 ? 0 : Math.round(100.0 * counts[1] / counts[0]) / 100.0;
    }

    private static void countLeaves(JsonNode node, int[] counts) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getValue().isObject()) {
                    countLeaves(field.getValue(), counts);
                } else {
                    counts[0]++;
                    if (field.getValue().isNull()) {
                        counts[1]++;
                    }
                }
            });
        }
    }

    /** The sections a map of statuses covers, in display order. */
    static final List<String> DATA_SECTIONS = List.of(
            "accountProfile",
            "healthSummary",
            "engagementSummary",
            "supportSummary",
            "usageSummary",
            "commercialSummary");

    static final Map<String, List<String>> PROVIDERS_OF = Map.of(
            "accountProfile", List.of("customer_intelligence"),
            "healthSummary", List.of("account_health"),
            "engagementSummary", List.of("engagement_metrics"),
            "supportSummary", List.of("support_history"),
            "usageSummary", List.of("feature_usage"),
            "commercialSummary", List.of("subscription_details"),
            "successPlan", List.of("customer_intelligence"),
            "salesPipeline", List.of("sales_pipeline"),
            "securitySummary", List.of("security_context"),
            "enrichment", List.of("enrichment"));
}

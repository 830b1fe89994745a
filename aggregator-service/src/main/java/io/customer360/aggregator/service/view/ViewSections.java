package io.customer360.aggregator.service.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.aggregator.domain.HealthTrend;
import io.customer360.aggregator.domain.insight.Dimension;
import io.customer360.aggregator.domain.insight.HealthScore;
import io.customer360.aggregator.service.insight.AccountFacts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's data sections, in its key names, from the observed facts. What the sources do not report is null
 * (for example {@code responsiveness}, {@code dauWauRatio}: no source measures them yet), never guessed.
 */
final class ViewSections {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ViewSections() {
    }

    static ObjectNode accountProfile(AccountFacts facts) {
        ObjectNode section = JSON.objectNode();
        section.put("name", facts.name());
        section.put("segment", facts.segment());
        section.put("industry", facts.industry());
        putNumber(section, "arr", facts.arr());
        section.put("customerSince", date(facts.customerSince()));
        section.put("csm", facts.accountOwner());
        section.put("ae", facts.accountExecutive());
        section.put("contractEnd", date(AccountFacts.instant(facts.currentSubscription().path("contractEndDate"))));
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
        section.putNull("responsiveness");
        putNumber(section, "npsScore", facts.npsLatest());
        section.set("executiveSponsor", sponsor(first(facts.executiveSponsors()), facts));
        section.set("champion", champion(first(facts.champions()), facts));
        return section;
    }

    static ObjectNode supportSummary(AccountFacts facts) {
        JsonNode support = facts.supportSection();
        ObjectNode section = JSON.objectNode();
        section.put("openTickets", facts.openTickets());
        section.put("ticketsLast90Days", support.path("ticketsLast90Days").asLong(0));
        Double hours = facts.averageResolutionHours();
        section.put("avgResolutionTime", hours == null ? null : Math.round(hours) + "h");
        putNumber(section, "csat", facts.csat());
        section.put("escalations", support.path("openEscalations").asLong(0));
        ArrayNode top = section.putArray("topIssues");
        support.path("commonCategories").forEach(c -> top.addObject().put("category", c.path("category").asText())
                .put("count", c.path("tickets").asLong()));
        List<JsonNode> escalations = facts.activeEscalations();
        if (escalations.isEmpty()) {
            section.putNull("activeEscalation");
        } else {
            JsonNode ticket = escalations.get(0);
            ObjectNode active = section.putObject("activeEscalation");
            active.put("ticketId", ticket.path("id").asText());
            active.set("issue", ticket.path("title").isTextual() ? ticket.get("title") : JSON.nullNode());
            active.put("severity", ticket.path("priority").asText());
            active.put("daysOpen", facts.daysSince(AccountFacts.instant(ticket.path("firstSeenAt"))));
        }
        return section;
    }

    static ObjectNode usageSummary(AccountFacts facts) {
        JsonNode usage = facts.usageSection();
        ObjectNode section = JSON.objectNode();
        section.put("mau", facts.monthlyActiveUsers());
        String trend = usage.path("sessionTrend").isTextual() ? usage.get("sessionTrend").asText() : null;
        section.put("mauTrend", trend == null ? null : switch (trend) {
            case "up" -> "growing";
            case "down" -> "declining";
            default -> "stable";
        });
        section.putNull("dauWauRatio");
        ArrayNode top = section.putArray("topFeatures");
        facts.features().stream().limit(3).forEach(f -> top.add(f.path("feature").asText()));
        ArrayNode under = section.putArray("underutilized");
        facts.unusedEntitledFeatures().forEach(under::add);
        int used = facts.features().size();
        int unused = facts.unusedEntitledFeatures().size();
        section.put("usageDepth", used + unused == 0 ? null : Math.round(100.0 * used / (used + unused)) / 100.0);
        section.putNull("powerUsers");
        section.putNull("atRiskUsers");
        return section;
    }

    static ObjectNode commercialSummary(AccountFacts facts) {
        JsonNode subscription = facts.currentSubscription();
        ObjectNode section = JSON.objectNode();
        putNumber(section, "arr", facts.arr());
        ObjectNode contract = section.putObject("contract");
        String cycle = subscription.path("billingCycle").isTextual() ? subscription.get("billingCycle").asText() : null;
        contract.put("type", cycle == null ? null : Character.toUpperCase(cycle.charAt(0)) + cycle.substring(1).toLowerCase(Locale.ROOT));
        contract.put("startDate", date(AccountFacts.instant(subscription.path("startedAt"))));
        Instant end = AccountFacts.instant(subscription.path("contractEndDate"));
        contract.put("endDate", date(end != null ? end : facts.renewalDate()));
        contract.put("daysToRenewal", facts.daysToRenewal());
        contract.set("autoRenew", subscription.path("autoRenew").isBoolean() ? subscription.get("autoRenew") : JSON.nullNode());
        ObjectNode billing = section.putObject("billing");
        billing.put("status", billingStatus(facts));
        JsonNode lastPayment = facts.recentPayments().stream().filter(p -> "succeeded".equals(p.path("status").asText()))
                .findFirst().orElse(null);
        billing.put("lastPayment", lastPayment == null ? null : date(AccountFacts.instant(lastPayment.path("lastChangedAt"))));
        billing.set("paymentMethod", lastPayment != null && lastPayment.path("method").isTextual() ? lastPayment.get("method") : JSON.nullNode());
        ObjectNode expansion = section.putObject("expansion");
        expansion.put("currentSeats", facts.seatsTotal());
        expansion.put("usedSeats", facts.seatsUsed());
        putNumber(expansion, "seatUtilization", facts.seatUtilization());
        ArrayNode upsell = expansion.putArray("potentialUpsell");
        facts.openExpansionDeals().forEach(d -> upsell.add(d.path("name").asText(d.path("id").asText())));
        return section;
    }

    static ObjectNode successPlan(AccountFacts facts) {
        ObjectNode section = JSON.objectNode();
        List<JsonNode> milestones = facts.milestones();
        section.put("milestones", milestones.size());
        section.put("completed", milestones.stream().filter(m -> "completed".equals(m.path("status").asText())).count());
        section.put("atRisk", milestones.stream().filter(m -> "at_risk".equals(m.path("status").asText())).count());
        ArrayNode list = section.putArray("items");
        milestones.stream().limit(10).forEach(m -> list.addObject().put("name", m.path("name").asText(null))
                .put("status", m.path("status").asText(null)).put("dueDate", m.path("dueDate").asText(null)));
        return section;
    }

    /** The newest notes as profile-service returned them (sensitive ones already redacted for this caller). */
    static ArrayNode keyNotes(AccountFacts facts) {
        ArrayNode notes = JSON.arrayNode();
        facts.notes().forEach(note -> {
            ObjectNode entry = notes.addObject();
            entry.put("id", note.path("id").asText());
            entry.set("title", note.path("title").isMissingNode() ? JSON.nullNode() : note.get("title"));
            entry.set("content", note.path("content").isMissingNode() ? JSON.nullNode() : note.get("content"));
            entry.set("category", note.path("category").isMissingNode() ? JSON.nullNode() : note.get("category"));
            entry.put("sensitive", note.path("sensitive").asBoolean(false));
            entry.put("redacted", note.path("redacted").asBoolean(false));
            entry.set("lastChangedAt", note.path("lastChangedAt"));
        });
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

    /** How active a contact is: high within 14 days, medium within 30, low beyond; null when never seen active. */
    static String activity(JsonNode contact, AccountFacts facts) {
        Long days = facts.daysSince(AccountFacts.instant(contact.path("lastActivityAt")));
        if (days == null) {
            return null;
        }
        return days <= 14 ? "high" : days <= 30 ? "medium" : "low";
    }

    private static JsonNode sponsor(JsonNode contact, AccountFacts facts) {
        if (contact == null) {
            return JSON.nullNode();
        }
        ObjectNode sponsor = JSON.objectNode();
        sponsor.set("name", contact.path("name").isMissingNode() ? JSON.nullNode() : contact.get("name"));
        sponsor.set("title", contact.path("title").isMissingNode() ? JSON.nullNode() : contact.get("title"));
        sponsor.put("lastEngagement", date(AccountFacts.instant(contact.path("lastActivityAt"))));
        sponsor.putNull("sentiment");
        return sponsor;
    }

    private static JsonNode champion(JsonNode contact, AccountFacts facts) {
        if (contact == null) {
            return JSON.nullNode();
        }
        ObjectNode champion = JSON.objectNode();
        champion.set("name", contact.path("name").isMissingNode() ? JSON.nullNode() : contact.get("name"));
        champion.set("title", contact.path("title").isMissingNode() ? JSON.nullNode() : contact.get("title"));
        String engagement = activity(contact, facts);
        champion.put("engagement", engagement);
        champion.put("riskFlag", engagement == null || "low".equals(engagement));
        return champion;
    }

    private static JsonNode first(List<JsonNode> items) {
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
        return instant == null ? null : LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
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
    static final List<String> DATA_SECTIONS = List.of("accountProfile", "healthSummary", "engagementSummary", "supportSummary",
            "usageSummary", "commercialSummary");

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

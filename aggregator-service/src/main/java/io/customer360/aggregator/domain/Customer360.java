package io.customer360.aggregator.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.aggregator.domain.insight.Action;
import io.customer360.aggregator.domain.insight.Narrative;
import io.customer360.aggregator.domain.insight.Opportunity;
import io.customer360.aggregator.domain.insight.Risk;
import io.customer360.aggregator.domain.insight.Severity;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 360 view in the seed's response format (customer-360-aggregator.md), same key names, then extensions:
 * {@code recentTriggers} (the skills lately triggered for the customer, newest first; null when the agent does not
 * assess health), {@code sections} (status of each section), {@code agent} and {@code focus} as applied, {@code narrativeEvidence},
 * {@code guardrails}, {@code providers} (outcome and latency of each context provider) and the extra sections
 * {@code successPlan}, {@code salesPipeline}, {@code securitySummary}, {@code enrichment}, {@code keyNotes}.
 * A value that is unknown is present and null.
 *
 * <p>Serialized by hand (Redis cache, visibility rules, live updates, context packs), so it and every type it holds are
 * registered for native images here; with {@code targets} the annotated class itself is registered only when named.
 */
@RegisterForReflection(
        targets = {
            Customer360.class,
            RecentTrigger.class,
            Risk.class,
            Severity.class,
            Opportunity.class,
            Action.class,
            Action.Contact.class,
            Narrative.Sentence.class,
            SectionStatus.class,
            Guardrails.class,
            Conflict.class,
            Conflict.Chosen.class,
            SourceValue.class,
            ProviderReport.class
        })
public record Customer360(
        @Schema(required = true) String accountId,
        @Schema(required = true) Instant generatedAt,
        @Schema(required = true) double dataCompleteness,

        @Schema(
                required = true,
                description = "The seed's accountProfile (name, segment, industry, arr, customerSince, csm, ae, "
                        + "contractEnd) and: aeSource (inferred_from_deal_owner when ae is the newest open deal's "
                        + "owner, null without an ae), lifecycleStage (the profile's lifecycle_stage). "
                        + "docs/view-fields.md")
        JsonNode accountProfile,

        @Schema(required = true) JsonNode healthSummary,

        @Schema(
                required = true,
                description = "The seed's engagementSummary. responsiveness: high/medium/low by the age of the "
                        + "customer's newest response (a meeting held or a contact's activity other than a login: "
                        + "≤ 14 days, ≤ 30, older or none while a touchpoint reached out), null with neither; "
                        + "executiveSponsor.sentiment: positive/neutral/negative from the sponsor's own newest NPS "
                        + "answer (9–10, 7–8, 0–6; executiveSponsor.npsScore), null without one; champion.engagement "
                        + "high/medium/low by its last activity (≤ 14, ≤ 30 days, older), riskFlag true when low or "
                        + "never active. docs/view-fields.md")
        JsonNode engagementSummary,

        @Schema(
                required = true,
                description =
                        "The seed's supportSummary; extensions avgFirstResponseHours and sla: the support SLA's "
                                + "targets per priority (first response, resolution; aggregator.support.sla.*), breach counts "
                                + "over the open and recently resolved tickets and each ticket's clocks (met, breached, "
                                + "pending, unknown when the source reports no first responses). docs/view-fields.md#support-sla")
        JsonNode supportSummary,

        @Schema(
                required = true,
                description = "The seed's usageSummary from every usage source (people by user_id in sessions, "
                        + "feature uses and logins; reported daily active users; the larger per window, never the "
                        + "sum): mau, mauTrend (growing/stable/declining against previousMau, ±10 %), dauWauRatio "
                        + "(average daily active users of 7 days ÷ wau), usageDepth (features per active user ÷ the "
                        + "account's features), powerUsers (active on ≥ 12 of 30 days), atRiskUsers (active in 60 "
                        + "days, none in the last 14); extensions wau, dau, previousMau. docs/view-fields.md")
        JsonNode usageSummary,

        @Schema(
                required = true,
                description = "The seed's commercialSummary: contract.autoRenew as the billing source reported it "
                        + "(null when none did), billing.lastPayment/paymentMethod of the newest succeeded payment, "
                        + "extension billing.nextInvoice (the open invoice due first); expansion.usersWaitingForSeats "
                        + "(monthly active users beyond the seats), pricePerSeat (ARR ÷ seats), potentialUpsell (open "
                        + "expansion deals, features asked for but not in the plan, API capacity when used beyond it). "
                        + "docs/view-fields.md#commercial")
        JsonNode commercialSummary,

        @Schema(required = true, nullable = true) String keyNarrative,
        @Schema(required = true, nullable = true) List<Risk> riskIndicators,
        @Schema(required = true, nullable = true) List<Opportunity> opportunities,
        @Schema(required = true, nullable = true) List<Action> recommendedActions,
        @Schema(required = true, nullable = true) String exitState,
        @Schema(required = true, nullable = true) List<RecentTrigger> recentTriggers,
        @Schema(required = true) Map<String, SectionStatus> sections,
        @Schema(required = true) String agent,
        @Schema(required = true, nullable = true) String focus,
        @Schema(required = true, nullable = true) List<Narrative.Sentence> narrativeEvidence,
        @Schema(required = true) Guardrails guardrails,
        @Schema(required = true) Map<String, ProviderReport> providers,

        @Schema(
                required = true,
                description = "Milestones (milestones, completed, atRisk, items) and the CS platform's health "
                        + "events (healthEvents: signal, severity, score, occurredAt, description, eventId, newest "
                        + "first, at most 10; csHealthScore and csHealthScoreAt: the newest score one carried)")
        JsonNode successPlan,

        @Schema(required = true) JsonNode salesPipeline,
        @Schema(required = true) JsonNode securitySummary,
        @Schema(required = true) JsonNode enrichment,
        @Schema(required = true) JsonNode keyNotes) {}

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
        String accountId,
        Instant generatedAt,
        double dataCompleteness,
        JsonNode accountProfile,
        JsonNode healthSummary,
        JsonNode engagementSummary,
        JsonNode supportSummary,
        JsonNode usageSummary,
        JsonNode commercialSummary,
        String keyNarrative,
        List<Risk> riskIndicators,
        List<Opportunity> opportunities,
        List<Action> recommendedActions,
        String exitState,
        List<RecentTrigger> recentTriggers,
        Map<String, SectionStatus> sections,
        String agent,
        String focus,
        List<Narrative.Sentence> narrativeEvidence,
        Guardrails guardrails,
        Map<String, ProviderReport> providers,
        JsonNode successPlan,
        JsonNode salesPipeline,
        JsonNode securitySummary,
        JsonNode enrichment,
        JsonNode keyNotes) {}

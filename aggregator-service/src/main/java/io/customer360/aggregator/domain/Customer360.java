package io.customer360.aggregator.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The 360 view in the seed's response format (customer-360-aggregator.md), same key names. A section this
 * service cannot build yet is present and null, and {@code sections} says why; nothing is invented.
 */
public record Customer360(
        String accountId,
        Instant generatedAt,
        double dataCompleteness,
        AccountProfile accountProfile,
        JsonNode healthSummary,
        JsonNode engagementSummary,
        JsonNode supportSummary,
        JsonNode usageSummary,
        JsonNode commercialSummary,
        String keyNarrative,
        List<JsonNode> riskIndicators,
        List<JsonNode> opportunities,
        List<JsonNode> recommendedActions,
        String exitState,
        Map<String, SectionStatus> sections) {
}

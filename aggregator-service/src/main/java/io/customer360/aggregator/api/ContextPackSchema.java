package io.customer360.aggregator.api;

import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The shape of a context pack as JSON ({@code ?format=json} or {@code Accept: application/json}), for the OpenAPI
 * document only: ContextPackService writes it as a tree (the MCP tool's structured content is the same).
 */
@Schema(name = "ContextPack", description = "Ranked items cut to the token budget")
record ContextPackSchema(
        @Schema(required = true) String customerId,
        @Schema(required = true) OffsetDateTime generatedAt,

        @Schema(required = true, minimum = "100", maximum = "32000")
        int maxTokens,

        @Schema(required = true, description = "How tokens are counted", examples = "characters / 4")
        String tokenEstimate,

        @Schema(required = true) List<Item> items,

        @Schema(required = true, minimum = "0", description = "Lower-ranked items left out to fit the budget")
        int omitted) {

    @Schema(name = "ContextPackItem")
    record Item(
            @Schema(required = true, minimum = "1") int rank,

            @Schema(
                    required = true,
                    description =
                            "summary, risk, action, narrative, opportunity, conflict, trigger, " + "section or note")
            String kind,

            @Schema(required = true) String text,
            @Schema(required = true) boolean stale,
            @Schema(required = true) boolean redacted,
            @Schema(required = true) List<String> evidenceEventIds) {}
}

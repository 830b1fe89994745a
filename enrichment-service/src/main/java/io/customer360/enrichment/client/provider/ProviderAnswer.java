package io.customer360.enrichment.client.provider;

import io.customer360.enrichment.domain.FoundField;
import java.util.List;

/**
 * What one provider call found, with the provider's confidence normalized to 0-1. No match: no fields. Queued: the
 * provider accepted the lookup but has no data yet (Clearbit's 202); like no match it finds nothing and costs
 * nothing, and it is no failure either.
 */
public record ProviderAnswer(List<FoundField> fields, double confidence, boolean queued) {

    public ProviderAnswer(List<FoundField> fields, double confidence) {
        this(fields, confidence, false);
    }

    public static ProviderAnswer noMatch() {
        return new ProviderAnswer(List.of(), 0);
    }

    public static ProviderAnswer queuedLookup() {
        return new ProviderAnswer(List.of(), 0, true);
    }

    public boolean matched() {
        return !fields.isEmpty();
    }
}

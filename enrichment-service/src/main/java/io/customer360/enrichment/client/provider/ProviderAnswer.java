package io.customer360.enrichment.client.provider;

import io.customer360.enrichment.domain.FoundField;
import java.util.List;

/** What one provider call found, with the provider's confidence normalized to 0-1. No match: no fields. */
public record ProviderAnswer(List<FoundField> fields, double confidence) {

    public static ProviderAnswer noMatch() {
        return new ProviderAnswer(List.of(), 0);
    }

    public boolean matched() {
        return !fields.isEmpty();
    }
}

package io.customer360.enrichment.service.waterfall;

import io.customer360.common.contract.enrichment.ProviderFailure;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The merged fields of one or more waterfalls, the providers that failed and why, and what each match cost. */
public record WaterfallResult(
        List<SourcedField> fields, List<ProviderFailure> failures, Map<String, BigDecimal> costs) {

    public boolean foundData() {
        return !fields.isEmpty();
    }
}

package io.customer360.enrichment.client.provider.property;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.client.provider.ProviderValues;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.DataType;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * ATTOM AVM detail for an address the caller gave: the market value is ATTOM's automated valuation,
 * {@code property[0].avm.amount.value} (USD), with its score {@code avm.amount.scr} (0-100) as the confidence.
 * Property detail carries no value, so the property waterfall asks this provider after {@link Attom}.
 */
@Singleton
public class AttomAvm extends AttomLookup {

    static final String NAME = "attom-avm";

    AttomAvm(@RestClient AttomAvmApi api, EnrichmentConfig config) {
        super(NAME, api::detail, AttomAvm::toAnswer, config);
    }

    static ProviderAnswer toAnswer(JsonNode body, double defaultConfidence) {
        JsonNode amount = body.path("property").path(0).path("avm").path("amount");
        if (!amount.isObject()) {
            return ProviderAnswer.noMatch();
        }
        var values = new ProviderValues().number(DataType.PROPERTY, "marketValue", amount.get("value"), 0, 1e12);
        JsonNode score = amount.get("scr");
        boolean scored = score != null && score.isNumber() && score.asDouble() >= 0 && score.asDouble() <= 100;
        return new ProviderAnswer(values.fields(), scored ? score.asDouble() / 100.0 : defaultConfidence);
    }
}

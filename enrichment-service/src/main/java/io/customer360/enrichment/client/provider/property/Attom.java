package io.customer360.enrichment.client.provider.property;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.client.provider.ProviderValues;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.DataType;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * ATTOM property detail for an address the caller gave: {@code {status: {code, msg}, property: [...]}} with the
 * address, summary, building and lot; ATTOM answers "SuccessWithoutResult" when nothing matches. Property detail
 * holds no value: the market value comes from ATTOM's AVM ({@link AttomAvm}), asked next in the property waterfall.
 */
@Singleton
public class Attom extends AttomLookup {

    static final String NAME = "attom";

    Attom(@RestClient AttomApi api, EnrichmentConfig config) {
        super(NAME, api::detail, Attom::toAnswer, config);
    }

    static ProviderAnswer toAnswer(JsonNode body, double confidence) {
        JsonNode property = body.path("property").path(0);
        if (!property.isObject()) {
            return ProviderAnswer.noMatch();
        }
        var values = new ProviderValues()
                .text(DataType.PROPERTY, "address", property.path("address").get("oneLine"))
                .text(
                        DataType.PROPERTY,
                        "propertyType",
                        property.path("summary").get("propertyType"))
                .number(DataType.PROPERTY, "yearBuilt", property.path("summary").get("yearbuilt"), 1600, 2100)
                .number(
                        DataType.PROPERTY,
                        "bedrooms",
                        property.path("building").path("rooms").get("beds"),
                        0,
                        500)
                .number(
                        DataType.PROPERTY,
                        "bathrooms",
                        property.path("building").path("rooms").get("bathstotal"),
                        0,
                        500)
                .number(
                        DataType.PROPERTY,
                        "livingAreaSqft",
                        property.path("building").path("size").get("livingsize"),
                        0,
                        1e8)
                .number(DataType.PROPERTY, "lotSizeAcres", property.path("lot").get("lotsize1"), 0, 1e7);
        return new ProviderAnswer(values.fields(), confidence);
    }
}

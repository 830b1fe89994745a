package io.customer360.enrichment.client.provider.property;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.enrichment.client.provider.EnrichmentProvider;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.client.provider.ProviderResponses;
import io.customer360.enrichment.client.provider.ProviderValues;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.LookupSubject;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * ATTOM property detail for an address the caller gave: {@code {status: {code, msg}, property: [...]}}; ATTOM
 * answers "SuccessWithoutResult" when nothing matches. The market value is read where ATTOM puts it
 * ({@code assessment.market.mktttlvalue}) and is null when the detail carries none.
 */
@ApplicationScoped
public class Attom implements EnrichmentProvider {

    static final String NAME = "attom";

    private final AttomApi api;
    private final EnrichmentConfig.Provider settings;

    Attom(@RestClient AttomApi api, EnrichmentConfig config) {
        this.api = api;
        this.settings = config.providers().get(NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DataType dataType() {
        return DataType.PROPERTY;
    }

    @Override
    public boolean canLookUp(LookupSubject subject) {
        return subject.hasAddress();
    }

    @Override
    public Uni<ProviderAnswer> lookUp(LookupSubject subject, String apiKey) {
        Uni<String> call = api.detail(apiKey, subject.addressLine1(), subject.addressLine2())
                .onFailure(WebApplicationException.class).recoverWithUni(failure ->
                        withoutResult((WebApplicationException) failure) ? Uni.createFrom().item("{}")
                                : Uni.createFrom().failure(failure));
        return ProviderResponses.answer(NAME, call, settings.maxResponseBytes(),
                body -> toAnswer(body, settings.defaultConfidence()));
    }

    /** ATTOM's "no property at that address" comes as a 400 whose status says SuccessWithoutResult. */
    private static boolean withoutResult(WebApplicationException failure) {
        if (failure.getResponse().getStatus() != 400 || !failure.getResponse().hasEntity()) {
            return false;
        }
        String body = failure.getResponse().readEntity(String.class);
        return body != null && body.length() < 4096 && body.contains("SuccessWithoutResult");
    }

    static ProviderAnswer toAnswer(JsonNode body, double confidence) {
        JsonNode property = body.path("property").path(0);
        if (!property.isObject()) {
            return ProviderAnswer.noMatch();
        }
        var values = new ProviderValues()
                .text(DataType.PROPERTY, "address", property.path("address").get("oneLine"))
                .text(DataType.PROPERTY, "propertyType", property.path("summary").get("propertyType"))
                .number(DataType.PROPERTY, "yearBuilt", property.path("summary").get("yearbuilt"), 1600, 2100)
                .number(DataType.PROPERTY, "bedrooms", property.path("building").path("rooms").get("beds"), 0, 500)
                .number(DataType.PROPERTY, "bathrooms", property.path("building").path("rooms").get("bathstotal"), 0, 500)
                .number(DataType.PROPERTY, "livingAreaSqft", property.path("building").path("size").get("livingsize"), 0, 1e8)
                .number(DataType.PROPERTY, "lotSizeAcres", property.path("lot").get("lotsize1"), 0, 1e7)
                .number(DataType.PROPERTY, "marketValue",
                        property.path("assessment").path("market").get("mktttlvalue"), 0, 1e12);
        return new ProviderAnswer(values.fields(), confidence);
    }
}

package io.customer360.enrichment.client.provider.business;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.enrichment.client.provider.JsonApiProvider;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.client.provider.ProviderValues;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.LookupSubject;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * OpenCorporates companies search for the customer's company: registration data of the best match
 * ({@code results.companies[0].company}). The token travels as a query parameter, as the API requires; failure
 * reasons never include the URL, so it cannot reach a log.
 */
@Singleton
public class OpenCorporates extends JsonApiProvider<OpenCorporatesApi> {

    static final String NAME = "opencorporates";

    OpenCorporates(@RestClient OpenCorporatesApi api, EnrichmentConfig config) {
        super(NAME, DataType.BUSINESS, subject -> subject.company() != null, api, config);
    }

    @Override
    public Uni<ProviderAnswer> lookUp(LookupSubject subject, String apiKey) {
        return answer(api().search(apiKey, subject.company(), 1), body -> toAnswer(body, defaultConfidence()));
    }

    static ProviderAnswer toAnswer(JsonNode body, double confidence) {
        JsonNode company = body.path("results").path("companies").path(0).path("company");
        if (!company.isObject()) {
            return ProviderAnswer.noMatch();
        }
        var values = new ProviderValues()
                .text(DataType.BUSINESS, "legalName", company.get("name"))
                .text(DataType.BUSINESS, "registrationNumber", company.get("company_number"))
                .text(DataType.BUSINESS, "jurisdiction", company.get("jurisdiction_code"))
                .text(DataType.BUSINESS, "incorporationDate", company.get("incorporation_date"))
                .text(DataType.BUSINESS, "registrationStatus", company.get("current_status"))
                .text(DataType.BUSINESS, "registeredAddress", company.get("registered_address_in_full"));
        return new ProviderAnswer(values.fields(), confidence);
    }
}

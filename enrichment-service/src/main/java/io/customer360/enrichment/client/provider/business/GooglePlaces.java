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
 * Google Places Text Search (New) for the customer's company: rating, review count, hours, address, website. The
 * field mask asks only for what is used (Google bills by the fields requested). Places has no match score, so the
 * confidence is the configured default.
 */
@Singleton
public class GooglePlaces extends JsonApiProvider<GooglePlacesApi> {

    static final String NAME = "google-places";
    static final String FIELD_MASK = "places.id,places.displayName,places.formattedAddress,places.rating,"
            + "places.userRatingCount,places.regularOpeningHours.weekdayDescriptions,places.websiteUri,"
            + "places.nationalPhoneNumber,places.businessStatus";

    GooglePlaces(@RestClient GooglePlacesApi api, EnrichmentConfig config) {
        super(NAME, DataType.BUSINESS, subject -> subject.company() != null, api, config);
    }

    @Override
    public Uni<ProviderAnswer> lookUp(LookupSubject subject, String apiKey) {
        return answer(
                api().searchText(apiKey, FIELD_MASK, new GooglePlacesApi.TextSearch(subject.company(), 1)),
                body -> toAnswer(body, defaultConfidence()));
    }

    static ProviderAnswer toAnswer(JsonNode body, double confidence) {
        JsonNode place = body.path("places").path(0);
        if (!place.isObject()) {
            return ProviderAnswer.noMatch();
        }
        var values = new ProviderValues()
                .text(DataType.BUSINESS, "name", place.path("displayName").get("text"))
                .text(DataType.BUSINESS, "address", place.get("formattedAddress"))
                .number(DataType.BUSINESS, "rating", place.get("rating"), 1, 5)
                .number(DataType.BUSINESS, "reviewCount", place.get("userRatingCount"), 0, 1e9)
                .textList(
                        DataType.BUSINESS,
                        "hours",
                        place.path("regularOpeningHours").get("weekdayDescriptions"),
                        7)
                .text(DataType.BUSINESS, "website", place.get("websiteUri"))
                .text(DataType.BUSINESS, "phone", place.get("nationalPhoneNumber"))
                .text(DataType.BUSINESS, "businessStatus", place.get("businessStatus"));
        return new ProviderAnswer(values.fields(), confidence);
    }
}

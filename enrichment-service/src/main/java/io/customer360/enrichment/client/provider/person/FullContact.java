package io.customer360.enrichment.client.provider.person;

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
 * FullContact person enrichment by email: a flat profile ({@code fullName, title, organization, location, linkedin,
 * twitter, facebook}, …) on a match, 404 without one, 429 when rate limited. It publishes no match score, so its
 * confidence is the configured default.
 */
@Singleton
public class FullContact extends JsonApiProvider<FullContactApi> {

    static final String NAME = "fullcontact";

    FullContact(@RestClient FullContactApi api, EnrichmentConfig config) {
        super(NAME, DataType.PERSON, subject -> subject.email() != null, api, config);
    }

    @Override
    public Uni<ProviderAnswer> lookUp(LookupSubject subject, String apiKey) {
        return answer(
                api().enrich("Bearer " + apiKey, new FullContactApi.PersonQuery(subject.email())),
                body -> toAnswer(body, defaultConfidence()));
    }

    static ProviderAnswer toAnswer(JsonNode body, double confidence) {
        var values = new ProviderValues()
                .text(DataType.PERSON, "fullName", body.get("fullName"))
                .text(DataType.PERSON, "jobTitle", body.get("title"))
                .text(DataType.PERSON, "company", body.get("organization"))
                .text(DataType.PERSON, "location", body.get("location"))
                .profileUrl("linkedin", body.get("linkedin"), "linkedin.com", false)
                .profileUrl("twitter", body.get("twitter"), "twitter.com", true)
                .profileUrl("facebook", body.get("facebook"), "facebook.com", false);
        return new ProviderAnswer(values.fields(), confidence);
    }
}

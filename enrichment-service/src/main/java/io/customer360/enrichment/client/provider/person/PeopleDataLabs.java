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
 * People Data Labs person enrichment (an optional addition to the seed's person chain): 200 with
 * {@code {status, likelihood (1-10), data}} on a match, 404 without one (PDL bills per match). Confidence is
 * likelihood / 10. Its LinkedIn, Twitter and Facebook URLs feed social.
 */
@Singleton
public class PeopleDataLabs extends JsonApiProvider<PeopleDataLabsApi> {

    static final String NAME = "people-data-labs";
    /** PDL's own default minimum; below it PDL answers 404. */
    private static final int MIN_LIKELIHOOD = 2;

    PeopleDataLabs(@RestClient PeopleDataLabsApi api, EnrichmentConfig config) {
        super(
                NAME,
                DataType.PERSON,
                subject -> subject.email() != null || (subject.name() != null && subject.company() != null),
                api,
                config);
    }

    @Override
    public Uni<ProviderAnswer> lookUp(LookupSubject subject, String apiKey) {
        return answer(
                api().enrich(apiKey, subject.email(), subject.name(), subject.company(), MIN_LIKELIHOOD),
                PeopleDataLabs::toAnswer);
    }

    static ProviderAnswer toAnswer(JsonNode body) {
        JsonNode data = body.path("data");
        int likelihood = body.path("likelihood").asInt(0);
        if (!data.isObject() || likelihood < 1 || likelihood > 10) {
            return ProviderAnswer.noMatch();
        }
        var values = new ProviderValues()
                .text(DataType.PERSON, "fullName", data.get("full_name"))
                .text(DataType.PERSON, "jobTitle", data.get("job_title"))
                .text(DataType.PERSON, "company", data.get("job_company_name"))
                .text(DataType.PERSON, "industry", data.get("industry"))
                .text(DataType.PERSON, "location", data.get("location_name"))
                .profileUrl("linkedin", data.get("linkedin_url"), "linkedin.com", false)
                .profileUrl("twitter", data.get("twitter_url"), "twitter.com", false)
                .profileUrl("facebook", data.get("facebook_url"), "facebook.com", false);
        return new ProviderAnswer(values.fields(), likelihood / 10.0);
    }
}

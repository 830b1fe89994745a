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
 * Clearbit-style combined find by email: {@code {person: {name.fullName, employment{name,title}, linkedin.handle,
 * twitter.handle, facebook.handle}, company}}. It publishes no score, so its confidence is the configured default.
 * Asked on the non-streaming host, which answers at once: 202 while Clearbit looks the person up, which is no data
 * yet ({@link ProviderAnswer#queuedLookup()}), neither a failure nor a match.
 */
@Singleton
public class Clearbit extends JsonApiProvider<ClearbitApi> {

    static final String NAME = "clearbit";

    Clearbit(@RestClient ClearbitApi api, EnrichmentConfig config) {
        super(NAME, DataType.PERSON, subject -> subject.email() != null, api, config);
    }

    @Override
    public Uni<ProviderAnswer> lookUp(LookupSubject subject, String apiKey) {
        return answerUnlessQueued(
                api().find("Bearer " + apiKey, subject.email()), body -> toAnswer(body, defaultConfidence()));
    }

    static ProviderAnswer toAnswer(JsonNode body, double confidence) {
        JsonNode person = body.path("person");
        if (!person.isObject()) {
            return ProviderAnswer.noMatch();
        }
        var values = new ProviderValues()
                .text(DataType.PERSON, "fullName", person.path("name").get("fullName"))
                .text(DataType.PERSON, "jobTitle", person.path("employment").get("title"))
                .text(DataType.PERSON, "company", person.path("employment").get("name"))
                .text(DataType.PERSON, "location", person.get("location"))
                .profileUrl("linkedin", person.path("linkedin").get("handle"), "linkedin.com", true)
                .profileUrl("twitter", person.path("twitter").get("handle"), "twitter.com", true)
                .profileUrl("facebook", person.path("facebook").get("handle"), "facebook.com", true);
        return new ProviderAnswer(values.fields(), confidence);
    }
}

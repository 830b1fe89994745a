package io.customer360.enrichment.client.provider.person;

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
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Hunter: the email verifier when the email is known ({@code data.status}, {@code data.score} 0-100), else the email
 * finder by name and company domain ({@code data.email, score, position, company, linkedin_url, twitter}).
 * Confidence is score / 100.
 */
@ApplicationScoped
public class Hunter implements EnrichmentProvider {

    static final String NAME = "hunter";

    private final HunterApi api;
    private final int maxBytes;

    Hunter(@RestClient HunterApi api, EnrichmentConfig config) {
        this.api = api;
        this.maxBytes = config.providers().get(NAME).maxResponseBytes();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DataType dataType() {
        return DataType.PERSON;
    }

    @Override
    public boolean canLookUp(LookupSubject subject) {
        return subject.email() != null || (subject.name() != null && subject.companyDomain() != null);
    }

    @Override
    public Uni<ProviderAnswer> lookUp(LookupSubject subject, String apiKey) {
        if (subject.email() != null) {
            return ProviderResponses.answer(NAME, api.verifyEmail(apiKey, subject.email()), maxBytes,
                    Hunter::verification);
        }
        return ProviderResponses.answer(NAME,
                api.findEmail(apiKey, subject.companyDomain(), null, subject.name()), maxBytes, Hunter::found);
    }

    static ProviderAnswer verification(JsonNode body) {
        JsonNode data = body.path("data");
        if (!data.isObject()) {
            return ProviderAnswer.noMatch();
        }
        var values = new ProviderValues().text(DataType.PERSON, "emailStatus", data.get("status"));
        return new ProviderAnswer(values.fields(), score(data));
    }

    static ProviderAnswer found(JsonNode body) {
        JsonNode data = body.path("data");
        if (!data.isObject() || data.path("email").isNull()) {
            return ProviderAnswer.noMatch();
        }
        var values = new ProviderValues()
                .text(DataType.PERSON, "email", data.get("email"))
                .text(DataType.PERSON, "jobTitle", data.get("position"))
                .text(DataType.PERSON, "company", data.get("company"))
                .profileUrl("linkedin", data.get("linkedin_url"), "linkedin.com", false)
                .profileUrl("twitter", data.get("twitter"), "twitter.com", true);
        return new ProviderAnswer(values.fields(), score(data));
    }

    private static double score(JsonNode data) {
        return Math.max(0, Math.min(100, data.path("score").asInt(0))) / 100.0;
    }
}

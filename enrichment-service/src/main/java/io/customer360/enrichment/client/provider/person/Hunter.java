package io.customer360.enrichment.client.provider.person;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.enrichment.client.provider.JsonApiProvider;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.client.provider.ProviderCallFailed;
import io.customer360.enrichment.client.provider.ProviderValues;
import io.customer360.enrichment.config.EnrichmentConfig;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.LookupSubject;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Hunter: the email verifier when the email is known ({@code data.status}, {@code data.score} 0-100), else the email
 * finder by full name and the company's domain when known, else its name (Hunter takes {@code company} in place of
 * {@code domain}): {@code data.email, score, position, company, linkedin_url, twitter}. Confidence is score / 100.
 * Hunter answers 403 when a rate limit is reached, so a 403 is retried like a 429, never taken as final.
 */
@Singleton
public class Hunter extends JsonApiProvider<HunterApi> {

    static final String NAME = "hunter";

    Hunter(@RestClient HunterApi api, EnrichmentConfig config) {
        super(NAME, DataType.PERSON, Hunter::canAsk, api, config);
    }

    /** The email to verify, or a name and the company (its domain, else its name) to find one by. */
    private static boolean canAsk(LookupSubject subject) {
        return subject.email() != null
                || (subject.name() != null && (subject.companyDomain() != null || subject.company() != null));
    }

    @Override
    public Uni<ProviderAnswer> lookUp(LookupSubject subject, String apiKey) {
        if (subject.email() != null) {
            return answer(rateLimitIsTransient(api().verifyEmail(apiKey, subject.email())), Hunter::verification);
        }
        String domain = subject.companyDomain();
        return answer(
                rateLimitIsTransient(
                        api().findEmail(apiKey, domain, domain == null ? subject.company() : null, subject.name())),
                Hunter::found);
    }

    /** Hunter's 403 is its rate limit (per second or per month), not a refused key (that is 401). */
    private static Uni<String> rateLimitIsTransient(Uni<String> call) {
        return call.onFailure(failure -> failure instanceof WebApplicationException web
                        && web.getResponse().getStatus() == 403)
                .transform(failure -> new ProviderCallFailed(NAME + " rate limit reached (403)", true, null, 403));
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

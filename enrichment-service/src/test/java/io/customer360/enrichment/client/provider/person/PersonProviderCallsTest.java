package io.customer360.enrichment.client.provider.person;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static io.customer360.enrichment.testing.ProviderResponses.clearbitFind;
import static io.customer360.enrichment.testing.ProviderResponses.fullContactEnrich;
import static io.customer360.enrichment.testing.ProviderResponses.fullContactMatch;
import static io.customer360.enrichment.testing.ProviderResponses.fullContactNotFound;
import static io.customer360.enrichment.testing.ProviderResponses.hunterFind;
import static io.customer360.enrichment.testing.ProviderResponses.hunterFound;
import static io.customer360.enrichment.testing.ProviderResponses.hunterRateLimited;
import static io.customer360.enrichment.testing.ProviderResponses.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.customer360.enrichment.client.provider.ProviderAnswer;
import io.customer360.enrichment.client.provider.ProviderCallFailed;
import io.customer360.enrichment.domain.FoundField;
import io.customer360.enrichment.domain.LookupSubject;
import io.customer360.enrichment.service.provider.GuardedProvider;
import io.customer360.enrichment.service.provider.ProviderRegistry;
import io.customer360.enrichment.testing.ProviderStubs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The person providers' requests and statuses against WireMock serving their documented answers: FullContact's v3
 * person enrich (a match, 404 no match, 429 retried), Clearbit's 202 (lookup queued: no data yet, not a failure),
 * Hunter's email finder by company name or domain for a customer without an email, and Hunter's 403 (its rate limit:
 * retried, never final).
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(ProviderStubs.class)
class PersonProviderCallsTest {

    private static final String EMAIL = "john.smith@acme-audio.example";
    private static final LookupSubject JOHN = new LookupSubject("John Smith", EMAIL, "Acme Audio", null, null, null);
    private static final LookupSubject JOHN_WITHOUT_EMAIL =
            new LookupSubject("John Smith", null, "Acme Audio", null, null, null);

    @Inject
    ProviderRegistry providers;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void fresh() {
        ProviderStubs.resetAll();
        breakers.resetAll();
    }

    @Test
    void fullContactPostsTheEmailWithTheBearerKeyAndMapsTheDocumentedProfile() {
        server("fullcontact")
                .stubFor(fullContactEnrich()
                        .withRequestBody(equalToJson("{\"email\": \"" + EMAIL + "\"}"))
                        .willReturn(fullContactMatch()));

        ProviderAnswer answer = provider("fullcontact").lookUp(JOHN).await().indefinitely();

        assertThat(answer.confidence()).isEqualTo(0.7);
        assertThat(answer.fields())
                .extracting(FoundField::field, field -> field.value().asText())
                .containsExactly(
                        tuple("fullName", "John Smith"),
                        tuple("jobTitle", "Principal Audio Engineer"),
                        tuple("company", "Acme Audio"),
                        tuple("location", "Denver, Colorado, United States"),
                        tuple("linkedin", "https://www.linkedin.com/in/john-smith-fc"),
                        tuple("twitter", "https://twitter.com/jsmith_fc"));
    }

    @Test
    void fullContactNotFoundIsNoMatchAndNotRetried() {
        server("fullcontact").stubFor(fullContactEnrich().willReturn(fullContactNotFound()));

        assertThat(provider("fullcontact").lookUp(JOHN).await().indefinitely().matched())
                .isFalse();
        assertThat(server("fullcontact").getAllServeEvents()).hasSize(1);
    }

    @Test
    void fullContactRateLimitIsRetriedThenAFailureOfItsOwn() {
        server("fullcontact").stubFor(fullContactEnrich().willReturn(status(429).withHeader("Retry-After", "0")));

        assertThatThrownBy(() -> provider("fullcontact").lookUp(JOHN).await().indefinitely())
                .isInstanceOfSatisfying(ProviderCallFailed.class, failure -> {
                    assertThat(failure.status()).isEqualTo(429);
                    assertThat(failure.getMessage()).isEqualTo("fullcontact answered 429");
                });
        assertThat(server("fullcontact").getAllServeEvents()).hasSize(3); // one call and two retries
    }

    @Test
    void clearbitQueuedLookupIsNoDataYetAndNeitherAFailureNorRetried() {
        server("clearbit").stubFor(clearbitFind().willReturn(aResponse().withStatus(202)));

        ProviderAnswer answer = provider("clearbit").lookUp(JOHN).await().indefinitely();

        assertThat(answer.queued()).isTrue();
        assertThat(answer.matched()).isFalse();
        assertThat(server("clearbit").getAllServeEvents()).hasSize(1);
    }

    @Test
    void hunterFindsTheEmailOfACustomerWithoutOneByCompanyName() {
        server("hunter")
                .stubFor(hunterFind()
                        .withQueryParam("company", equalTo("Acme Audio"))
                        .withQueryParam("full_name", equalTo("John Smith"))
                        .willReturn(hunterFound()));

        ProviderAnswer answer =
                provider("hunter").lookUp(JOHN_WITHOUT_EMAIL).await().indefinitely();

        assertThat(answer.confidence()).isEqualTo(0.97);
        assertThat(answer.fields())
                .extracting(FoundField::field, field -> field.value().asText())
                .containsExactly(
                        tuple("email", "john.smith@acme-audio.example"),
                        tuple("jobTitle", "Audio Engineer"),
                        tuple("company", "Acme Audio"),
                        tuple("linkedin", "https://www.linkedin.com/in/john-smith-hunter"),
                        tuple("twitter", "https://twitter.com/jsmith_hunter"));
        assertThat(server("hunter")
                        .getAllServeEvents()
                        .get(0)
                        .getRequest()
                        .queryParameter("domain")
                        .isPresent())
                .isFalse();
    }

    @Test
    void hunterFinderPrefersTheCompanyDomainWhenItIsKnown() {
        server("hunter")
                .stubFor(hunterFind()
                        .withQueryParam("domain", equalTo("acme-audio.example"))
                        .willReturn(hunterFound()));
        LookupSubject withWebsite = JOHN_WITHOUT_EMAIL.withCompanyWebsite("https://www.acme-audio.example/about");

        assertThat(provider("hunter").lookUp(withWebsite).await().indefinitely().matched())
                .isTrue();
        assertThat(server("hunter")
                        .getAllServeEvents()
                        .get(0)
                        .getRequest()
                        .queryParameter("company")
                        .isPresent())
                .isFalse();
    }

    @Test
    void hunterForbiddenIsItsRateLimitRetriedAndNeverFinal() {
        server("hunter").stubFor(hunterFind().willReturn(hunterRateLimited()));

        assertThatThrownBy(() ->
                        provider("hunter").lookUp(JOHN_WITHOUT_EMAIL).await().indefinitely())
                .isInstanceOfSatisfying(ProviderCallFailed.class, failure -> {
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.status()).isEqualTo(403);
                    assertThat(failure.getMessage()).isEqualTo("hunter rate limit reached (403)");
                });
        assertThat(server("hunter").getAllServeEvents()).hasSize(3); // one call and two retries
    }

    private GuardedProvider provider(String name) {
        return providers.all().stream()
                .filter(provider -> provider.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static WireMockServer server(String provider) {
        return ProviderStubs.server(provider);
    }
}

package io.customer360.enrichment.client.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.customer360.enrichment.testing.ProviderResponses.pdlEnrich;
import static io.customer360.enrichment.testing.ProviderResponses.pdlMatch;
import static io.customer360.enrichment.testing.ProviderResponses.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.customer360.enrichment.domain.DataType;
import io.customer360.enrichment.domain.LookupSubject;
import io.customer360.enrichment.service.provider.GuardedProvider;
import io.customer360.enrichment.service.provider.ProviderRegistry;
import io.customer360.enrichment.testing.ProviderStubs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resilience around a provider, counted exactly with the test settings of {@link ProviderStubs}: a call is tried
 * 3 times (2 retries), the breaker opens once 2 of the last 4 attempts failed, an open breaker sends nothing, a
 * Retry-After is waited out, a timeout is a retried failure, and a 4xx other than 404 or 429 is not retried.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(ProviderStubs.class)
class ProviderResilienceTest {

    private static final LookupSubject JOHN =
            new LookupSubject("John Smith", "john.smith@acme-audio.example", "Acme Audio", null, null, null);

    @Inject
    ProviderRegistry providers;

    @Inject
    CircuitBreakerMaintenance breakers;

    private GuardedProvider pdl;

    @BeforeEach
    void fresh() {
        ProviderStubs.resetAll();
        breakers.resetAll();
        pdl = providers.waterfall(DataType.PERSON).get(0);
    }

    @Test
    void breakerOpensAfterTheFourthFailedAttemptAndThenSendsNothing() {
        server().stubFor(pdlEnrich().willReturn(status(500)));

        assertThatThrownBy(() -> pdl.lookUp(JOHN).await().indefinitely()).isInstanceOf(ProviderCallFailed.class);
        assertThat(server().getAllServeEvents()).hasSize(3);
        assertThat(breakers.currentState("provider-people-data-labs")).isEqualTo(CircuitBreakerState.CLOSED);

        assertThatThrownBy(() -> pdl.lookUp(JOHN).await().indefinitely())
                .hasSameClassAs(new org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException());
        assertThat(server().getAllServeEvents()).hasSize(4);
        assertThat(breakers.currentState("provider-people-data-labs")).isEqualTo(CircuitBreakerState.OPEN);

        assertThatThrownBy(() -> pdl.lookUp(JOHN).await().indefinitely());
        assertThat(server().getAllServeEvents()).hasSize(4);
    }

    @Test
    void retryAfterIsWaitedOutBeforeTheRetry() {
        server().stubFor(pdlEnrich()
                .inScenario("limited")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("open"));
        server().stubFor(pdlEnrich()
                .inScenario("limited")
                .whenScenarioStateIs("open")
                .willReturn(pdlMatch()));

        assertThat(pdl.lookUp(JOHN).await().indefinitely().matched()).isTrue();
        var requests = server().getAllServeEvents();
        assertThat(requests).hasSize(2);
        long gap = Math.abs(requests.get(0).getRequest().getLoggedDate().getTime()
                - requests.get(1).getRequest().getLoggedDate().getTime());
        assertThat(gap).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void retryAfterLongerThanAllowedFailsAtOnce() {
        server().stubFor(pdlEnrich().willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
        assertThatThrownBy(() -> pdl.lookUp(JOHN).await().indefinitely()).hasMessageContaining("Retry-After too long");
        assertThat(server().getAllServeEvents()).hasSize(1);
    }

    @Test
    void timeoutIsRetried() {
        server().stubFor(pdlEnrich().willReturn(pdlMatch().withFixedDelay(1500)));
        assertThatThrownBy(() -> pdl.lookUp(JOHN).await().atMost(Duration.ofSeconds(10)));
        assertThat(server().getAllServeEvents()).hasSize(3);
    }

    @Test
    void unauthorizedIsNotRetriedAndNoMatchIsASuccess() {
        server().stubFor(pdlEnrich().willReturn(status(401)));
        assertThatThrownBy(() -> pdl.lookUp(JOHN).await().indefinitely()).hasMessage("people-data-labs answered 401");
        assertThat(server().getAllServeEvents()).hasSize(1);

        server().resetAll();
        server().stubFor(pdlEnrich().willReturn(status(404)));
        assertThat(pdl.lookUp(JOHN).await().indefinitely().matched()).isFalse();
        assertThat(breakers.currentState("provider-people-data-labs")).isEqualTo(CircuitBreakerState.CLOSED);
    }

    private static WireMockServer server() {
        return ProviderStubs.server("people-data-labs");
    }
}

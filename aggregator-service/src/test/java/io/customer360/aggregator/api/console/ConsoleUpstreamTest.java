package io.customer360.aggregator.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.customer360.common.api.Problem;
import io.customer360.common.api.ProblemException;
import io.customer360.common.contract.profile.SearchResults;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the console turns what another service answered into a page part or a whole answer. */
class ConsoleUpstreamTest {

    private static final String SERVICE = "profile-service";
    private static final SearchResults BODY = new SearchResults("acme", List.of());
    /** As the console's answers are written (Quarkus' mapper: ISO dates). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private static <T> PagePart<T> part(Uni<T> call) {
        return ConsoleUpstream.part(call, SERVICE).await().indefinitely();
    }

    private static Response answer(Uni<?> call) {
        return ConsoleUpstream.answer(call, SERVICE).await().indefinitely();
    }

    private static Uni<SearchResults> failing(Throwable failure) {
        return Uni.createFrom().failure(failure);
    }

    private static Problem problemOf(String body, int status) {
        Response response = answer(failing(
                new WebApplicationException(Response.status(status).entity(body).build())));
        assertThat(response.getStatus()).isEqualTo(status);
        return (Problem) response.getEntity();
    }

    @Test
    void aPartIsOkMissingOrUnavailableWithItsReason() throws Exception {
        PagePart<SearchResults> ok = part(Uni.createFrom().item(BODY));
        assertThat(ok.status()).isEqualTo("ok");
        assertThat(ConsoleUpstream.data(ok)).isEqualTo(BODY);
        assertThat(JSON.writeValueAsString(ok))
                .isEqualTo("{\"status\":\"ok\",\"data\":{\"query\":\"acme\",\"items\":[]}}");

        assertThat(JSON.writeValueAsString(part(failing(new WebApplicationException(404)))))
                .isEqualTo("{\"status\":\"missing\"}");
        assertThat(part(failing(ProblemException.notFound("Customer", "x"))).status())
                .isEqualTo("missing");
        PagePart<SearchResults> unavailable = part(failing(new WebApplicationException(503)));
        assertThat(JSON.writeValueAsString(unavailable))
                .isEqualTo("{\"status\":\"unavailable\",\"reason\":\"profile-service answered 503\"}");
        assertThat(part(failing(new ConnectException("Connection refused"))).reason())
                .isEqualTo("profile-service is unreachable");
        assertThat(ConsoleUpstream.data(part(failing(new WebApplicationException(500)))))
                .isNull();
    }

    @Test
    void aWholeAnswerKeepsTheServicesClientErrorsAndHidesItsFailures() {
        Response ok = answer(Uni.createFrom().item(BODY));
        assertThat(ok.getStatus()).isEqualTo(200);
        assertThat(ok.getEntity()).isEqualTo(BODY);
        for (int status : List.of(400, 403, 404, 429)) {
            Response response = answer(failing(new WebApplicationException(status)));
            assertThat(response.getStatus()).as("upstream %d", status).isEqualTo(status);
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        }
        for (Throwable failure : List.of(
                new WebApplicationException(500),
                new WebApplicationException(502),
                new ConnectException("Connection refused"),
                new IllegalStateException("boom"))) {
            Response response = answer(failing(failure));
            assertThat(response.getStatus()).as(failure.toString()).isEqualTo(503);
            assertThat(((Problem) response.getEntity()).type()).endsWith("/upstream-unavailable");
            assertThat(response.getEntity().toString()).doesNotContain("boom").doesNotContain("Connection refused");
        }
    }

    @Test
    void onlyAMeshProblemsOwnMembersArePassedOn() throws Exception {
        // issue 19: the console passes a service's 4xx on, never what else the answer carried
        Problem problem = problemOf("""
                {"type":"https://customer360.io/problems/validation","title":"Request is not valid","status":400,
                 "detail":"q is required","violations":[{"field":"q","message":"is required","cause":"x"}],
                 "stack":"at io.customer360.Foo.bar(Foo.java:1)","exception":"java.lang.IllegalStateException"}""", 400);
        assertThat(problem.detail()).isEqualTo("q is required");
        assertThat(problem.violations()).containsExactly(new Problem.Violation("q", "is required"));
        assertThat(JSON.writeValueAsString(problem))
                .doesNotContain("stack")
                .doesNotContain("java.")
                .doesNotContain("cause");

        Problem replaced = problemOf("""
                {"type":"about:blank","status":400,"detail":"org.postgresql.util.PSQLException: relation"}""", 400);
        assertThat(replaced.detail()).isEqualTo("profile-service answered 400");
    }

    @Test
    void aSpentQuotaKeepsItsTierLimitAndResetTime() throws Exception {
        // the enrichment panel tells when the quota resets: enrichment-service's 429 extension members pass through
        Problem problem = problemOf("""
                {"type":"https://customer360.io/problems/enrichment-quota-exceeded","title":"Enrichment quota spent",
                 "status":429,"detail":"100 of 100 used","tier":"free","limit":100,"resetAt":"2026-01-01T00:00:00Z"}""", 429);
        assertThat(problem.tier()).isEqualTo("free");
        assertThat(problem.limit()).isEqualTo(100);
        assertThat(problem.resetAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(JSON.writeValueAsString(problem))
                .isEqualTo("{\"type\":\"https://customer360.io/problems/enrichment-quota-exceeded\","
                        + "\"title\":\"Enrichment quota spent\",\"status\":429,\"detail\":\"100 of 100 used\","
                        + "\"tier\":\"free\",\"limit\":100,\"resetAt\":\"2026-01-01T00:00:00Z\"}");
    }
}

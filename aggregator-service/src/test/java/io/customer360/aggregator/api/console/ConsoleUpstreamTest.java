package io.customer360.aggregator.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.api.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the console turns what another service answered into a page part or a whole answer. */
class ConsoleUpstreamTest {

    private static final String SERVICE = "profile-service";
    private static final ObjectNode BODY = JsonNodeFactory.instance.objectNode().put("id", "cust_1");

    private static ObjectNode part(Uni<JsonNode> call) {
        return ConsoleUpstream.part(call, SERVICE).await().indefinitely();
    }

    private static Response answer(Uni<JsonNode> call) {
        return ConsoleUpstream.answer(call, SERVICE).await().indefinitely();
    }

    private static Uni<JsonNode> failing(Throwable failure) {
        return Uni.createFrom().failure(failure);
    }

    @Test
    void aPartIsOkMissingOrUnavailableWithItsReason() {
        ObjectNode ok = part(Uni.createFrom().item(BODY));
        assertThat(ok.path("status").asText()).isEqualTo("ok");
        assertThat(ConsoleUpstream.data(ok)).isEqualTo(BODY);

        assertThat(part(failing(new WebApplicationException(404))).toString()).isEqualTo("{\"status\":\"missing\"}");
        assertThat(part(failing(ProblemException.notFound("Customer", "x")))
                        .path("status")
                        .asText())
                .isEqualTo("missing");
        ObjectNode unavailable = part(failing(new WebApplicationException(503)));
        assertThat(unavailable.path("status").asText()).isEqualTo("unavailable");
        assertThat(unavailable.path("reason").asText()).isEqualTo("profile-service answered 503");
        assertThat(part(failing(new ConnectException("Connection refused")))
                        .path("reason")
                        .asText())
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
            assertThat(((JsonNode) response.getEntity()).path("type").asText()).endsWith("/upstream-unavailable");
            assertThat(response.getEntity().toString()).doesNotContain("boom").doesNotContain("Connection refused");
        }
    }

    @Test
    void onlyAMeshProblemsOwnMembersArePassedOn() {
        // issue 19: the console passes a service's 4xx on, never what else the answer carried
        String upstream = """
                {"type":"https://customer360.io/problems/validation","title":"Request is not valid","status":400,
                 "detail":"q is required","violations":[{"field":"q","message":"is required","cause":"x"}],
                 "stack":"at io.customer360.Foo.bar(Foo.java:1)","exception":"java.lang.IllegalStateException"}""";
        Response response = answer(failing(new WebApplicationException(
                Response.status(400).entity(upstream).build())));
        JsonNode problem = (JsonNode) response.getEntity();
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(problem.path("detail").asText()).isEqualTo("q is required");
        assertThat(problem.at("/violations/0/field").asText()).isEqualTo("q");
        assertThat(problem.toString())
                .doesNotContain("stack")
                .doesNotContain("java.")
                .doesNotContain("cause");

        String foreign = """
                {"type":"about:blank","status":400,"detail":"org.postgresql.util.PSQLException: relation"}""";
        JsonNode replaced = (JsonNode) answer(failing(new WebApplicationException(
                        Response.status(400).entity(foreign).build())))
                .getEntity();
        assertThat(replaced.path("detail").asText()).isEqualTo("profile-service answered 400");
    }
}

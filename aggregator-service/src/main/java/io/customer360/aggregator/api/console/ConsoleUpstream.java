package io.customer360.aggregator.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customer360.common.api.Problem;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * How the console answers with what another service said. A whole answer ({@link #answer}) passes the service's
 * 2xx and 4xx on as they are (a 404 stays a 404, a 400 keeps the service's problem document, a 429 its quota
 * details), and turns anything else into a 503 problem naming the service. A part of a page ({@link #part}) never
 * fails: it is {@code {status: ok, data}}, {@code {status: missing}} or {@code {status: unavailable, reason}}, so one
 * failing section leaves the rest of the page standing and says so.
 */
final class ConsoleUpstream {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The type URIs of the mesh's own problem documents: only those are passed on. */
    private static final String MESH_PROBLEMS = "https://customer360.io/problems/";

    private static final java.util.List<String> PROBLEM_MEMBERS =
            java.util.List.of("type", "title", "status", "detail", "tier", "limit", "resetAt");

    private ConsoleUpstream() {}

    static Uni<Response> answer(Uni<JsonNode> call, String service) {
        return call.map(body -> Response.ok(body, MediaType.APPLICATION_JSON).build())
                .onFailure()
                .recoverWithItem(failure -> failed(failure, service).toResponse());
    }

    static Uni<ObjectNode> part(Uni<JsonNode> call, String service) {
        return call.map(body -> {
                    ObjectNode part = NODES.objectNode().put("status", "ok");
                    part.set("data", body);
                    return part;
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    Failure failed = failed(failure, service);
                    if (failed.status() == 404) {
                        return NODES.objectNode().put("status", "missing");
                    }
                    return NODES.objectNode().put("status", "unavailable").put("reason", failed.detail());
                });
    }

    /** The data of a part, or null when it is not {@code ok}. */
    static JsonNode data(JsonNode part) {
        return part != null && "ok".equals(part.path("status").asText()) ? part.get("data") : null;
    }

    /** A failed call as the console answers it: the status and the problem document. */
    record Failure(int status, JsonNode problem) {

        String detail() {
            return problem.path("detail").asText(null);
        }

        Response toResponse() {
            return Response.status(status)
                    .type(Problem.PROBLEM_JSON)
                    .entity(problem)
                    .build();
        }
    }

    /** The service's own problem for a 4xx; our problem for a {@link ProblemException}; a 503 naming the service otherwise. */
    static Failure failed(Throwable failure, String service) {
        if (failure instanceof ProblemException problem) {
            return new Failure(problem.problem().status(), JSON.valueToTree(problem.problem()));
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status >= 400 && status < 500) {
                return new Failure(status, upstreamProblem(web.getResponse(), status, service));
            }
            Log.warnf("console: %s answered %d", service, status);
            return ours(ProblemType.UPSTREAM_UNAVAILABLE, service + " answered " + status);
        }
        Log.warnf("console: %s is unreachable: %s", service, failure.toString());
        return ours(ProblemType.UPSTREAM_UNAVAILABLE, service + " is unreachable");
    }

    private static Failure ours(ProblemType type, String detail) {
        return new Failure(type.status(), JSON.valueToTree(Problem.of(type, detail)));
    }

    private static JsonNode upstreamProblem(Response response, int status, String service) {
        try {
            JsonNode body = JSON.readTree(response.readEntity(String.class));
            if (body != null
                    && body.path("status").asInt() == status
                    && body.path("type").asText("").startsWith(MESH_PROBLEMS)) {
                return meshProblem(body);
            }
        } catch (RuntimeException | java.io.IOException unreadable) {
            // a body that is not a problem document: answered with the bare status below
        }
        return JSON.valueToTree(Problem.of(ProblemType.forStatus(status), service + " answered " + status));
    }

    /**
     * Only the members a mesh problem has (RFC 9457's, the violations and the quota's extension), each a plain value:
     * whatever else an answer carries is not passed on to the browser.
     */
    private static JsonNode meshProblem(JsonNode body) {
        ObjectNode problem = NODES.objectNode();
        for (String member : PROBLEM_MEMBERS) {
            JsonNode value = body.get(member);
            if (value != null && value.isValueNode()) {
                problem.set(member, value);
            }
        }
        JsonNode violations = body.get("violations");
        if (violations != null && violations.isArray()) {
            ArrayNode copied = problem.putArray("violations");
            for (JsonNode violation : violations) {
                copied.addObject()
                        .put("field", violation.path("field").asText(""))
                        .put("message", violation.path("message").asText(""));
            }
        }
        return problem;
    }
}

package io.customer360.aggregator.api.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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

    /** Reads another service's error body; a problem ignores the members it does not know. */
    private static final ObjectMapper PROBLEMS =
            JsonMapper.builder().addModule(new JavaTimeModule()).build();
    /** The type URIs of the mesh's own problem documents: only those are passed on. */
    private static final String MESH_PROBLEMS = "https://customer360.io/problems/";

    private ConsoleUpstream() {}

    static Uni<Response> answer(Uni<?> call, String service) {
        return call.map(body -> Response.ok(body, MediaType.APPLICATION_JSON).build())
                .onFailure()
                .recoverWithItem(failure -> failed(failure, service).toResponse());
    }

    static <T> Uni<PagePart<T>> part(Uni<T> call, String service) {
        return call.map(PagePart::ok).onFailure().recoverWithItem(failure -> {
            Failure failed = failed(failure, service);
            return failed.status() == 404
                    ? PagePart.missing()
                    : PagePart.unavailable(failed.problem().detail());
        });
    }

    /** The data of a part, or null when it is not {@code ok}. */
    static <T> T data(PagePart<T> part) {
        return part != null && "ok".equals(part.status()) ? part.data() : null;
    }

    /** A failed call as the console answers it: the status and the problem document. */
    record Failure(int status, Problem problem) {

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
            return new Failure(problem.problem().status(), problem.problem());
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
        return new Failure(type.status(), Problem.of(type, detail));
    }

    /**
     * The service's problem document when it is one of the mesh's for this status, read as common's {@link Problem}:
     * only the members a mesh problem has (RFC 9457's, the violations and the quota's extension) are passed on to the
     * browser, whatever else the answer carried. Anything else is answered with the bare status.
     */
    private static Problem upstreamProblem(Response response, int status, String service) {
        try {
            Problem problem = PROBLEMS.readValue(response.readEntity(String.class), Problem.class);
            if (problem != null
                    && problem.status() == status
                    && problem.type() != null
                    && problem.type().startsWith(MESH_PROBLEMS)) {
                return problem;
            }
        } catch (RuntimeException | java.io.IOException unreadable) {
            // a body that is not a problem document: answered with the bare status below
        }
        return Problem.of(ProblemType.forStatus(status), service + " answered " + status);
    }
}

package io.customer360.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.customer360.common.api.Problem;
import io.customer360.common.api.ProblemType;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An error of the Segment intake: Segment's shape ({@code success: false}, {@code code}, {@code message}) and the
 * mesh's problem document (RFC 9457) in one body, so Segment's libraries and the mesh's clients each find theirs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record SegmentError(
        boolean success,
        String code,
        String message,
        String type,
        String title,
        int status,
        String detail,
        List<Problem.Violation> violations) {

    /** The challenge of a 401: Basic credentials, the write key as user name. */
    static final String CHALLENGE = "Basic realm=\"c360-segment\", charset=\"UTF-8\"";

    static SegmentError of(ProblemType type, String code, String detail, List<Problem.Violation> violations) {
        Problem problem = Problem.of(type, detail, violations);
        return new SegmentError(
                false, code, detail, problem.type(), problem.title(), problem.status(), detail, problem.violations());
    }

    static Response invalid(String code, String field, String message) {
        return of(ProblemType.VALIDATION, code, field + ": " + message, List.of(new Problem.Violation(field, message)))
                .response();
    }

    static Response unauthorized() {
        return Response.fromResponse(of(
                                ProblemType.UNAUTHORIZED,
                                "unauthorized",
                                "A valid write key is required as the user name of HTTP Basic authentication",
                                List.of())
                        .response())
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                .build();
    }

    Response response() {
        return Response.status(status).type(Problem.PROBLEM_JSON).entity(this).build();
    }
}

package io.customer360.common.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.ResteasyReactiveClientProblem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception that reaches the REST layer into an {@code application/problem+json} answer.
 * Security exceptions arrive here because proactive authentication is off (see each service's configuration).
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    // whatever failed (no token, a garbled, expired or foreign one), one fixed answer: the exception is logged by
    // Quarkus' security events, never described to the caller
    @ServerExceptionMapper({
        UnauthorizedException.class,
        AuthenticationFailedException.class,
        AuthenticationCompletionException.class
    })
    public Uni<Response> unauthorized(RoutingContext context) {
        return AuthProblems.unauthorizedResponse(context);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return AuthProblems.forbidden().toResponse();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldName(v), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        String detail =
                violations.stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; "));
        return Problem.of(ProblemType.VALIDATION, detail, violations).toResponse();
    }

    // listed one by one: Quarkus ships mappers for the specific Jackson exceptions that would otherwise win
    @ServerExceptionMapper({
        JsonProcessingException.class,
        JsonParseException.class,
        JsonMappingException.class,
        MismatchedInputException.class,
        InvalidFormatException.class,
        ValueInstantiationException.class
    })
    public Response unreadableJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping ? jsonPath(mapping) : "body";
        String message = e instanceof JsonMappingException ? "has the wrong type or shape" : "is not valid JSON";
        return Problem.of(ProblemType.VALIDATION, field + " " + message, List.of(new Problem.Violation(field, message)))
                .toResponse();
    }

    /**
     * JAX-RS' own refusals (no such path, method or media type) and the failures of REST clients. Their messages are
     * never the detail: a wrapped exception's message is its class name, and a REST client's names the client
     * interface and carries what the other service answered.
     */
    @ServerExceptionMapper
    public Uni<Response> webApplication(WebApplicationException e, RoutingContext context) {
        int status = e.getResponse().getStatus();
        if (e instanceof ResteasyReactiveClientProblem) {
            // a call to another service failed and nothing turned it into a problem: its answer stays in the log
            Log.warnf("An upstream call answered %d and was not handled", status);
            return Uni.createFrom()
                    .item(Problem.of(
                                    ProblemType.UPSTREAM_UNAVAILABLE,
                                    "A service this request needs did not answer as expected")
                            .toResponse());
        }
        if (status == 401) {
            return AuthProblems.unauthorizedResponse(context);
        }
        if (status == 403) {
            return Uni.createFrom().item(AuthProblems.forbidden().toResponse());
        }
        if (status >= 500) {
            Log.errorf(e, "Request failed with %d", status);
            return Uni.createFrom()
                    .item(Problem.of(ProblemType.forStatus(status), "The request could not be completed")
                            .toResponse());
        }
        Response.ResponseBuilder answer = Response.fromResponse(
                Problem.of(ProblemType.forStatus(status), refusal(status)).toResponse());
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (status == 405 && allow != null) {
            answer.header(HttpHeaders.ALLOW, allow);
        }
        return Uni.createFrom().item(answer.build());
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        Log.error("Unhandled error", e);
        return Problem.of(ProblemType.INTERNAL, "The request could not be completed")
                .toResponse();
    }

    private static String refusal(int status) {
        return switch (status) {
            case 400 -> "The request is not valid";
            case 404 -> "Nothing exists at this path";
            case 405 -> "This method is not allowed on this path";
            case 406 -> "None of the accepted media types can be produced";
            case 415 -> "This media type is not accepted here";
            default -> ProblemType.forStatus(status).title();
        };
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        // "method.arg0.field" -> "field": clients know fields, not Java parameter names
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2
                ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }
}

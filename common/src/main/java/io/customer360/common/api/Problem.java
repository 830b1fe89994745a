package io.customer360.common.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * An RFC 9457 problem document: the one shape of every HTTP error in the mesh.
 *
 * @param type       stable URI naming the kind of problem; clients branch on it
 * @param title      short human summary of the type
 * @param status     HTTP status code
 * @param detail     human explanation of this occurrence (never a stack trace)
 * @param violations field-level violations for 400/413/422, empty otherwise
 * @param tier       a spent enrichment quota's extension (429): the tenant's tier; null otherwise
 * @param limit      a spent enrichment quota's extension (429): the monthly limit; null otherwise
 * @param resetAt    a spent enrichment quota's extension (429): when the quota resets; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// read from other services' error bodies too (the console passes them on): members of a newer sender are left out
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        List<Violation> violations,
        String tier,
        Integer limit,
        Instant resetAt) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);
    private static final String TYPE_BASE = "https://customer360.io/problems/";

    /** One wrong field: its JSON path (or parameter name) and what is wrong with it. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Violation(String field, String message) {}

    /** A problem without extension members. */
    public Problem(String type, String title, int status, String detail, List<Violation> violations) {
        this(type, title, status, detail, violations, null, null, null);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(TYPE_BASE + type.slug(), type.title(), type.status(), detail, List.of());
    }

    public static Problem of(ProblemType type, String detail, List<Violation> violations) {
        return new Problem(TYPE_BASE + type.slug(), type.title(), type.status(), detail, List.copyOf(violations));
    }

    public Response toResponse() {
        return Response.status(status).type(PROBLEM_JSON).entity(this).build();
    }
}

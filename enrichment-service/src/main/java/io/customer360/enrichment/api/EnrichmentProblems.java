package io.customer360.enrichment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.customer360.common.api.Problem;
import io.customer360.enrichment.service.EnrichmentDisabled;
import io.customer360.enrichment.service.quota.QuotaExceeded;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The enrichment-specific problems: a spent quota (429 with the reset time) and a switched-off feature (503). */
public class EnrichmentProblems {

    static final String QUOTA_TYPE = "https://customer360.io/problems/enrichment-quota-exceeded";
    static final String DISABLED_TYPE = "https://customer360.io/problems/enrichment-disabled";

    /** RFC 9457 problem with the extension members a client needs to wait for the reset. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QuotaProblem(
            String type, String title, int status, String detail, String tier, Integer limit, Instant resetAt) {}

    @ServerExceptionMapper
    public Response quotaExceeded(QuotaExceeded e) {
        long seconds = Math.max(1, Duration.between(Instant.now(), e.resetAt()).toSeconds());
        return Response.status(429)
                .type(Problem.PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .entity(new QuotaProblem(
                        QUOTA_TYPE,
                        "Enrichment quota spent",
                        429,
                        e.getMessage(),
                        e.tier().wireName(),
                        e.limit(),
                        e.resetAt()))
                .build();
    }

    @ServerExceptionMapper
    public Response disabled(EnrichmentDisabled e) {
        return new Problem(DISABLED_TYPE, "Enrichment is switched off", 503, e.getMessage(), null).toResponse();
    }
}

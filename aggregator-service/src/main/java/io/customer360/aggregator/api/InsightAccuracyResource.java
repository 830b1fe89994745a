package io.customer360.aggregator.api;

import io.customer360.aggregator.service.accuracy.AccuracyReport;
import io.customer360.aggregator.service.accuracy.InsightAccuracy;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** How often the 360's insights turned out right, so thresholds can be tuned from evidence. */
@Path("/api/v1/views/insights/accuracy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customer 360")
@RolesAllowed(Roles.VIEWER)
public class InsightAccuracyResource {

    /** The longest range one report covers. */
    static final Duration MAX_RANGE = Duration.ofDays(3 * 366);

    private final InsightAccuracy accuracy;
    private final TenantContext tenant;

    InsightAccuracyResource(InsightAccuracy accuracy, TenantContext tenant) {
        this.accuracy = accuracy;
        this.tenant = tenant;
    }

    @GET
    @Operation(
            operationId = "getInsightAccuracy",
            summary = "Precision of risk indicators and exit states over time",
            description =
                    "Role: c360.viewer. Per "
                            + "risk type and exit state of the caller's tenant, and per month of first emission: `emitted` (episodes: an "
                            + "insight emitted for a customer until an outcome scored it), `confirmed`, `refuted`, `pending` (unscored, "
                            + "within the horizon), `expired` (unscored, past it), `resolved` (support insights a ticket resolution "
                            + "followed) and `precision` = confirmed ÷ (confirmed + refuted), null while nothing is scored. Churn confirms "
                            + "risks and the exit states of concern, a renewal or an expansion refutes them; see docs/health-scoring.md, \"Insight accuracy\".")
    public Uni<AccuracyReport> report(
            @Parameter(description = "ISO-8601 instant; episodes first emitted from then (default: a year before `to`)")
                    @QueryParam("from")
                    String from,
            @Parameter(description = "ISO-8601 instant, exclusive (default: now)") @QueryParam("to") String to) {
        Instant end = to == null ? Instant.now() : instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(365)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.invalid("from", "must be before `to`");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw ProblemException.invalid("from", "the range may span at most 3 years");
        }
        return accuracy.report(tenant.tenant(), start, end);
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }
}

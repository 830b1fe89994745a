package io.customer360.aggregator.api;

import io.customer360.aggregator.config.RescoringConfig;
import io.customer360.aggregator.service.rescoring.Rescoring;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Starts a background rescoring run now, instead of waiting for the next scheduled one. */
@Path("/api/v1/views/rescoring")
@Tag(name = "Customer 360")
public class RescoringResource {

    private final Rescoring rescoring;
    private final TenantContext tenantContext;
    private final RescoringConfig config;

    RescoringResource(Rescoring rescoring, TenantContext tenantContext, RescoringConfig config) {
        this.rescoring = rescoring;
        this.tenantContext = tenantContext;
        this.config = config;
    }

    /** What was started: the tenants the run covers and the most accounts it takes. */
    @RegisterForReflection
    public record Started(
            @Schema(required = true) String status,
            @Schema(required = true) List<String> tenants,
            @Schema(required = true) int batchSize) {}

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "startRescoring",
            summary = "Rescore due accounts now",
            description = "Role: c360.operator (the tenant named in "
                    + "C360-Tenant) or c360.admin (the caller's tenant). Starts a background rescoring run, the one a schedule "
                    + "starts every `aggregator.rescoring.every`: accounts that changed, then those not rescored for a day and "
                    + "those found in profile-service's customer list without a state (account discovery), at most "
                    + "`aggregator.rescoring.batch-size`, recorded as a viewed 360 would be (health history, exit state, "
                    + "skill triggers, insights). 409 while another run is in progress.")
    @APIResponse(
            responseCode = "202",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Started.class)))
    @APIResponse(responseCode = "409", description = "Another rescoring run is in progress")
    public Uni<Response> start() {
        // an admin's run is its own tenant's; an operator's the tenant it names, as on every operator call
        List<String> tenants = List.of(tenantContext.tenant());
        return rescoring.start(tenants).map(started -> {
            if (!started) {
                throw new ProblemException(
                        ProblemType.CONFLICT, "A rescoring run is in progress; it takes what is due");
            }
            return Response.accepted(new Started("started", tenants, config.batchSize()))
                    .build();
        });
    }
}

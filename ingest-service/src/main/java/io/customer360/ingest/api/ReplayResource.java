package io.customer360.ingest.api;

import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.ingest.service.ReplayService;
import io.customer360.ingest.service.ReplayService.ReplayReport;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Replay of retained raw events into the pipeline (everything downstream is idempotent, so it is safe). */
@Path("/api/v1/events/replay")
@Tag(name = "Events")
public class ReplayResource {

    static final int MAX_LIMIT = 10_000;

    private final ReplayService replays;
    private final TenantContext tenant;

    ReplayResource(ReplayService replays, TenantContext tenant) {
        this.replays = replays;
        this.tenant = tenant;
    }

    /** A replay request: the stored-time range [from, to), optionally one customer, at most {@code limit} events. */
    public record ReplayRequest(Instant from, Instant to, String customerId, Integer limit) {

        /** The request with its defaults filled in ({@code to}: now, {@code limit}: the maximum), or a 400 naming the field. */
        static ReplayRequest checked(ReplayRequest request, Instant now) {
            if (request == null || request.from() == null) {
                throw ProblemException.invalid("from", "is required (an ISO-8601 instant)");
            }
            Instant to = request.to() == null ? now : request.to();
            if (!request.from().isBefore(to)) {
                throw ProblemException.invalid("to", "must be after from");
            }
            if (request.customerId() != null && !CustomerIds.isValid(request.customerId())) {
                throw ProblemException.invalid("customerId", "must be a customer id (no '.', '*', '>' or white space)");
            }
            int limit = request.limit() == null ? MAX_LIMIT : request.limit();
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
            }
            return new ReplayRequest(request.from(), to, request.customerId(), limit);
        }
    }

    @POST
    @Blocking
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "replayEvents",
            summary = "Replay the tenant's retained raw events of a time range",
            description = "Role: c360.admin. Re-delivers events stored in [from, to) (optionally of one `customerId`) "
                    + "through validation and forwarding; duplicates are recognized downstream, erased customers are "
                    + "skipped. At most `limit` (default and maximum 10,000) events per call: when more remain, "
                    + "`nextFrom` says where to continue.")
    public ReplayReport replay(ReplayRequest request) {
        ReplayRequest checked = ReplayRequest.checked(request, Instant.now());
        return replays.replay(tenant.tenant(), checked.from(), checked.to(), checked.customerId(), checked.limit());
    }
}

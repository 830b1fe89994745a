package io.customer360.profile.api;

import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.profile.service.MergeService;
import io.customer360.profile.store.CustomerMerges.Merge;
import io.customer360.profile.store.MergeIds;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Explicit, audited, reversible merges of two profiles of one customer. */
@Path("/api/v1/customers/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Identity")
public class MergeResource {

    /** What to merge into the customer of the path. */
    public record MergeRequest(String sourceId) {}

    /** Which merge to undo. */
    public record UnmergeRequest(String mergeId) {}

    private final MergeService merges;
    private final CustomerLookup lookup;

    MergeResource(MergeService merges, CustomerLookup lookup) {
        this.merges = merges;
        this.lookup = lookup;
    }

    @POST
    @Path("/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.EDITOR)
    @Operation(
            operationId = "mergeCustomer",
            summary = "Merge another profile into this one",
            description = "Role: c360.editor. Body `{sourceId}`. "
                    + "Moves the source's timeline and identities here, keeps `sourceId` as an alias (reads and events naming it "
                    + "reach this customer), recomputes every read model from the combined timeline, and records the merge "
                    + "(who, when) for the audit and for an unmerge; `mergeId` is opaque (`mrg_…`, random: it tells nothing of "
                    + "other merges). 400 when `sourceId` is missing, this customer, or not a customer of the tenant.")
    public Uni<Merge> merge(@PathParam("id") String id, MergeRequest request) {
        return lookup.require(id)
                .flatMap(targetId -> merges.merge(lookup.tenant(), targetId, sourceIdOf(request), lookup.actor()));
    }

    @POST
    @Path("/unmerge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.EDITOR)
    @Operation(
            operationId = "unmergeCustomer",
            summary = "Undo a merge",
            description = "Role: c360.editor. Body `{mergeId}`. Restores the merged "
                    + "customer, moves back the events it brought and those addressed to its id since, its identities and "
                    + "aliases, and recomputes both profiles. 404 for a merge into this customer that does not exist or was "
                    + "already undone.")
    public Uni<Merge> unmerge(@PathParam("id") String id, UnmergeRequest request) {
        return lookup.require(id)
                .flatMap(targetId -> merges.unmerge(lookup.tenant(), targetId, mergeIdOf(request), lookup.actor()));
    }

    @GET
    @Path("/merges")
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            operationId = "listCustomerMerges",
            summary = "Merges involving this customer",
            description = "Role: c360.viewer. Newest first, with who " + "merged and unmerged, and when.")
    public Uni<List<Merge>> history(@PathParam("id") String id) {
        return lookup.require(id).flatMap(customerId -> merges.history(lookup.tenant(), customerId));
    }

    /** The customer to merge in, or a 400 naming {@code sourceId}. */
    static String sourceIdOf(MergeRequest request) {
        if (request == null || request.sourceId() == null || request.sourceId().isBlank()) {
            throw ProblemException.invalid("sourceId", "is required");
        }
        if (!CustomerIds.isValid(request.sourceId())) {
            throw ProblemException.invalid("sourceId", "is not a customer of this tenant");
        }
        return request.sourceId();
    }

    /**
     * The merge to undo, as a merge answered it (an id given before ids became opaque may also come as a JSON
     * number), or a 400 naming {@code mergeId}.
     */
    static String mergeIdOf(UnmergeRequest request) {
        if (request == null || request.mergeId() == null || request.mergeId().isBlank()) {
            throw ProblemException.invalid("mergeId", "is required");
        }
        if (!MergeIds.isValid(request.mergeId())) {
            throw ProblemException.invalid("mergeId", "is not a merge id");
        }
        return request.mergeId();
    }
}

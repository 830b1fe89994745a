package io.customer360.profile.api;

import io.customer360.common.api.ProblemException;
import io.customer360.common.api.QueryParams;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.common.contract.profile.SearchResults;
import io.customer360.profile.store.SearchQueries;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Full-text search over the tenant's customers, timeline events and knowledge. */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search")
@RolesAllowed(Roles.VIEWER)
public class SearchResource {

    private static final int MAX_QUERY = 200;
    private static final int MAX_RESULTS = 50;

    private final SearchQueries search;
    private final TenantContext tenant;
    private final SecurityIdentity identity;

    SearchResource(SearchQueries search, TenantContext tenant, SecurityIdentity identity) {
        this.search = search;
        this.tenant = tenant;
        this.identity = identity;
    }

    @GET
    @Operation(
            operationId = "searchCustomers",
            summary = "Search customers, events and knowledge",
            description = "Role: c360.viewer. `q`: 1–200 "
                    + "characters, web-search syntax (\"a phrase\", `or`, `-word`), English stemming. `limit`: 1–50, default 20. "
                    + "Results from all three sources ranked together (`ts_rank`), with an HTML-safe `highlight` (matches in "
                    + "`<mark>`). Sensitive notes and events are left out for callers without c360.sensitive.")
    public Uni<SearchResults> search(
            @Parameter(required = true, description = "What to search for") @QueryParam("q") String q,
            @Parameter(
                            description = "At most this many hits",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "50",
                                            defaultValue = "20"))
                    @QueryParam("limit")
                    String limit) {
        String query = query(q);
        int size = QueryParams.boundedInt("limit", limit, 20, 1, MAX_RESULTS);
        return search.search(tenant.tenant(), query, identity.hasRole(Roles.SENSITIVE), size)
                .map(hits -> new SearchResults(query, hits));
    }

    /** The text to search for, stripped, or a 400 naming {@code q}. */
    static String query(String q) {
        if (q == null || q.isBlank()) {
            throw ProblemException.invalid("q", "is required");
        }
        if (q.length() > MAX_QUERY) {
            throw ProblemException.invalid("q", "must be at most " + MAX_QUERY + " characters");
        }
        if (q.indexOf('\u0000') >= 0) {
            throw ProblemException.invalid("q", "must not contain NUL characters");
        }
        return q.strip();
    }
}

package io.customer360.aggregator.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.customer360.common.api.Page;
import io.customer360.common.api.ProblemException;
import io.customer360.common.api.ProblemType;
import io.customer360.common.api.Upstream;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads a customer and its 360 sections from profile-service. A 404 there (missing, or another tenant's) is null
 * here; a 403 on a record (its visibility rules withhold it from the caller, whose roles were checked here first) is a
 * 403 problem, which the fan-out reports as withheld; an unreachable or failing profile-service is a 503 problem,
 * never a missing customer.
 */
@ApplicationScoped
public class ProfileClient {

    public static final String SERVICE = "profile-service";
    public static final String WITHHELD = "profile-service withholds it from this caller (a visibility rule)";
    /** The section endpoints of profile-service a provider may read. */
    private static final Set<String> SECTIONS = Set.of("subscription", "support", "engagement", "usage", "sales",
            "security", "contacts", "success");

    private final ProfileApi api;

    ProfileClient(@RestClient ProfileApi api) {
        this.api = api;
    }

    /** The customer, or null when profile-service does not know it for the caller's tenant. */
    public Uni<JsonNode> customer(String id) {
        return Upstream.nullWhenNotFound(withheldWhenForbidden(api.customer(id)), SERVICE);
    }

    /** One section ({@code /api/v1/customers/{id}/{section}}), or null when the customer is unknown. */
    public Uni<JsonNode> section(String id, String section) {
        if (!SECTIONS.contains(section)) {
            throw new IllegalArgumentException("Not a profile section: " + section);
        }
        return Upstream.nullWhenNotFound(withheldWhenForbidden(api.section(id, section)), SERVICE);
    }

    /** The newest notes, sensitive ones redacted by profile-service unless the caller may see them. */
    public Uni<JsonNode> notes(String id, int limit) {
        return Upstream.nullWhenNotFound(withheldWhenForbidden(api.notes(id, limit)), SERVICE);
    }

    /**
     * One page of the tenant's customers, ordered by id ({@code GET /api/v1/customers?limit=&cursor=}); {@code cursor}
     * null for the first page. A 400 (a cursor profile-service no longer takes) stays a {@code WebApplicationException}.
     */
    public Uni<Page<ListedCustomer>> customers(int limit, String cursor) {
        return api.customers(limit, cursor);
    }

    /** A 403 of profile-service is a 403 problem here (withheld), not the 503 of a failing service. */
    static <T> Uni<T> withheldWhenForbidden(Uni<T> call) {
        return call.onFailure(failure -> failure instanceof WebApplicationException web && web.getResponse().getStatus() == 403)
                .transform(failure -> new ProblemException(ProblemType.FORBIDDEN, WITHHELD));
    }
}

package io.customer360.profile.api;

import io.customer360.common.api.Cursors;
import io.customer360.common.api.Page;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.common.contract.profile.CustomerSummary;
import io.customer360.profile.store.CustomerQueries;
import io.customer360.profile.store.CustomerQueries.CustomerFilter;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's customers, filtered and paged. */
@Path("/api/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
@RolesAllowed(Roles.VIEWER)
public class CustomersResource {

    private static final String CODE_SYNTAX = "[A-Za-z0-9][A-Za-z0-9_ -]{0,63}";
    private static final Pattern CODE = Pattern.compile(CODE_SYNTAX);
    private static final int MAX_TEXT = 200;

    private final CustomerQueries queries;
    private final TenantContext tenant;

    CustomersResource(CustomerQueries queries, TenantContext tenant) {
        this.queries = queries;
        this.tenant = tenant;
    }

    @GET
    @Operation(
            operationId = "listCustomers",
            summary = "List customers",
            description = "Role: c360.viewer. Filters: `segment` (an active segment "
                    + "membership), `status`, `healthBand` (as aggregator-service last published it), `q` (words of name, "
                    + "email or company; at most 200 characters). Ordered by id, so pages stay stable while customers are "
                    + "added; page with `limit` and `cursor`.")
    public Uni<Page<CustomerSummary>> list(
            @Parameter(
                            description = "An active segment membership",
                            schema = @Schema(type = SchemaType.STRING, pattern = "^" + CODE_SYNTAX + "$"))
                    @QueryParam("segment")
                    String segment,
            @Parameter(
                            description = "The customer's status: the code its profile events set (not a closed set)",
                            schema = @Schema(type = SchemaType.STRING, pattern = "^" + CODE_SYNTAX + "$"))
                    @QueryParam("status")
                    String status,
            @Parameter(
                            description = "The health band aggregator-service last published for the customer",
                            // the bands of aggregator-service's HealthScore
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            enumeration = {"healthy", "watch", "at_risk"}))
                    @QueryParam("healthBand")
                    String healthBand,
            @Parameter(
                            description = "Words of name, email or company",
                            schema = @Schema(type = SchemaType.STRING, maxLength = MAX_TEXT))
                    @QueryParam("q")
                    String text,
            @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        CustomerFilter filter = new CustomerFilter(
                code("segment", segment), code("status", status), code("healthBand", healthBand), text(text));
        int size = Page.limit(limit);
        String afterId = Cursors.decodeId(cursor);
        return queries.list(tenant.tenant(), filter, afterId, size + 1)
                .map(items -> Page.of(items, size, last -> Cursors.encodeId(last.id())));
    }

    private static String code(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!CODE.matcher(value).matches()) {
            throw ProblemException.invalid(field, "must be a name of at most 64 letters, digits, spaces, '-' or '_'");
        }
        return value;
    }

    private static String text(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw ProblemException.invalid("q", "must be at most " + MAX_TEXT + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid("q", "must not contain control characters");
        }
        return value.strip();
    }
}

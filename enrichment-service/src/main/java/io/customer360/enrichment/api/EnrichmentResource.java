package io.customer360.enrichment.api;

import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.common.contract.enrichment.CustomerEnrichment;
import io.customer360.enrichment.service.EnrichmentService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A customer's enrichment: cached read, trigger, and forced refresh. */
@Path("/api/v1/enrichment/customers/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enrichment")
public class EnrichmentResource {

    static final int MAX_ADDRESS_LINE = 200;

    private final EnrichmentService enrichment;
    private final TenantContext tenant;

    EnrichmentResource(EnrichmentService enrichment, TenantContext tenant) {
        this.enrichment = enrichment;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(
            operationId = "getCustomerEnrichment",
            summary = "Cached enrichment of a customer",
            description = "Role: c360.viewer. Never calls a provider.")
    @APIResponse(
            responseCode = "200",
            description = "The stored enrichment",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CustomerEnrichment.class)))
    @APIResponse(responseCode = "503", description = "profile-service, which knows the customer, is unavailable")
    public Uni<CustomerEnrichment> get(@PathParam("id") String id) {
        String tenantId = tenant.tenant();
        return enrichment.cached(tenantId, CustomerIds.require(id));
    }

    @POST
    @RolesAllowed(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "enrichCustomer",
            summary = "Enrich a customer unless its data is fresh",
            description = "Role: c360.editor. Takes a slot of the monthly quota only when providers return data.")
    @APIResponse(
            responseCode = "200",
            description = "The enrichment: new, or the stored one (still fresh, or providers found nothing)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CustomerEnrichment.class)))
    @APIResponse(
            responseCode = "429",
            description = "The tenant's monthly enrichments are spent: the problem also names the tier, its limit and "
                    + "resetAt",
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "Seconds until the quota resets",
                            schema = @Schema(type = SchemaType.INTEGER, format = "int64")))
    @APIResponse(
            responseCode = "503",
            description = "Enrichment is switched off (ENABLE_CUSTOMER_ENRICHMENT), or profile-service, which knows "
                    + "the customer, is unavailable")
    public Uni<CustomerEnrichment> trigger(@PathParam("id") String id, EnrichRequest request) {
        return enrich(id, request, false);
    }

    @POST
    @Path("/refresh")
    @RolesAllowed(Roles.EDITOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "refreshCustomerEnrichment",
            summary = "Enrich a customer now, even if its data is fresh",
            description = "Role: c360.editor.")
    @APIResponse(
            responseCode = "200",
            description = "The enrichment after the lookup (the stored one when providers found nothing)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CustomerEnrichment.class)))
    @APIResponse(
            responseCode = "429",
            description = "The tenant's monthly enrichments are spent: the problem also names the tier, its limit and "
                    + "resetAt",
            headers =
                    @Header(
                            name = "Retry-After",
                            description = "Seconds until the quota resets",
                            schema = @Schema(type = SchemaType.INTEGER, format = "int64")))
    @APIResponse(
            responseCode = "503",
            description = "Enrichment is switched off (ENABLE_CUSTOMER_ENRICHMENT), or profile-service, which knows "
                    + "the customer, is unavailable")
    public Uni<CustomerEnrichment> refresh(@PathParam("id") String id, EnrichRequest request) {
        return enrich(id, request, true);
    }

    private Uni<CustomerEnrichment> enrich(String id, EnrichRequest request, boolean force) {
        String tenantId = tenant.tenant();
        CustomerIds.require(id);
        EnrichRequest.PropertyAddress address = propertyAddress(request);
        return enrichment.enrich(
                tenantId,
                id,
                force,
                address == null ? null : address.line1(),
                address == null ? null : address.line2());
    }

    /** The property address to enrich, both lines stripped, or null for none; a 400 naming the line at fault. */
    static EnrichRequest.PropertyAddress propertyAddress(EnrichRequest request) {
        EnrichRequest.PropertyAddress address = request == null ? null : request.propertyAddress();
        String line1 = address == null ? null : addressLine("propertyAddress.line1", address.line1());
        String line2 = address == null ? null : addressLine("propertyAddress.line2", address.line2());
        if ((line1 == null) != (line2 == null)) {
            throw ProblemException.invalid(
                    line1 == null ? "propertyAddress.line1" : "propertyAddress.line2",
                    "is required with the other address line");
        }
        return line1 == null ? null : new EnrichRequest.PropertyAddress(line1, line2);
    }

    private static String addressLine(String field, String value) {
        if (value == null) {
            return null;
        }
        String line = value.strip();
        if (line.isEmpty() || line.length() > MAX_ADDRESS_LINE || line.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid(
                    field, "must be 1-" + MAX_ADDRESS_LINE + " characters without control characters");
        }
        return line;
    }
}

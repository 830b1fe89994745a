package io.customer360.enrichment.api;

import io.customer360.common.api.CustomerIds;
import io.customer360.common.api.ProblemException;
import io.customer360.common.auth.Roles;
import io.customer360.common.auth.TenantContext;
import io.customer360.enrichment.client.CustomerDirectory;
import io.customer360.enrichment.domain.CustomerEnrichment;
import io.customer360.enrichment.domain.EnrichmentField;
import io.customer360.enrichment.store.EnrichmentRecords;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Cached enrichment of a customer. The customer must exist in profile-service for the caller's tenant. */
@Path("/api/v1/enrichment/customers/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enrichment")
public class EnrichmentResource {

    private final CustomerDirectory customers;
    private final EnrichmentRecords records;
    private final TenantContext tenant;

    EnrichmentResource(CustomerDirectory customers, EnrichmentRecords records, TenantContext tenant) {
        this.customers = customers;
        this.records = records;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Cached enrichment of a customer", description = "Role: c360.viewer. Never calls a provider.")
    public Uni<CustomerEnrichment> get(@PathParam("id") String id) {
        String tenantId = tenant.tenant();
        CustomerIds.require(id);
        return customers.find(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Customer", id))
                .flatMap(customer -> records.fields(tenantId, id))
                .map(fields -> new CustomerEnrichment(id, !fields.isEmpty(), fields, lastRetrieved(fields)));
    }

    private static OffsetDateTime lastRetrieved(List<EnrichmentField> fields) {
        return fields.stream().map(EnrichmentField::retrievedAt).max(Comparator.naturalOrder()).orElse(null);
    }
}

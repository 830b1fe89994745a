package io.customer360.profile.api;

import io.customer360.profile.domain.catalog.EventCatalogDocument;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/** Puts the event catalog table into the OpenAPI description (run when the document is built). */
public class EventCatalogOpenApiFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        String description = openAPI.getInfo().getDescription();
        openAPI.getInfo()
                .setDescription((description == null ? "" : description + "\n\n")
                        + "## Event catalog\n\nEvery event type the store understands (any other type becomes a generic timeline "
                        + "entry); examples in docs/event-catalog.md.\n\n" + EventCatalogDocument.table());
    }
}

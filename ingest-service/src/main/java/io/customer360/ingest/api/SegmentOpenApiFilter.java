package io.customer360.ingest.api;

import io.customer360.common.auth.TenantContext;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * The Segment endpoints ({@code /v1/}) are authenticated by a write key, not a token: common's filter documents the
 * {@value TenantContext#TENANT_HEADER} header on every secured operation, but no operator calls these (the tenant is
 * the write key's), so it is removed from them. Runs after the build-time filters.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUN)
public class SegmentOpenApiFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/v1/")) {
                for (Operation operation : item.getOperations().values()) {
                    if (operation.getParameters() != null) {
                        operation.getParameters().stream()
                                .filter(p -> TenantContext.TENANT_HEADER.equals(p.getName()))
                                .toList()
                                .forEach(operation::removeParameter);
                    }
                }
            }
        });
    }
}

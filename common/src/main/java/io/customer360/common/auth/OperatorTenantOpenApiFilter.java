package io.customer360.common.auth;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Documents the {@value TenantContext#TENANT_HEADER} header on every operation that needs a token: what an operator
 * identity sends to name the tenant of its call (TenantContext), and what nobody else may send.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class OperatorTenantOpenApiFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
                    operation.addParameter(header());
                }
            }
        }
    }

    private static Parameter header() {
        return OASFactory.createParameter()
                .name(TenantContext.TENANT_HEADER)
                .in(Parameter.In.HEADER)
                .required(false)
                .description("Operator identities only (role c360.operator, no org_id claim: the billing job, the "
                        + "aggregator's background work): the tenant of this call, required from them. Anyone else "
                        + "sending it gets 400; an operator call without it, or naming no tenant of the mesh, gets 400 "
                        + "naming `tenant`. Every operator call is audited.")
                .schema(OASFactory.createSchema()
                        .addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)
                        .pattern(TenantContext.TENANT_PATTERN.pattern())
                        .examples(List.of("acme")));
    }
}

package io.customer360.profile.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * {@code include} of {@code getCustomerSections} as what it is: a comma-separated list of the part names
 * {@link CustomerSectionsResource} accepts (an array in form style, not exploded, so a generated client sends
 * {@code include=notes,sales}). The names come from the resource, so the document cannot list a part it refuses.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class SectionsIncludeOpenApiFilter implements OASFilter {

    static final String PATH = "/api/v1/customers/{id}/sections";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        PathItem item = openAPI.getPaths() == null ? null : openAPI.getPaths().getPathItem(PATH);
        Operation get = item == null ? null : item.getGET();
        if (get == null || get.getParameters() == null) {
            return;
        }
        for (Parameter parameter : get.getParameters()) {
            if ("include".equals(parameter.getName()) && parameter.getIn() == Parameter.In.QUERY) {
                parameter.setStyle(Parameter.Style.FORM);
                parameter.setExplode(false);
                parameter.setSchema(OASFactory.createSchema()
                        .addType(SchemaType.ARRAY)
                        .uniqueItems(true)
                        .items(OASFactory.createSchema()
                                .addType(SchemaType.STRING)
                                .enumeration(List.<Object>copyOf(CustomerSectionsResource.partNames()))));
            }
        }
    }
}

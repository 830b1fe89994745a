package io.customer360.common.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.junit.jupiter.api.Test;

/** What the filter makes of the schemas a service's records produce. */
class ProblemOpenApiFilterTest {

    @Test
    void aNullableClosedSetAcceptsNullWhetherRequiredOrNot() {
        Schema section = OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                // a record component marked required and nullable: SmallRye writes type [string, null] and the enum
                .addProperty("loginTrend", closedSet().addType(SchemaType.NULL))
                // an optional one: the filter makes it nullable
                .addProperty("sessionTrend", closedSet())
                // a required one that cannot be null keeps its set as it is
                .addProperty("band", closedSet())
                .required(List.of("loginTrend", "band"));
        OpenAPI document = OASFactory.createOpenAPI()
                .components(OASFactory.createComponents().addSchema("EngagementSection", section));

        new ProblemOpenApiFilter().filterOpenAPI(document);

        Schema filtered = document.getComponents().getSchemas().get("EngagementSection");
        assertThat(filtered.getProperties().get("loginTrend").getEnumeration()).containsExactly("up", "down", null);
        assertThat(filtered.getProperties().get("sessionTrend").getType()).contains(SchemaType.NULL);
        assertThat(filtered.getProperties().get("sessionTrend").getEnumeration())
                .containsExactly("up", "down", null);
        assertThat(filtered.getProperties().get("band").getEnumeration()).containsExactly("up", "down");
    }

    @Test
    void aPropertyReferringToAJsonTreeIsWhatTheTreeIs() {
        // what SmallRye wrote for Customer.attributes (an ObjectNode) once another record named Customer in a @Schema
        Schema customer = OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .addProperty(
                        "attributes",
                        OASFactory.createSchema()
                                .ref("#/components/schemas/ObjectNode")
                                .addType(SchemaType.ARRAY)
                                .description("Profile fields"))
                .required(List.of("attributes"));
        OpenAPI document = OASFactory.createOpenAPI()
                .components(OASFactory.createComponents()
                        .addSchema("Customer", customer)
                        .addSchema("ObjectNode", OASFactory.createSchema().addType(SchemaType.ARRAY)));

        new ProblemOpenApiFilter().filterOpenAPI(document);

        Schema attributes = document.getComponents()
                .getSchemas()
                .get("Customer")
                .getProperties()
                .get("attributes");
        assertThat(attributes.getRef()).isEqualTo("#/components/schemas/ObjectNode");
        assertThat(attributes.getType()).isNull();
        assertThat(attributes.getDescription()).isEqualTo("Profile fields");
        assertThat(document.getComponents().getSchemas().get("ObjectNode").getType())
                .containsExactly(SchemaType.OBJECT);
    }

    private static Schema closedSet() {
        return OASFactory.createSchema().addType(SchemaType.STRING).enumeration(List.of("up", "down"));
    }
}

package io.customer360.aggregator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.junit.jupiter.api.Test;

/** The view's JSON-tree sections as the seed schema describes them, in the document a client generator reads. */
class ViewSectionsOpenApiFilterTest {

    private static final List<String> SEED_SECTIONS = List.of(
            "accountProfile",
            "healthSummary",
            "engagementSummary",
            "supportSummary",
            "usageSummary",
            "commercialSummary");

    @Test
    void eachSeedSectionIsANullableObjectWithTheSchemasPropertiesAndRequiredOnes() {
        OpenAPI document = documentAsScanned();

        new ViewSectionsOpenApiFilter().filterOpenAPI(document);

        Map<String, Schema> components = document.getComponents().getSchemas();
        Schema view = components.get("Customer360");
        JsonNode seed = ViewSectionsOpenApiFilter.load().path("properties");
        for (String section : SEED_SECTIONS) {
            Schema property = view.getProperties().get(section);
            String name = ViewSectionsOpenApiFilter.sectionName(section);
            assertThat(property.getAnyOf()).as(section).hasSize(2);
            assertThat(property.getAnyOf().get(0).getRef()).isEqualTo("#/components/schemas/" + name);
            assertThat(property.getAnyOf().get(1).getType()).containsExactly(SchemaType.NULL);
            Schema described = components.get(name);
            JsonNode object = ViewSectionsOpenApiFilter.objectAlternative(seed.path(section));
            assertThat(described.getType()).as(section).containsExactly(SchemaType.OBJECT);
            assertThat(described.getProperties().keySet()).as(section).containsExactlyElementsOf(names(object));
            assertThat(described.getRequired()).as(section).containsExactlyElementsOf(texts(object.path("required")));
        }
        // a generator finds every member a schema requires among its properties
        components.values().forEach(ViewSectionsOpenApiFilterTest::assertRequiredAreProperties);
        // what the annotation said stays with the property
        assertThat(view.getProperties().get("accountProfile").getDescription()).isEqualTo("The seed's accountProfile");
        assertThat(view.getProperties().get("healthSummary").getDescription()).isEqualTo("Health, made nullable");
        // the schema's $defs are components its $refs point at
        Schema profile = components.get("Customer360AccountProfile");
        assertThat(profile.getProperties().get("customerSince").getRef())
                .isEqualTo("#/components/schemas/Customer360Date");
        assertThat(components.get("Customer360Date").getType()).containsExactly(SchemaType.STRING, SchemaType.NULL);
        // a section the seed schema does not describe is left as the scanner wrote it
        assertThat(view.getProperties().get("successPlan").getRef()).isEqualTo("#/components/schemas/JsonNode");
    }

    @Test
    void aDocumentWithoutTheViewIsLeftAlone() {
        OpenAPI document = OASFactory.createOpenAPI()
                .components(OASFactory.createComponents()
                        .addSchema("Other", OASFactory.createSchema().addType(SchemaType.OBJECT)));

        new ViewSectionsOpenApiFilter().filterOpenAPI(document);

        assertThat(document.getComponents().getSchemas()).containsOnlyKeys("Other");
    }

    /** Customer360 as SmallRye scans it: the trees are $refs to JsonNode, one already made nullable by a filter. */
    private static OpenAPI documentAsScanned() {
        Schema view = OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .addProperty("accountId", OASFactory.createSchema().addType(SchemaType.STRING));
        for (String section : SEED_SECTIONS) {
            view.addProperty(section, tree());
        }
        view.addProperty("accountProfile", tree().description("The seed's accountProfile"));
        view.addProperty(
                "healthSummary",
                OASFactory.createSchema()
                        .addAnyOf(tree().description("Health, made nullable"))
                        .addAnyOf(OASFactory.createSchema().addType(SchemaType.NULL)));
        view.addProperty("successPlan", tree());
        return OASFactory.createOpenAPI()
                .components(OASFactory.createComponents()
                        .addSchema("Customer360", view)
                        .addSchema("JsonNode", OASFactory.createSchema()));
    }

    private static Schema tree() {
        return OASFactory.createSchema().ref("#/components/schemas/JsonNode");
    }

    private static void assertRequiredAreProperties(Schema schema) {
        if (schema == null) {
            return;
        }
        if (schema.getRequired() != null) {
            assertThat(schema.getProperties()).containsKeys(schema.getRequired().toArray(String[]::new));
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(ViewSectionsOpenApiFilterTest::assertRequiredAreProperties);
        }
        if (schema.getOneOf() != null) {
            schema.getOneOf().forEach(ViewSectionsOpenApiFilterTest::assertRequiredAreProperties);
        }
        assertRequiredAreProperties(schema.getItems());
        assertRequiredAreProperties(schema.getAdditionalPropertiesSchema());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(value -> texts.add(value.asText()));
        return texts;
    }
}

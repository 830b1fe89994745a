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

/** The view's JSON-tree sections as their JSON Schemas describe them, in the document a client generator reads. */
class ViewSectionsOpenApiFilterTest {

    private static final List<String> SEED_SECTIONS = List.of(
            "accountProfile",
            "healthSummary",
            "engagementSummary",
            "supportSummary",
            "usageSummary",
            "commercialSummary");

    private static final List<String> EXTRA_SECTIONS =
            List.of("successPlan", "salesPipeline", "securitySummary", "enrichment", "keyNotes");

    @Test
    void eachSeedSectionIsANullableObjectWithTheSchemasPropertiesAndRequiredOnes() {
        OpenAPI document = documentAsScanned();

        new ViewSectionsOpenApiFilter().filterOpenAPI(document);

        Map<String, Schema> components = document.getComponents().getSchemas();
        Schema view = components.get("Customer360");
        JsonNode seed = ViewSectionsOpenApiFilter.load(ViewSectionsOpenApiFilter.SEED);
        for (String section : SEED_SECTIONS) {
            assertPublished(components, section, seed, SchemaType.OBJECT);
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
        // a tree no schema describes is left as the scanner wrote it
        assertThat(view.getProperties().get("undescribed").getRef()).isEqualTo("#/components/schemas/JsonNode");
    }

    @Test
    void eachExtraSectionIsPublishedFromTheViewSectionsSchemaTheSameWay() {
        OpenAPI document = documentAsScanned();

        new ViewSectionsOpenApiFilter().filterOpenAPI(document);

        Map<String, Schema> components = document.getComponents().getSchemas();
        Schema view = components.get("Customer360");
        JsonNode sections = ViewSectionsOpenApiFilter.load(ViewSectionsOpenApiFilter.SECTIONS);
        for (String section : EXTRA_SECTIONS) {
            assertPublished(
                    components, section, sections, section.equals("keyNotes") ? SchemaType.ARRAY : SchemaType.OBJECT);
        }
        components.values().forEach(ViewSectionsOpenApiFilterTest::assertRequiredAreProperties);
        assertThat(view.getProperties().get("successPlan").getDescription()).isEqualTo("Milestones and health events");
        // the notes are an array of notes, each member with its type
        Schema note = components.get("Customer360KeyNotes").getItems();
        assertThat(note.getProperties().get("sensitive").getType()).containsExactly(SchemaType.BOOLEAN);
        assertThat(note.getProperties().get("title").getType()).containsExactly(SchemaType.STRING, SchemaType.NULL);
        // profile-service's records are closed; enrichment-service's answer is passed through, so it stays open
        assertThat(components.get("Customer360SalesPipeline").getAdditionalPropertiesBoolean())
                .isFalse();
        assertThat(components
                        .get("Customer360SalesPipeline")
                        .getProperties()
                        .get("deals")
                        .getItems()
                        .getRef())
                .isEqualTo("#/components/schemas/Customer360SalesDeal");
        assertThat(components.get("Customer360SalesDeal").getRequired())
                .containsExactly("id", "firstSeenAt", "lastChangedAt", "eventIds");
        Schema enrichment = components.get("Customer360Enrichment");
        assertThat(enrichment.getAdditionalPropertiesBoolean()).isTrue();
        assertThat(enrichment.getProperties().get("fields").getItems().getRef())
                .isEqualTo("#/components/schemas/Customer360EnrichmentField");
        assertThat(enrichment.getProperties().get("person").getRef())
                .isEqualTo("#/components/schemas/Customer360EnrichmentValues");
        // the two files' $defs are published side by side
        assertThat(components).containsKeys("Customer360Date", "Customer360Sla", "Customer360UtcTime");
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
        for (String section : EXTRA_SECTIONS) {
            view.addProperty(section, tree());
        }
        view.addProperty("accountProfile", tree().description("The seed's accountProfile"));
        view.addProperty(
                "healthSummary",
                OASFactory.createSchema()
                        .addAnyOf(tree().description("Health, made nullable"))
                        .addAnyOf(OASFactory.createSchema().addType(SchemaType.NULL)));
        view.addProperty("successPlan", tree().description("Milestones and health events"));
        view.addProperty("undescribed", tree());
        return OASFactory.createOpenAPI()
                .components(OASFactory.createComponents()
                        .addSchema("Customer360", view)
                        .addSchema("JsonNode", OASFactory.createSchema()));
    }

    /**
     * The view's property is a nullable reference to the section's component, which has the schema's type, properties
     * and required members.
     */
    private static void assertPublished(
            Map<String, Schema> components, String section, JsonNode schemas, SchemaType type) {
        Schema property = components.get("Customer360").getProperties().get(section);
        String name = ViewSectionsOpenApiFilter.sectionName(section);
        assertThat(property.getAnyOf()).as(section).hasSize(2);
        assertThat(property.getAnyOf().get(0).getRef()).isEqualTo("#/components/schemas/" + name);
        assertThat(property.getAnyOf().get(1).getType()).containsExactly(SchemaType.NULL);
        Schema described = components.get(name);
        JsonNode shape =
                ViewSectionsOpenApiFilter.shape(schemas.path("properties").path(section));
        assertThat(described.getType()).as(section).containsExactly(type);
        JsonNode members = type == SchemaType.ARRAY ? shape.path("items") : shape;
        Schema publishedMembers = type == SchemaType.ARRAY ? described.getItems() : described;
        assertThat(names(members)).as(section).isNotEmpty();
        assertThat(publishedMembers.getProperties().keySet()).as(section).containsExactlyElementsOf(names(members));
        List<String> required = texts(members.path("required"));
        assertThat(publishedMembers.getRequired() == null ? List.of() : publishedMembers.getRequired())
                .as(section)
                .containsExactlyElementsOf(required);
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

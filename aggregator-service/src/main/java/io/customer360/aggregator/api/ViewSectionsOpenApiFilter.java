package io.customer360.aggregator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * The 360 view's sections are Jackson trees in {@code Customer360}, which the scanner can only publish as "any JSON
 * value". Their shapes are JSON Schemas the view tests validate real answers against: the seed's sections
 * ({@code accountProfile} … {@code commercialSummary}) come from the seed's {@value #SEED}; the mesh's extra sections
 * ({@code successPlan}, {@code salesPipeline}, {@code securitySummary}, {@code enrichment}, {@code keyNotes}) from
 * {@value #SECTIONS}. This filter publishes each section a schema describes as a component
 * ({@code Customer360AccountProfile}, {@code Customer360KeyNotes}, …; the schemas' {@code $defs} as
 * {@code Customer360Date}, {@code Customer360SalesDeal}, …) and points the view's property at it, null allowed as in
 * the schema. Both files go through the one translation below. They are read when the document is built; a keyword
 * the translation does not know fails the build instead of being dropped.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ViewSectionsOpenApiFilter implements OASFilter {

    static final String SEED = "schemas/customer-360.schema.json";
    static final String SECTIONS = "schemas/view-sections.schema.json";
    static final String VIEW = "Customer360";
    private static final String COMPONENTS = "#/components/schemas/";
    private static final String DEFS = "#/$defs/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        Schema view = components == null || components.getSchemas() == null
                ? null
                : components.getSchemas().get(VIEW);
        if (view == null || view.getProperties() == null) {
            return;
        }
        for (String resource : List.of(SEED, SECTIONS)) {
            JsonNode schemas = load(resource);
            try {
                publish(schemas, view, components);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(resource + ": " + e.getMessage(), e);
            }
        }
    }

    private static void publish(JsonNode schemas, Schema view, Components components) {
        schemas.path("$defs").fields().forEachRemaining(def -> {
            String name = sectionName(def.getKey());
            // both files' $defs share the components' names: one may not replace the other's
            if (components.getSchemas().containsKey(name)) {
                throw new IllegalStateException("$defs/" + def.getKey() + " is " + name + ", already published");
            }
            components.addSchema(name, schema(def.getValue()));
        });
        schemas.path("properties").fields().forEachRemaining(section -> {
            Schema property = view.getProperties().get(section.getKey());
            JsonNode shape = shape(section.getValue());
            if (property == null || shape == null || !isJsonTree(property)) {
                return;
            }
            String name = sectionName(section.getKey());
            components.addSchema(name, schema(shape));
            view.addProperty(
                    section.getKey(),
                    OASFactory.createSchema()
                            .addAnyOf(OASFactory.createSchema().ref(COMPONENTS + name))
                            .addAnyOf(OASFactory.createSchema().addType(SchemaType.NULL))
                            .description(description(property)));
        });
    }

    /** {@code Customer360AccountProfile} for {@code accountProfile}. */
    static String sectionName(String section) {
        return VIEW + section.substring(0, 1).toUpperCase(Locale.ROOT) + section.substring(1);
    }

    /** A section is {@code oneOf: [null, object]} (or {@code [null, array]}) in a schema: the other is its shape. */
    static JsonNode shape(JsonNode section) {
        for (JsonNode alternative : section.path("oneOf")) {
            String type = alternative.path("type").asText();
            if ("object".equals(type) || "array".equals(type)) {
                return alternative;
            }
        }
        return null;
    }

    /** The scanner's {@code $ref} to JsonNode, possibly made nullable by another filter already. */
    private static boolean isJsonTree(Schema property) {
        if (property.getRef() != null) {
            return property.getRef().endsWith("/JsonNode");
        }
        return property.getAnyOf() != null
                && property.getAnyOf().stream()
                        .anyMatch(s -> s.getRef() != null && s.getRef().endsWith("/JsonNode"));
    }

    private static String description(Schema property) {
        if (property.getDescription() != null || property.getAnyOf() == null) {
            return property.getDescription();
        }
        return property.getAnyOf().stream()
                .map(Schema::getDescription)
                .filter(d -> d != null)
                .findFirst()
                .orElse(null);
    }

    /** The JSON Schema 2020-12 keywords the schemas use, as the OpenAPI 3.1 model's (the same dialect). */
    static Schema schema(JsonNode node) {
        Schema schema = OASFactory.createSchema();
        node.fields().forEachRemaining(keyword -> {
            JsonNode value = keyword.getValue();
            switch (keyword.getKey()) {
                case "type" -> {
                    List<JsonNode> types = new ArrayList<>();
                    if (value.isArray()) {
                        value.forEach(types::add);
                    } else {
                        types.add(value);
                    }
                    types.forEach(type ->
                            schema.addType(SchemaType.valueOf(type.asText().toUpperCase(Locale.ROOT))));
                }
                case "enum" -> {
                    List<Object> values = new ArrayList<>();
                    value.forEach(v -> values.add(v.isNull() ? null : v.isNumber() ? v.decimalValue() : v.asText()));
                    schema.setEnumeration(values);
                }
                case "$ref" -> {
                    if (!value.asText().startsWith(DEFS)) {
                        throw new IllegalStateException("a $ref outside $defs: " + value.asText());
                    }
                    schema.ref(COMPONENTS + sectionName(value.asText().substring(DEFS.length())));
                }
                case "format" -> schema.format(value.asText());
                case "pattern" -> schema.pattern(value.asText());
                case "title" -> schema.title(value.asText());
                case "description" -> schema.description(value.asText());
                case "minimum" -> schema.minimum(value.decimalValue());
                case "maximum" -> schema.maximum(value.decimalValue());
                case "maxItems" -> schema.maxItems(value.intValue());
                case "required" -> value.forEach(name -> schema.addRequired(name.asText()));
                case "properties" ->
                    value.fields().forEachRemaining(p -> schema.addProperty(p.getKey(), schema(p.getValue())));
                case "items" -> schema.items(schema(value));
                case "oneOf" -> value.forEach(alternative -> schema.addOneOf(schema(alternative)));
                case "additionalProperties" -> {
                    if (value.isBoolean()) {
                        schema.additionalPropertiesBoolean(value.booleanValue());
                    } else {
                        schema.additionalPropertiesSchema(schema(value));
                    }
                }
                default ->
                    throw new IllegalStateException(
                            "the keyword " + keyword.getKey() + " is not translated to OpenAPI");
            }
        });
        namedRequired(schema, node);
        return schema;
    }

    /**
     * A schema requires members it describes only through {@code additionalProperties} (or not at all); a
     * linter wants each required member among the properties, so it is listed there as what it already had to be.
     */
    private static void namedRequired(Schema schema, JsonNode node) {
        for (JsonNode required : node.path("required")) {
            String name = required.asText();
            if (schema.getProperties() == null || !schema.getProperties().containsKey(name)) {
                JsonNode additional = node.path("additionalProperties");
                schema.addProperty(name, additional.isObject() ? schema(additional) : OASFactory.createSchema());
            }
        }
    }

    static JsonNode load(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ViewSectionsOpenApiFilter.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

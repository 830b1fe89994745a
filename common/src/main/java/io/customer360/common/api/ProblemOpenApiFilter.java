package io.customer360.common.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * What every service's OpenAPI document says the same way, so a client generator can trust it: the {@link Problem}
 * schema on every error an operation can answer (400 for a bad parameter, body or tenant header, 401/403 on every
 * secured operation, 404 on every route with a path parameter, 413 on every body, and whatever an operation documents
 * itself among 409/422/429/503), {@code limit} as the integer it is, and roles named under the OIDC scheme (the only
 * scheme with scopes). Runs when the document is built, after the automatic security requirements.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemOpenApiFilter implements OASFilter {

    static final String PROBLEM_SCHEMA = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM_SCHEMA;
    /** The statuses whose body is always a problem document. */
    private static final Set<String> PROBLEM_STATUSES =
            Set.of("400", "401", "403", "404", "406", "409", "413", "415", "422", "429", "500", "503");

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "400", "A parameter, the body or the C360-Tenant header is not valid: the problem names the field",
            "401", "No token, or a token that is expired, forged, of another issuer or for another audience",
            "403", "The token lacks the operation's role, or a visibility rule withholds what was asked for",
            "404", "Nothing with this id in the caller's tenant",
            "413", "The body is larger than the service accepts");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components =
                openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSchema(PROBLEM_SCHEMA, problemSchema());
        jsonTreesAsJson(components);
        optionalMeansNullable(components);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        String oidcScheme = oidcSchemeName(components);
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry :
                    item.getOperations().entrySet()) {
                Operation operation = entry.getValue();
                rolesUnderOidc(operation, components, oidcScheme);
                integerLimit(operation);
                problemResponses(path, item, operation);
            }
        });
    }

    private static void problemResponses(String path, PathItem item, Operation operation) {
        APIResponses responses =
                operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean secured =
                operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        boolean hasParameters = hasParameters(item, operation);
        boolean hasBody = operation.getRequestBody() != null;
        if (secured || hasParameters || hasBody) {
            ensure(responses, "400");
        }
        if (secured) {
            ensure(responses, "401");
            ensure(responses, "403");
        }
        if (path.contains("{")) {
            ensure(responses, "404");
        }
        if (hasBody) {
            ensure(responses, "413");
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (response.getRef() == null
                    && (response.getDescription() == null
                            || response.getDescription().isBlank())
                    && !PROBLEM_STATUSES.contains(status)) {
                // a response object must have a description; a bare @APIResponse(responseCode = "201") has none
                response.setDescription(
                        switch (status) {
                            case "200" -> "OK";
                            case "201" -> "Created";
                            case "202" -> "Accepted";
                            case "204" -> "No content";
                            default -> "Status " + status;
                        });
            }
            if (PROBLEM_STATUSES.contains(status) && response.getRef() == null) {
                if (response.getDescription() == null
                        || response.getDescription().isBlank()) {
                    response.setDescription(DESCRIPTIONS.getOrDefault(
                            status,
                            ProblemType.forStatus(Integer.parseInt(status)).title()));
                }
                response.setContent(OASFactory.createContent()
                        .addMediaType(
                                Problem.MEDIA_TYPE,
                                OASFactory.createMediaType()
                                        .schema(OASFactory.createSchema().ref(PROBLEM_REF))));
            }
        });
    }

    private static void ensure(APIResponses responses, String status) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(DESCRIPTIONS.get(status)));
        } else {
            APIResponse response = responses.getAPIResponse(status);
            String generic = switch (status) {
                case "401" -> "Not Authorized";
                case "403" -> "Not Allowed";
                default -> null;
            };
            if (response.getDescription() == null || response.getDescription().equals(generic)) {
                response.setDescription(DESCRIPTIONS.get(status));
            }
        }
    }

    private static boolean hasParameters(PathItem item, Operation operation) {
        return (operation.getParameters() != null && !operation.getParameters().isEmpty())
                || (item.getParameters() != null && !item.getParameters().isEmpty());
    }

    /** {@code limit} is parsed by {@link Page#limit} (or a tighter bound the operation documents itself): an integer. */
    private static void integerLimit(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            Schema schema = parameter.getSchema();
            if ("limit".equals(parameter.getName())
                    && parameter.getIn() == Parameter.In.QUERY
                    && (schema == null
                            || schema.getType() == null
                            || schema.getType().equals(List.of(SchemaType.STRING)))) {
                parameter.setSchema(OASFactory.createSchema()
                        .addType(SchemaType.INTEGER)
                        .format("int32")
                        .minimum(java.math.BigDecimal.ONE)
                        .maximum(java.math.BigDecimal.valueOf(Page.MAX_LIMIT))
                        .defaultValue(Page.DEFAULT_LIMIT));
                if (parameter.getDescription() == null) {
                    parameter.setDescription("Page size");
                }
            }
        }
    }

    /**
     * Quarkus names a {@code @RolesAllowed} operation's roles under the first security scheme it finds; only the OIDC
     * scheme has scopes (roles), so a requirement with roles under another scheme (a write key's) is moved to it.
     */
    private static void rolesUnderOidc(Operation operation, Components components, String oidcScheme) {
        if (oidcScheme == null || operation.getSecurity() == null || components.getSecuritySchemes() == null) {
            return;
        }
        for (SecurityRequirement requirement : operation.getSecurity()) {
            for (String name : List.copyOf(requirement.getSchemes().keySet())) {
                List<String> roles = requirement.getScheme(name);
                SecurityScheme scheme = components.getSecuritySchemes().get(name);
                if (scheme != null
                        && roles != null
                        && !roles.isEmpty()
                        && scheme.getType() != SecurityScheme.Type.OPENIDCONNECT
                        && scheme.getType() != SecurityScheme.Type.OAUTH2) {
                    requirement.removeScheme(name);
                    requirement.addScheme(oidcScheme, roles);
                }
            }
        }
    }

    private static String oidcSchemeName(Components components) {
        if (components.getSecuritySchemes() == null) {
            return null;
        }
        return components.getSecuritySchemes().entrySet().stream()
                .filter(e -> e.getValue().getType() == SecurityScheme.Type.OPENIDCONNECT)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    /**
     * Jackson's trees are scanned as beans: {@code JsonNode} would be published as its getter list ({@code isArray},
     * {@code nodeType}…) and {@code ObjectNode} as an array. They are any JSON value and a JSON object; an operation
     * that knows its shape documents it with its own schema.
     */
    private static final List<String> JSON_TREES = List.of("JsonNode", "ObjectNode", "ArrayNode");

    private static void jsonTreesAsJson(Components components) {
        if (components.getSchemas() == null) {
            return;
        }
        if (components.getSchemas().containsKey("JsonNode")) {
            components.addSchema("JsonNode", OASFactory.createSchema().description("Any JSON value"));
        }
        if (components.getSchemas().containsKey("ObjectNode")) {
            components.addSchema(
                    "ObjectNode",
                    OASFactory.createSchema().addType(SchemaType.OBJECT).description("A JSON object"));
        }
        if (components.getSchemas().containsKey("ArrayNode")) {
            components.addSchema(
                    "ArrayNode",
                    OASFactory.createSchema().addType(SchemaType.ARRAY).description("A JSON array"));
        }
        // only the getter lists referred to these
        components.removeSchema("JsonNodeType");
        components.removeSchema("JsonNodeFactory");
        // a property referring to a tree can carry the type the scanner saw beside its $ref (an ObjectNode property
        // reached through another record's @Schema came out as {$ref: ObjectNode, type: array}): the $ref says it
        components.getSchemas().values().forEach(schema -> {
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(ProblemOpenApiFilter::onlyTheTreeRef);
            }
        });
    }

    private static void onlyTheTreeRef(Schema property) {
        String ref = property.getRef();
        if (ref != null && JSON_TREES.stream().anyMatch(tree -> ref.endsWith("/" + tree))) {
            property.setType(null);
        }
    }

    /**
     * The services' records are written with every component, a value nobody knows as {@code null} (Jackson's default;
     * {@link Problem} leaves them out and says so with {@code required}). So a property a schema does not require may
     * be null: OpenAPI 3.1 says it as {@code type: [x, "null"]}, or {@code anyOf} with {@code null} beside a {@code $ref}.
     */
    private static void optionalMeansNullable(Components components) {
        if (components.getSchemas() == null) {
            return;
        }
        components.getSchemas().forEach((name, schema) -> {
            if (PROBLEM_SCHEMA.equals(name) || schema.getProperties() == null) {
                return;
            }
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            for (Map.Entry<String, Schema> property :
                    List.copyOf(schema.getProperties().entrySet())) {
                if (!required.contains(property.getKey())) {
                    schema.addProperty(property.getKey(), nullable(property.getValue()));
                } else {
                    nullInEnumeration(property.getValue());
                }
            }
        });
    }

    private static Schema nullable(Schema schema) {
        if (schema.getRef() != null
                || schema.getType() == null
                || schema.getType().isEmpty()) {
            if (schema.getAnyOf() != null && schema.getAnyOf().stream().anyMatch(ProblemOpenApiFilter::isNull)) {
                return schema;
            }
            return OASFactory.createSchema()
                    .addAnyOf(schema)
                    .addAnyOf(OASFactory.createSchema().addType(SchemaType.NULL));
        }
        if (!schema.getType().contains(SchemaType.NULL)) {
            schema.addType(SchemaType.NULL);
        }
        nullInEnumeration(schema);
        return schema;
    }

    /**
     * A nullable closed set lists null among its values: JSON Schema checks {@code enum} on its own, so
     * {@code type: [string, "null"]} with {@code enum: [up, down]} would refuse the null the type allows.
     */
    private static void nullInEnumeration(Schema schema) {
        if (schema.getType() != null
                && schema.getType().contains(SchemaType.NULL)
                && schema.getEnumeration() != null
                && !schema.getEnumeration().contains(null)) {
            // addEnumeration(null) is ignored by the model: set the whole list
            List<Object> values = new ArrayList<>(schema.getEnumeration());
            values.add(null);
            schema.setEnumeration(values);
        }
    }

    private static boolean isNull(Schema schema) {
        return schema.getType() != null && schema.getType().equals(List.of(SchemaType.NULL));
    }

    /** {@link Problem} as JSON Schema: what every error body of the mesh is. */
    static Schema problemSchema() {
        Schema violation = OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .addProperty(
                        "field",
                        OASFactory.createSchema()
                                .addType(SchemaType.STRING)
                                .description("The JSON path of the body field, or the parameter's name"))
                .addProperty("message", OASFactory.createSchema().addType(SchemaType.STRING))
                .required(List.of("field", "message"));
        return OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .description(
                        "An RFC 9457 problem document (application/problem+json): the one shape of every error of the mesh")
                .addProperty(
                        "type",
                        OASFactory.createSchema()
                                .addType(SchemaType.STRING)
                                .format("uri")
                                .description("Names the kind of problem; clients branch on it")
                                .examples(List.of("https://customer360.io/problems/validation")))
                .addProperty("title", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty(
                        "status",
                        OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32"))
                .addProperty("detail", OASFactory.createSchema().addType(SchemaType.STRING))
                .addProperty(
                        "violations",
                        OASFactory.createSchema()
                                .addType(SchemaType.ARRAY)
                                .items(violation)
                                .description("The fields at fault (400, 413, 422); empty otherwise"))
                .required(List.of("type", "title", "status"));
    }
}

package io.customer360.aggregator.api.mcp;

import io.customer360.aggregator.service.context.ContextPackService;
import io.customer360.aggregator.service.provider.ProviderRegistry;
import io.customer360.aggregator.service.view.Focus;
import io.quarkiverse.mcp.server.InputSchemaGenerator;
import io.quarkiverse.mcp.server.OutputSchemaGenerator;
import io.quarkiverse.mcp.server.ToolManager.ToolArgument;
import io.quarkiverse.mcp.server.ToolManager.ToolInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas the MCP tools publish in {@code tools/list}. Input: each argument's type and description as its
 * {@code @ToolArg} states them, plus the limits {@link CustomerTools} enforces (length, pattern, enum, range), so a
 * client knows them before it calls; a value beyond them is refused with a tool error naming the argument. Output: the
 * shape of each tool's {@code structuredContent}, a JSON Schema under {@code src/main/resources/schemas/} (the view's is
 * the seed's format, which the view tests validate real answers against). {@code $schema} and {@code $id} are left
 * out of what is published: MCP clients validate with a draft-07 validator by default, which refuses a 2020-12
 * {@code $schema}; the keywords used mean the same in both drafts.
 */
@Singleton
public class ToolSchemas implements InputSchemaGenerator<JsonObject>, OutputSchemaGenerator {

    /** Markers naming the structured content of a tool, for {@code @Tool(outputSchema = @OutputSchema(from = …))}. */
    public interface CustomerView {}

    public interface ContextPack {}

    public interface TimelinePage {}

    public interface SearchResults {}

    private static final Map<Class<?>, String> OUTPUTS = Map.of(
            CustomerView.class, "schemas/customer-360.schema.json",
            ContextPack.class, "schemas/context-pack.schema.json",
            TimelinePage.class, "schemas/timeline-page.schema.json",
            SearchResults.class, "schemas/search-results.schema.json");

    /** A customer id as {@code CustomerIds} accepts it, in ECMA-262 regex syntax (Java's \s and \p{Cntrl} are ASCII). */
    static final String CUSTOMER_ID_PATTERN = "^[^.*> \\u0000-\\u001F\\u007F]{1,128}$";
    /** The alphabet of the cursors this service issues (base64url without padding), at most 512 characters. */
    static final String CURSOR_PATTERN = "^[A-Za-z0-9_-]*$";

    static final int MAX_CURSOR_LENGTH = 512;

    private final Map<Class<?>, JsonObject> outputs;
    private final List<String> agents;

    ToolSchemas(ProviderRegistry providers) {
        this.agents = List.copyOf(providers.agentTypes());
        Map<Class<?>, JsonObject> loaded = new HashMap<>();
        OUTPUTS.forEach((marker, resource) -> loaded.put(marker, load(resource)));
        this.outputs = Map.copyOf(loaded);
    }

    @Override
    public JsonObject generate(ToolInfo tool) {
        JsonObject properties = new JsonObject();
        JsonArray required = new JsonArray();
        for (ToolArgument argument : tool.arguments()) {
            JsonObject property = new JsonObject()
                    .put("type", jsonType(tool, argument.type()))
                    .put("description", argument.description());
            properties.put(argument.name(), property.mergeIn(limits(tool.name(), argument.name())));
            if (argument.required()) {
                required.add(argument.name());
            }
        }
        return new JsonObject()
                .put("type", "object")
                .put("properties", properties)
                .put("required", required);
    }

    @Override
    public Object generate(Class<?> from) {
        JsonObject schema = outputs.get(from);
        if (schema == null) {
            throw new IllegalArgumentException("No output schema for " + from.getName());
        }
        return schema.copy();
    }

    /** What CustomerTools (and the services behind it) accept for an argument, as JSON Schema keywords. */
    JsonObject limits(String tool, String argument) {
        return switch (argument) {
            case "customerId" ->
                new JsonObject().put("minLength", 1).put("maxLength", 128).put("pattern", CUSTOMER_ID_PATTERN);
            case "agent" ->
                new JsonObject().put("enum", new JsonArray(agents)).put("default", ProviderRegistry.DEFAULT_AGENT);
            case "focus" -> new JsonObject().put("enum", new JsonArray(Focus.AREAS));
            case "purpose" -> new JsonObject().put("maxLength", CustomerTools.MAX_PURPOSE_LENGTH);
            case "maxTokens" ->
                new JsonObject()
                        .put("minimum", ContextPackService.MIN_TOKENS)
                        .put("maximum", ContextPackService.MAX_TOKENS)
                        .put("default", ContextPackService.DEFAULT_TOKENS);
            case "format" ->
                new JsonObject()
                        .put("enum", new JsonArray(List.of("markdown", "json")))
                        .put("default", "markdown");
            case "type" -> new JsonObject().put("maxLength", 64).put("pattern", CustomerTools.EVENT_TYPE.pattern());
            case "cursor" ->
                new JsonObject().put("maxLength", MAX_CURSOR_LENGTH).put("pattern", CURSOR_PATTERN);
            case "query" -> new JsonObject().put("minLength", 1).put("maxLength", CustomerTools.MAX_QUERY_LENGTH);
            case "limit" ->
                switch (tool) {
                    case "get_timeline" ->
                        range(CustomerTools.DEFAULT_TIMELINE_LIMIT, CustomerTools.MAX_TIMELINE_LIMIT);
                    case "search_customers" ->
                        range(CustomerTools.DEFAULT_SEARCH_LIMIT, CustomerTools.MAX_SEARCH_LIMIT);
                    default -> throw new IllegalStateException("No limits for " + tool + "." + argument);
                };
            default -> throw new IllegalStateException("No limits for " + tool + "." + argument);
        };
    }

    private static JsonObject range(int fallback, int max) {
        return new JsonObject().put("minimum", 1).put("maximum", max).put("default", fallback);
    }

    private static String jsonType(ToolInfo tool, Type type) {
        if (type == String.class) {
            return "string";
        }
        if (type == Integer.class || type == int.class) {
            return "integer";
        }
        throw new IllegalStateException(tool.name() + ": no JSON type for an argument of type " + type.getTypeName());
    }

    private static JsonObject load(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            JsonObject schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            schema.remove("$schema");
            schema.remove("$id");
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

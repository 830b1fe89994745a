package io.customer360.aggregator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas the served OpenAPI document publishes the 360 view's sections from: the seed's
 * (customer-360.schema.json: the whole view, its sections up to commercialSummary) and the mesh's extra sections
 * (view-sections.schema.json: successPlan, salesPipeline, securitySummary, enrichment, keyNotes). A view answer is
 * valid when it satisfies both.
 */
public final class ViewSchemas {

    public static final String SEED = "/schemas/customer-360.schema.json";
    public static final String SECTIONS = "/schemas/view-sections.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMAS = Map.of(SEED, load(SEED), SECTIONS, load(SECTIONS));

    private ViewSchemas() {}

    /** Asserts that a view, as the API answered it, satisfies both schemas. */
    public static void assertValid(String view) {
        assertThat(violationsOf(view)).as(view).isEmpty();
    }

    /** What of a JSON document the schema at {@code resource} (SEED or SECTIONS) does not allow, each named by file. */
    public static List<String> violations(String resource, JsonNode document) {
        List<String> violations = new ArrayList<>();
        SCHEMAS.get(resource).validate(document).forEach(v -> violations.add(resource + ": " + v.getMessage()));
        return violations;
    }

    private static List<String> violationsOf(String view) {
        JsonNode document;
        try {
            document = JSON.readTree(view);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The view is not JSON", e);
        }
        List<String> violations = new ArrayList<>(violations(SEED, document));
        violations.addAll(violations(SECTIONS, document));
        return violations;
    }

    private static JsonSchema load(String resource) {
        try (InputStream in = ViewSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.customer360.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.DisallowUnknownJsonMetaSchemaFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.resource.DisallowSchemaLoader;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JSON Schema dialect of tracking plans, offline only. A plan is written by a tenant's admin, so nothing in it may
 * make ingest open a connection or read a file, by any scheme (http, ftp, file, jar, classpath…): a fetch would be a
 * server-side request forgery, a file-probing oracle, and a request thread held by whatever the URL answers.
 * <p>
 * Two locks, each enough on its own: {@link #reachOutside} refuses, before anything compiles, a {@code $schema} that
 * is not one of the drafts the validator implements in code, and any {@code $ref}, {@code $dynamicRef},
 * {@code $recursiveRef} or {@code $id} that is not a fragment of the document itself; and the factory of
 * {@link #compile} knows the drafts without loading them and refuses to load any schema document at all (the
 * validator's loaders that read URLs and the classpath are never reached), so a plan stored before these rules
 * cannot fetch either.
 */
public final class PlanSchemas {

    /** A keyword that would reach outside the plan, and why it is refused. */
    public record Refusal(String field, String message) {}

    private static final List<String> DRAFT_IDS =
            List.of(SchemaId.V4, SchemaId.V6, SchemaId.V7, SchemaId.V201909, SchemaId.V202012);
    /** Each draft's URI as people write it: http or https, with or without the empty fragment. */
    private static final Set<String> KNOWN_DRAFTS = DRAFT_IDS.stream()
            .map(id -> id.endsWith("#") ? id.substring(0, id.length() - 1) : id)
            .map(id -> id.substring(id.indexOf("://")))
            .flatMap(rest -> Stream.of("http" + rest, "https" + rest, "http" + rest + "#", "https" + rest + "#"))
            .collect(Collectors.toUnmodifiableSet());

    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.builder()
            .defaultMetaSchemaIri(SchemaId.V202012)
            // the drafts' vocabularies are code in the validator: naming one reads nothing
            .metaSchemas(List.of(
                    JsonMetaSchema.getV4(),
                    JsonMetaSchema.getV6(),
                    JsonMetaSchema.getV7(),
                    JsonMetaSchema.getV201909(),
                    JsonMetaSchema.getV202012()))
            // any other meta-schema would be loaded from its URI
            .metaSchemaFactory(DisallowUnknownJsonMetaSchemaFactory.getInstance())
            // asked first, it throws for every URI, so the validator's own URL and classpath loaders are never asked
            .schemaLoaders(loaders -> loaders.add(DisallowSchemaLoader.getInstance()))
            .build();

    private PlanSchemas() {}

    /** Compiles a plan; a plan that needs any document but itself fails here instead of loading it. */
    public static JsonSchema compile(JsonNode schema) {
        return FACTORY.getSchema(schema);
    }

    /**
     * The first keyword of the plan that names something outside it, or null. Checked wherever the key appears (a
     * property that happens to be called {@code $ref} is refused too: the walk does not guess which objects are
     * schemas).
     */
    public static Refusal reachOutside(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                Refusal refusal = refusal(field.getKey(), field.getValue());
                if (refusal == null) {
                    refusal = reachOutside(field.getValue());
                }
                if (refusal != null) {
                    return refusal;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                Refusal refusal = reachOutside(element);
                if (refusal != null) {
                    return refusal;
                }
            }
        }
        return null;
    }

    // the value is never echoed: the answer must not differ with what the URI points at, nor reflect it
    private static Refusal refusal(String key, JsonNode value) {
        if (key.equals("$schema") && !(value.isTextual() && KNOWN_DRAFTS.contains(value.textValue()))) {
            return new Refusal(
                    "$schema",
                    "must name a draft the validator implements (draft-04, draft-06, draft-07, "
                            + "2019-09, 2020-12, as https://json-schema.org/draft/2020-12/schema); no other meta-schema is "
                            + "loaded");
        }
        if (REFERENCES.contains(key) && !isFragment(value)) {
            return new Refusal(key, "only references within the plan (#...) are allowed; nothing is fetched");
        }
        if (key.equals("$id") && !isFragment(value)) {
            return new Refusal(
                    "$id",
                    "only a fragment (#name) is allowed: a URI would move the plan's references " + "outside it");
        }
        return null;
    }

    /** Why the validator refused a plan, in its own words when they name no Java class; never a stack trace. */
    public static String reason(JsonSchemaException e) {
        String message =
                e.getValidationMessage() != null ? e.getValidationMessage().getMessage() : null;
        if (message == null
                || message.contains("Exception")
                || message.contains("java.")
                || message.contains("com.networknt")) {
            return "it cannot be compiled";
        }
        return message;
    }

    private static boolean isFragment(JsonNode value) {
        return value.isTextual() && value.textValue().startsWith("#");
    }
}

package io.customer360.ingest.api;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import io.customer360.common.api.ProblemException;
import io.customer360.common.testing.Refusals;
import io.customer360.common.testing.RequestBodies;
import io.customer360.ingest.service.TrackingPlanGate;
import java.io.IOException;
import java.util.List;

/**
 * Whatever an admin PUTs as a tracking plan, it is refused with a 400 naming the field (or a 413), or it is a schema
 * intake can compile and check events against without throwing: a saved plan must never break intake.
 */
class TrackingPlanSchemaFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> EVENT_DATA = List.of(
            tree("{}"),
            tree("{\"amount\":12.5,\"sku\":\"A-1\",\"items\":[{\"qty\":1}]}"),
            tree("[1,\"a\",null]"),
            tree("\"text\""),
            tree("1e308"),
            tree("{\"nested\":{\"deeper\":{\"deepest\":[[[]]]}}}"));

    @FuzzTest(maxDuration = "15s")
    void aPlanIsRefusedNamingTheFieldOrUsable(byte[] body) {
        JsonNode schema = RequestBodies.tree(body).orElse(null);
        if (schema == null) {
            return;
        }
        try {
            TrackingPlanResource.checkSchema(schema);
        } catch (ProblemException refused) {
            if (refused.problem().status() != 413) {
                Refusals.assertNamesOneOf(refused, "body", "$schema", "$ref", "$dynamicRef", "$recursiveRef", "$id");
            }
            return;
        }
        JsonSchema compiled = TrackingPlanGate.compile(schema);
        for (JsonNode data : EVENT_DATA) {
            assertThatCode(() -> TrackingPlanGate.violations(compiled, data)).doesNotThrowAnyException();
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}

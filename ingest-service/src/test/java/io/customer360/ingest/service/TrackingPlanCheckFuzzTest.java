package io.customer360.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import io.customer360.ingest.domain.FieldError;
import io.customer360.ingest.domain.RejectReason;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Whatever {@code data} a partner sends, checking it against a tenant's plan answers violations (each naming a path
 * under {@code data}, so the dead letter says what to fix), never an exception. The first byte picks one of the plans
 * below, the rest is the event's data.
 */
class TrackingPlanCheckFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonSchema> PLANS = List.of(plan("""
                    {"type":"object","required":["amount","currency"],"additionalProperties":false,
                     "properties":{"amount":{"type":"number","minimum":0,"exclusiveMaximum":1e9},
                                   "currency":{"enum":["EUR","USD"]},"coupon":{"type":["string","null"],"maxLength":32}}}"""), plan("""
                    {"type":"object","properties":{"items":{"type":"array","minItems":1,"maxItems":100,"uniqueItems":true,
                     "items":{"$ref":"#/$defs/item"}}},"$defs":{"item":{"type":"object","required":["sku"],
                     "properties":{"sku":{"type":"string","pattern":"^[A-Z]{1,8}-[0-9]{1,8}$"},"qty":{"type":"integer"}}}}}"""), plan("""
                    {"oneOf":[{"type":"object","required":["ticket_id"]},{"type":"object","required":["email"],
                     "properties":{"email":{"type":"string","format":"email"},"at":{"type":"string","format":"date-time"}}}]}"""), plan("""
                    {"$defs":{"node":{"type":"object","properties":{"child":{"$ref":"#/$defs/node"}}}},"$ref":"#/$defs/node"}"""), plan("""
                    {"type":"object","patternProperties":{"^x_":{"type":"string"}},"propertyNames":{"maxLength":16},
                     "dependentRequired":{"discount":["coupon"]},"if":{"required":["refund"]},"then":{"required":["reason"]}}"""));
    private static final EventParser PARSER = new EventParser(32);

    @FuzzTest(maxDuration = "15s")
    void violationsNameAPathUnderData(byte[] input) {
        if (input.length == 0) {
            return;
        }
        JsonSchema plan = PLANS.get(Byte.toUnsignedInt(input[0]) % PLANS.size());
        JsonNode data = PARSER.parse(Arrays.copyOfRange(input, 1, input.length)).tree();
        if (data == null) {
            return; // intake rejects it before any plan is consulted
        }
        List<FieldError> errors = TrackingPlanGate.violations(plan, data);
        assertThat(errors).allSatisfy(error -> {
            assertThat(error.field()).matches("(?s)data([.\\[].*)?");
            assertThat(error.message()).isNotBlank();
            assertThat(error.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        });
    }

    private static JsonSchema plan(String schema) {
        try {
            return TrackingPlanGate.compile(JSON.readTree(schema));
        } catch (IOException e) {
            throw new IllegalArgumentException(schema, e);
        }
    }
}

package io.customer360.common.contract.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One source's newest value of a field reported per source (ARR, seats, contract dates, a contact's role), under a
 * record's {@code sources.<field>}. {@code value} has the field's own type (a number, a date, a code), so it stays JSON.
 */
@RegisterForReflection
@Schema(name = "ReportedValue", description = "One source's newest value of a field reported per source")
public record ReportedValue(
        @Schema(required = true, description = "The source that reported it")
        String source,

        @Schema(required = true, ref = "JsonNode", description = "The value, of the field's type (null included)")
        JsonNode value,

        @Schema(required = true, nullable = true, description = "When the event happened (UTC)")
        String at,

        @Schema(required = true, nullable = true) String eventId) {}

package io.customer360.common.contract.messages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code data} of a {@link NormalizedEvent} of type {@value #EVENT_TYPE}: ingest-service's Segment intake asks
 * profile-service to merge the anonymous profile {@code anonymousCustomerId} into the customer the event names. Only
 * ingest-service publishes it (a partner event of this type is refused), and profile-service merges only an anonymous
 * profile ({@value #ANONYMOUS_PREFIX}…) so: a stitch never joins two known customers. {@code anonymousId} is Segment's
 * anonymous id as received, for the record.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record IdentityStitched(
        @JsonProperty(ANONYMOUS_CUSTOMER_ID) String anonymousCustomerId,
        @JsonProperty(ANONYMOUS_ID) String anonymousId) {

    /** The reserved event type of a stitch. */
    public static final String EVENT_TYPE = "identity_stitched";
    /** Every anonymous profile's customer id starts so. */
    public static final String ANONYMOUS_PREFIX = "anon-";

    private static final String ANONYMOUS_CUSTOMER_ID = "anonymous_customer_id";
    private static final String ANONYMOUS_ID = "anonymous_id";

    /** The stitch as its event's {@code data}. */
    public ObjectNode toData() {
        return JsonNodeFactory.instance
                .objectNode()
                .put(ANONYMOUS_CUSTOMER_ID, anonymousCustomerId)
                .put(ANONYMOUS_ID, anonymousId);
    }

    /** The stitch an event's {@code data} holds; a member that is missing or not a string reads as null. */
    public static IdentityStitched fromData(JsonNode data) {
        return new IdentityStitched(text(data, ANONYMOUS_CUSTOMER_ID), text(data, ANONYMOUS_ID));
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data == null ? null : data.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
